"""Review reminders with an injected clock: one DM a day at the learner's local time when reviews are due, exactly
once across restarts and crashes, daylight-saving days, closed DMs, a changed zone, days the bot missed."""

from __future__ import annotations

import asyncio
import random
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.app import build_app
from bot.domain.errors import BadTime, BadTimezone, RemindersNotSet
from bot.services.posting import PostFailed, PostRefused
from bot.services.reminders import DEFAULT_TIME, DMS_CLOSED, Reminder
from tests.conftest import make_settings
from tests.services.test_quiz_service import wrong_response

USER, OTHER = 7001, 7002
MADRID, NEW_YORK = ZoneInfo("Europe/Madrid"), ZoneInfo("America/New_York")


class Crash(BaseException):
    """The process dies: nothing in the bot catches it."""


class Inbox:
    """Our own stand-in for the Discord adapter's sender: it keeps the DMs it was asked to send."""

    def __init__(self):
        self.messages: list[Reminder] = []
        self.sends = 0
        self.finds = 0
        self.refuse: str | None = None
        self.fail_before_send = 0  # outages: nothing sent
        self.fail_after_send = 0  # timeouts: sent, but the answer was lost
        self.crash_after_send = False  # the process dies once the DM is out

    async def send(self, reminder: Reminder) -> int:
        self.sends += 1
        if self.refuse:
            raise PostRefused(self.refuse)
        if self.fail_before_send:
            self.fail_before_send -= 1
            raise PostFailed("503 from Discord")
        self.messages.append(reminder)
        if self.fail_after_send:
            self.fail_after_send -= 1
            raise PostFailed("timed out")
        if self.crash_after_send:
            self.crash_after_send = False
            raise Crash()
        return len(self.messages)

    async def find(self, reminder: Reminder, since: datetime) -> int | None:
        self.finds += 1
        for number, message in enumerate(self.messages, 1):
            if message.user_id == reminder.user_id and message.marker == reminder.marker:
                return number
        return None

    def days(self, user: int = USER) -> list[date]:
        return [m.local_date for m in self.messages if m.user_id == user]


@pytest.fixture
def inbox() -> Inbox:
    return Inbox()


def at(clock, local: str, tz: ZoneInfo = MADRID) -> None:
    clock.set(datetime.fromisoformat(local).replace(tzinfo=tz).astimezone(UTC))


async def miss(app, user: int = USER, count: int = 2) -> list[str]:
    """`count` questions answered wrong now: each is due for review a minute later."""
    items = list(app.course.catalog.items.values())[:count]
    for item in items:
        view = await app.quiz.start(user_id=user, lang="en", length=1, items=[item])
        await app.quiz.answer(view.session_id, 0, user, wrong_response(view))
    return [item.id for item in items]


async def test_a_dm_at_the_learners_local_time_with_the_reviews_due_and_their_topics(app, clock, inbox):
    at(clock, "2026-03-02T10:00")
    missed = await miss(app, count=3)
    status = await app.reminders.turn_on(USER, "18:00", "Europe/Madrid")
    assert (status.enabled, status.timezone, status.problem, status.last_sent_on) == (True, "Europe/Madrid", None,
                                                                                       None)
    assert status.next_local.isoformat() == "2026-03-02T18:00:00+01:00"
    assert status.next_at == datetime(2026, 3, 2, 17, 0, tzinfo=UTC)
    at(clock, "2026-03-02T17:59:59")
    assert await app.reminders.run_due(inbox) == 0 and inbox.sends == 0
    at(clock, "2026-03-02T18:00")
    assert await app.reminders.run_due(inbox) == 1
    assert await app.reminders.run_due(inbox) == 0
    [dm] = inbox.messages
    topics = [t for item in missed for t in app.course.catalog.items[item].topics]
    assert (dm.user_id, dm.local_date, dm.due, dm.lang) == (USER, date(2026, 3, 2), 3, "en")
    assert set(dm.topic_ids) == set(topics) and dm.topic_ids[0] == max(set(topics), key=topics.count)
    assert dm.marker == "2026-03-02" and len(dm.nonce) <= 25
    status = await app.reminders.status(USER)
    assert status.last_sent_on == date(2026, 3, 2)
    assert status.next_local.isoformat() == "2026-03-03T18:00:00+01:00"


async def test_nothing_due_sends_nothing_and_waits_for_the_next_day(app, clock, inbox):
    at(clock, "2026-03-02T10:00")
    await app.reminders.turn_on(USER, "18:00", "Europe/Madrid")
    # a card for a question the course no longer has is not a review /review would serve
    await app.db.execute("INSERT INTO review_cards (user_id, item_id, state, due) VALUES (?, 'gone-item', 1, ?)",
                         (USER, "2026-03-01T00:00:00+00:00"))
    at(clock, "2026-03-02T18:00")
    assert await app.reminders.run_due(inbox) == 0 and inbox.sends == 0
    status = await app.reminders.status(USER)
    assert status.next_local.isoformat() == "2026-03-03T18:00:00+01:00" and status.last_sent_on is None
    at(clock, "2026-03-02T19:00")
    await miss(app)  # due the same evening: the day's check is done, tomorrow's DM tells of them
    assert await app.reminders.run_due(inbox) == 0
    at(clock, "2026-03-03T18:00")
    assert await app.reminders.run_due(inbox) == 1 and inbox.days() == [date(2026, 3, 3)]


async def test_the_dm_in_the_learners_language_and_the_default_time_in_their_zone(app, clock, inbox):
    await app.learners.ensure(USER, "es-ES")
    at(clock, "2026-03-02T10:00")
    await miss(app)
    await app.reminders.turn_on(USER, "07:30", "Europe/Madrid")
    at(clock, "2026-03-03T07:30")
    assert await app.reminders.run_due(inbox) == 1 and inbox.messages[0].lang == "es"
    again = await app.reminders.turn_on(USER)  # no time given: the default, in the zone set before
    assert (again.local_time.strftime("%H:%M"), again.timezone) == (DEFAULT_TIME, "Europe/Madrid")
    assert again.next_local.isoformat() == "2026-03-04T18:00:00+01:00"  # today had its DM, at 07:30
    status = await app.reminders.turn_on(OTHER)  # no zone set: UTC
    assert status.timezone == "UTC" and status.next_at == datetime(2026, 3, 3, 18, 0, tzinfo=UTC)


async def test_once_a_day_across_a_restart(app, clock, inbox, tmp_path, course_copy, database_target):
    at(clock, "2026-03-02T10:00")
    await miss(app)
    await app.reminders.turn_on(USER, "18:00", "Europe/Madrid")
    at(clock, "2026-03-02T18:00:30")
    assert await app.reminders.run_due(inbox) == 1
    await app.close()
    again = await build_app(make_settings(tmp_path, course_copy, TUTOR_DATABASE=database_target), clock=clock,
                            rng=random.Random(1))
    try:
        at(clock, "2026-03-02T18:05")
        assert await again.reminders.run_due(inbox) == 0
        await again.reminders.turn_on(USER, "20:00")  # a later time the same day: that day had its DM
        at(clock, "2026-03-02T20:00")
        assert await again.reminders.run_due(inbox) == 0
        assert inbox.days() == [date(2026, 3, 2)]
        at(clock, "2026-03-03T20:00")
        assert await again.reminders.run_due(inbox) == 1
    finally:
        await again.close()


async def test_a_crash_after_the_dm_went_out_sends_no_second_one(app, clock, inbox, tmp_path, course_copy,
                                                                  database_target):
    at(clock, "2026-03-02T10:00")
    await miss(app)
    await app.reminders.turn_on(USER, "18:00", "Europe/Madrid")
    at(clock, "2026-03-02T18:00")
    inbox.crash_after_send = True
    with pytest.raises(Crash):
        await app.reminders.run_due(inbox)
    await app.close()
    again = await build_app(make_settings(tmp_path, course_copy, TUTOR_DATABASE=database_target), clock=clock)
    try:
        clock.advance(minutes=1)  # the claim is younger than its lease: another process may be sending it
        assert await again.reminders.run_due(inbox) == 0 and inbox.finds == 0
        clock.advance(minutes=2)
        assert await again.reminders.run_due(inbox) == 1  # found in the DMs, recorded as sent
        assert len(inbox.messages) == 1 and inbox.sends == 1 and inbox.finds == 1
        assert (await again.reminders.status(USER)).last_sent_on == date(2026, 3, 2)
    finally:
        await again.close()


async def test_a_claim_whose_dm_never_reached_discord_is_sent_once_after_restart(app, clock, inbox):
    at(clock, "2026-03-02T10:00")
    await miss(app)
    await app.reminders.turn_on(USER, "18:00", "Europe/Madrid")
    at(clock, "2026-03-02T18:00")
    assert await app.reminders.repo.claim(USER, date(2026, 3, 2), clock.now())  # then the process died
    clock.advance(minutes=3)
    assert await app.reminders.run_due(inbox) == 1
    assert inbox.days() == [date(2026, 3, 2)] and inbox.finds == 1 and inbox.sends == 1


async def test_a_claim_younger_than_its_lease_is_left_to_the_process_that_made_it(app, clock, inbox):
    at(clock, "2026-03-02T10:00")
    await miss(app)
    await app.reminders.turn_on(USER, "18:00", "Europe/Madrid")
    at(clock, "2026-03-02T18:00")
    await app.reminders.repo.take_due(clock.now(), clock.now() + timedelta(minutes=2))  # another process took it
    at(clock, "2026-03-02T18:01:30")
    await app.reminders.repo.claim(USER, date(2026, 3, 2), clock.now())  # and is sending it, slowly
    at(clock, "2026-03-02T18:02:10")  # its reminder's lease is over, its claim's is not
    assert await app.reminders.run_due(inbox) == 0 and (inbox.sends, inbox.finds) == (0, 0)
    assert (await app.reminders.status(USER)).next_local.isoformat() == "2026-03-02T18:03:30+01:00"
    clock.set((await app.reminders.status(USER)).next_at)  # it died: its DM is not there, so it goes now
    assert await app.reminders.run_due(inbox) == 1 and (inbox.sends, inbox.finds) == (1, 1)


async def test_a_timeout_after_sending_is_confirmed_by_finding_the_dm(app, clock, inbox):
    at(clock, "2026-03-02T10:00")
    await miss(app)
    await app.reminders.turn_on(USER, "18:00", "Europe/Madrid")
    at(clock, "2026-03-02T18:00")
    inbox.fail_after_send = 1
    assert await app.reminders.run_due(inbox) == 0
    assert (await app.reminders.status(USER)).next_local.isoformat() == "2026-03-02T18:05:00+01:00"
    clock.advance(minutes=5)
    assert await app.reminders.run_due(inbox) == 1
    assert len(inbox.messages) == 1 and inbox.finds == 1


async def test_a_passing_failure_is_retried_within_the_day_then_given_up(app, clock, inbox):
    at(clock, "2026-03-02T10:00")
    await miss(app)
    await app.reminders.turn_on(USER, "18:00", "Europe/Madrid")
    at(clock, "2026-03-02T18:00")
    inbox.fail_before_send = 2
    for _ in range(3):
        await app.reminders.run_due(inbox)
        clock.advance(minutes=5)
    assert inbox.days() == [date(2026, 3, 2)] and inbox.sends == 3
    await app.reminders.turn_on(USER, "23:58")
    at(clock, "2026-03-03T23:58")
    inbox.fail_before_send = 5
    assert await app.reminders.run_due(inbox) == 0
    status = await app.reminders.status(USER)  # no retry past the day's end: tomorrow's check is next
    assert status.next_local.isoformat() == "2026-03-04T23:58:00+01:00" and inbox.sends == 4


async def test_days_the_bot_missed_whole_are_skipped_and_a_late_start_sends_within_the_day(app, clock, inbox):
    at(clock, "2026-03-02T10:00")
    await miss(app)
    await app.reminders.turn_on(USER, "18:00", "Europe/Madrid")
    at(clock, "2026-03-02T22:30")  # down at 18:00, back the same evening: still that day's reminder
    assert await app.reminders.run_due(inbox) == 1
    at(clock, "2026-03-05T12:00")  # down through the 3rd and the 4th: no burst of old reminders
    assert await app.reminders.run_due(inbox) == 0
    status = await app.reminders.status(USER)
    assert status.next_local.isoformat() == "2026-03-05T18:00:00+01:00"
    at(clock, "2026-03-05T18:00")
    assert await app.reminders.run_due(inbox) == 1
    assert inbox.days() == [date(2026, 3, 2), date(2026, 3, 5)]


async def test_the_dm_comes_at_the_wall_clock_time_across_madrids_spring_forward(app, clock, inbox):
    at(clock, "2026-03-28T10:00")
    await app.reminders.turn_on(USER, "18:00", "Europe/Madrid")
    sent_at = []
    for day in (28, 29, 30):  # the clocks go forward on Sunday the 29th
        at(clock, f"2026-03-{day}T10:00")
        await miss(app)
        assert await app.reminders.run_due(inbox) == 0
        status = await app.reminders.status(USER)
        clock.set(status.next_at)
        if await app.reminders.run_due(inbox):
            sent_at.append(clock.now().astimezone(MADRID).isoformat())
    assert sent_at == ["2026-03-28T18:00:00+01:00", "2026-03-29T18:00:00+02:00", "2026-03-30T18:00:00+02:00"]


async def test_new_york_a_time_in_the_spring_gap_and_one_that_happens_twice_in_the_fall(app, clock, inbox):
    at(clock, "2026-03-07T12:00", NEW_YORK)
    await miss(app)
    status = await app.reminders.turn_on(USER, "02:30", "America/New_York")
    at(clock, "2026-03-08T01:00", NEW_YORK)
    assert await app.reminders.run_due(inbox) == 0
    status = await app.reminders.status(USER)  # 02:30 does not exist on the 8th: the first moment after it
    assert status.next_local.isoformat() == "2026-03-08T03:00:00-04:00"
    clock.set(status.next_at)
    assert await app.reminders.run_due(inbox) == 1

    at(clock, "2026-10-31T12:00", NEW_YORK)
    await app.reminders.turn_on(USER, "01:30")
    await miss(app)
    first = datetime(2026, 11, 1, 5, 30, tzinfo=UTC)  # 01:30 EDT; the clocks go back at 02:00 to 01:00 EST
    assert (await app.reminders.status(USER)).next_at == first
    clock.set(first)
    assert await app.reminders.run_due(inbox) == 1
    clock.set(first + timedelta(hours=1))  # 01:30 again, EST
    assert await app.reminders.run_due(inbox) == 0
    assert inbox.days() == [date(2026, 3, 8), date(2026, 11, 1)]


async def test_closed_dms_stop_the_reminders_after_one_try_until_turned_on_again(app, clock, inbox):
    at(clock, "2026-03-02T10:00")
    await miss(app)
    await app.reminders.turn_on(USER, "18:00", "Europe/Madrid")
    inbox.refuse = DMS_CLOSED
    at(clock, "2026-03-02T18:00")
    assert await app.reminders.run_due(inbox) == 0 and inbox.sends == 1
    status = await app.reminders.status(USER)
    assert status.problem == DMS_CLOSED and status.next_at is None and status.enabled
    assert await app.reminders.next_wake() is None
    for day in (3, 4):
        at(clock, f"2026-03-0{day}T18:00")
        assert await app.reminders.run_due(inbox) == 0
    assert inbox.sends == 1  # one try, no retries
    assert await app.reminders.untold_problem(USER) == DMS_CLOSED
    assert await app.reminders.untold_problem(USER) is None  # told once
    exported = await app.learners.export(USER)
    assert [(r["status"], r["note"]) for r in exported["reminder_sends"]] == [("failed", DMS_CLOSED)]
    inbox.refuse = None  # the learner opened their DMs and turns reminders on again
    status = await app.reminders.turn_on(USER)
    assert status.problem is None and status.next_local.isoformat() == "2026-03-05T18:00:00+01:00"
    at(clock, "2026-03-05T18:00")
    assert await app.reminders.run_due(inbox) == 1 and inbox.days() == [date(2026, 3, 5)]


class Counted:
    """The app's database, counting the trips made through it."""

    def __init__(self, db):
        self.db = db
        self.trips = 0

    def __getattr__(self, name):
        self.trips += 1
        return getattr(self.db, name)


async def test_any_refused_dm_stops_them_as_closed_dms_the_one_problem_a_learner_is_told(app, clock, inbox):
    at(clock, "2026-03-02T10:00")
    await miss(app)
    await app.reminders.turn_on(USER, "18:00", "Europe/Madrid")
    inbox.refuse = "channel_gone"  # a DM channel Discord no longer knows
    at(clock, "2026-03-02T18:00")
    await app.reminders.run_due(inbox)
    assert (await app.reminders.status(USER)).problem == DMS_CLOSED
    assert await app.reminders.untold_problem(USER) == DMS_CLOSED


async def test_untold_problem_costs_no_trip_for_learners_with_nothing_to_tell(app, clock, inbox):
    at(clock, "2026-03-02T10:00")
    await miss(app)
    await app.reminders.turn_on(USER, "18:00", "Europe/Madrid")
    await app.reminders.turn_on(OTHER, "18:00", "Europe/Madrid")
    inbox.refuse = DMS_CLOSED
    at(clock, "2026-03-02T18:00")
    await app.reminders.run_due(inbox)  # a scheduler wake: the set is read
    counted = app.reminders.repo.db = Counted(app.reminders.repo.db)
    for user in [OTHER, *range(1, 500)]:
        assert await app.reminders.untold_problem(user) is None
    assert counted.trips == 0
    assert await app.reminders.untold_problem(USER) == DMS_CLOSED and counted.trips > 0


async def test_a_problem_recorded_by_another_process_is_told_on_the_first_command_a_minute_on(
        app, clock, inbox, tmp_path, course_copy, database_target):
    """No scheduler wake here (it may be an hour away): the learner's next command, a minute on, tells them; the
    commands in between cost nothing, and those that find the set old share one read."""
    at(clock, "2026-03-02T10:00")
    await miss(app)
    await app.reminders.turn_on(USER, "18:00", "Europe/Madrid")
    at(clock, "2026-03-02T18:00")
    assert await app.reminders.untold_problem(USER) is None  # the set is read: nothing to tell yet
    other = await build_app(make_settings(tmp_path, course_copy, TUTOR_DATABASE=database_target), clock=clock)
    try:
        inbox.refuse = DMS_CLOSED
        await other.reminders.run_due(inbox)
        assert inbox.sends == 1
    finally:
        await other.close()
    counted = app.reminders.repo.db = Counted(app.reminders.repo.db)
    at(clock, "2026-03-02T18:00:59")
    assert await app.reminders.untold_problem(OTHER) is None and counted.trips == 0
    at(clock, "2026-03-02T18:01")
    assert await asyncio.gather(*(app.reminders.untold_problem(user) for user in range(1, 50))) == [None] * 49
    assert counted.trips == 1
    assert await app.reminders.untold_problem(USER) == DMS_CLOSED
    assert await app.reminders.untold_problem(USER) is None  # told once


async def test_a_changed_zone_moves_the_next_reminder(app, clock, inbox):
    at(clock, "2026-03-02T10:00")
    await miss(app)
    await app.reminders.turn_on(USER, "18:00", "Europe/Madrid")
    await app.reminders.set_zone(USER, "America/New_York")  # /mydata timezone
    status = await app.reminders.status(USER)
    assert status.timezone == "America/New_York"
    assert status.next_local.isoformat() == "2026-03-02T18:00:00-05:00"
    at(clock, "2026-03-02T18:00")  # Madrid's 18:00: nothing
    assert await app.reminders.run_due(inbox) == 0
    at(clock, "2026-03-02T18:00", NEW_YORK)
    assert await app.reminders.run_due(inbox) == 1
    await app.reminders.zone_changed(OTHER)  # never turned on: nothing to move


async def test_off_stops_them_and_bad_input_saves_nothing(app, clock, inbox):
    with pytest.raises(RemindersNotSet):
        await app.reminders.turn_off(USER)
    with pytest.raises(RemindersNotSet):
        await app.reminders.status(USER)
    with pytest.raises(BadTime):
        await app.reminders.turn_on(USER, "25:00", "Europe/Madrid")
    with pytest.raises(BadTimezone):
        await app.reminders.turn_on(USER, "18:00", "Mars/Olympus")
    with pytest.raises(RemindersNotSet):
        await app.reminders.status(USER)
    assert str(await app.learners.zone(USER)) == "UTC"
    at(clock, "2026-03-02T10:00")
    await miss(app)
    await app.reminders.turn_on(USER, "18:00", "Europe/Madrid")
    await app.reminders.turn_off(USER)
    status = await app.reminders.status(USER)
    assert not status.enabled and status.next_at is None
    at(clock, "2026-03-02T18:00")
    assert await app.reminders.run_due(inbox) == 0 and await app.reminders.next_wake() is None
    await app.reminders.zone_changed(USER)  # off: stays off
    assert await app.reminders.next_wake() is None


async def test_mydata_exports_and_deletes_the_reminders(app, clock, inbox):
    at(clock, "2026-03-02T10:00")
    await miss(app)
    await app.reminders.turn_on(USER, "18:00", "Europe/Madrid")
    at(clock, "2026-03-02T18:00")
    await app.reminders.run_due(inbox)
    exported = await app.learners.export(USER)
    assert [r["local_time"] for r in exported["reminders"]] == ["18:00"]
    assert [(r["local_date"], r["status"]) for r in exported["reminder_sends"]] == [("2026-03-02", "sent")]
    await app.learners.delete(USER)
    exported = await app.learners.export(USER)
    assert exported["reminders"] == [] and exported["reminder_sends"] == []
    with pytest.raises(RemindersNotSet):
        await app.reminders.status(USER)
    at(clock, "2026-03-03T18:00")
    assert await app.reminders.run_due(inbox) == 0 and await app.reminders.next_wake() is None


class SlowInbox(Inbox):
    """An inbox whose sends take a moment, so that two processes' work interleaves."""

    async def send(self, reminder: Reminder) -> int:
        await asyncio.sleep(0.002)
        return await super().send(reminder)


class Checked:
    """A progress repository noting whose due reviews are read."""

    def __init__(self, progress, checked: list[int]):
        self.progress = progress
        self.checked = checked

    async def due_items(self, user_id, *args):
        self.checked.append(user_id)
        return await self.progress.due_items(user_id, *args)


async def test_two_processes_on_one_postgresql_database_send_each_reminder_once(postgres_dsn, tmp_path,
                                                                                 course_copy, clock):
    apps = [await build_app(make_settings(tmp_path, course_copy, TUTOR_DATABASE=postgres_dsn), clock=clock)
            for _ in range(2)]
    try:
        at(clock, "2026-03-02T10:00")
        learners = range(100, 140)
        item = next(iter(apps[0].course.catalog.items))
        for user in learners:
            await apps[0].reminders.turn_on(user, "18:00", "Europe/Madrid")
        await apps[0].db.executemany(
            "INSERT INTO review_cards (user_id, item_id, state, due) VALUES (?, ?, 1, ?)",
            [(user, item, "2026-03-02T09:00:00+00:00") for user in learners])
        checked: list[int] = []  # the learners whose reviews a process counted, by either process
        for app in apps:
            app.reminders.progress = Checked(app.reminders.progress, checked)
        at(clock, "2026-03-02T18:00")
        inboxes = [SlowInbox(), SlowInbox()]
        pairs = list(zip(apps, inboxes, strict=True))
        sent = await asyncio.gather(*(app.reminders.run_due(inbox, batch=5) for app, inbox in pairs))
        dms = sorted(m.user_id for inbox in inboxes for m in inbox.messages)
        assert dms == list(learners) and sum(sent) == len(learners)
        assert all(sent) and sum(inbox.finds for inbox in inboxes) == 0  # both took a share
        assert sorted(checked) == list(learners)  # each reminder was taken by one process: none checked twice
        clock.advance(minutes=10)
        assert await asyncio.gather(*(app.reminders.run_due(inbox) for app, inbox in pairs)) == [0, 0]
    finally:
        for app in apps:
            await app.close()
