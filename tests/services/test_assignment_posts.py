"""An assignment's reminder and summary (both engines, an injected clock): the channel is reminded a day before the
due time, once, even with two processes at it or after a crash; an assignment set less than a day ahead gets
none; after the due time its moderator gets the summary (in the channel when their DMs are closed), once, with
its figures worked out by hand below; a process does only its own shards' servers."""

from __future__ import annotations

import asyncio
import random
from datetime import UTC, datetime, timedelta

import pytest

from bot.app import build_app
from bot.domain.shards import Shards, shard_of
from bot.services.assignment_posts import AssignmentReminder, AssignmentSummary
from bot.services.posting import PostFailed, PostRefused
from tests.conftest import make_settings
from tests.services.test_assignments import ANA, BEN, CAL, CHANNEL, DAN, MOD, assign, take

DUE = datetime(2026, 3, 9, 17, 0, tzinfo=UTC)  # 2026-03-09 18:00 in Madrid
REMIND_AT = DUE - timedelta(days=1)


class Crash(BaseException):
    """The process dies: nothing in the bot catches it."""


class Channel:
    """Our stand-in for the Discord adapter: what it posted, and where."""

    def __init__(self):
        self.reminders: list[AssignmentReminder] = []
        self.summaries: list[tuple[AssignmentSummary, bool]] = []
        self.finds = 0
        self.dms_closed = False
        self.fail_after_send = 0
        self.crash_after_send = False

    async def remind(self, reminder):
        await asyncio.sleep(0)  # another process may come in here
        self.reminders.append(reminder)
        return self._sent()

    async def find_reminder(self, reminder, since):
        self.finds += 1
        return next((n for n, r in enumerate(self.reminders, 1) if r.marker == reminder.marker), None)

    async def send_summary(self, summary, to_channel):
        if self.dms_closed and not to_channel:
            raise PostRefused("dms_closed")
        self.summaries.append((summary, to_channel))
        return self._sent()

    async def find_summary(self, summary, since):
        self.finds += 1
        return next((n for n, (s, _) in enumerate(self.summaries, 1) if s.marker == summary.marker), None)

    def _sent(self) -> int:
        if self.crash_after_send:
            self.crash_after_send = False
            raise Crash()
        if self.fail_after_send:
            self.fail_after_send -= 1
            raise PostFailed("timed out")
        return 1000 + len(self.reminders) + len(self.summaries)


@pytest.fixture
def channel() -> Channel:
    return Channel()


async def test_the_channel_is_reminded_once_a_day_before_and_the_summary_follows_the_due_time(app, clock, channel):
    made = await assign(app)
    posts = app.assignment_posts
    assert await posts.next_wake() == REMIND_AT
    clock.set(REMIND_AT - timedelta(seconds=1))
    assert await posts.run_due(channel) == 0 and channel.reminders == []
    clock.set(REMIND_AT)
    assert await posts.run_due(channel) == 1
    assert await posts.run_due(channel) == 0
    [reminder] = channel.reminders
    assert reminder.assignment.id == made.id and reminder.marker == f"#{made.id}"
    assert await posts.next_wake() == DUE and channel.summaries == []
    clock.set(DUE)
    assert await posts.run_due(channel) == 1 and await posts.run_due(channel) == 0
    [(summary, in_channel)] = channel.summaries
    assert not in_channel and summary.assignment.created_by == MOD and summary.finished == []
    assert await posts.next_wake() is None
    row = await app.db.fetchone("SELECT stage, reminder_message_id, summary_sent_to FROM assignments")
    assert tuple(row) == ("done", 1001, "dm")


async def test_the_summary_gives_who_finished_who_did_not_the_average_and_the_hardest_question(app, clock, channel):
    made = await assign(app)
    first, second, third = made.row.items
    await take(app, made.id, ANA, "rrw")  # 2 of 3, missed the third
    await take(app, made.id, BEN, "wwr")  # 1 of 3, missed the first two
    await take(app, made.id, CAL, "w")  # started, missed the first, did not finish
    # DAN never starts it
    clock.set(DUE)
    await app.assignment_posts.run_due(channel)
    [(summary, _)] = channel.summaries
    assert [(t.user_id, t.correct, t.total) for t in summary.finished] == [(ANA, 2, 3), (BEN, 1, 3)]
    assert [(t.user_id, t.answered) for t in summary.unfinished] == [(CAL, 1)]
    assert summary.average == pytest.approx((2 / 3 + 1 / 3) / 2)  # 50 %
    # misses: the first question by Ben and Cal (2 of 3 answers), the second by Ben (1 of 2), the third by Ana
    assert (summary.hardest.item_id, summary.hardest.missed, summary.hardest.answered) == (first, 2, 3)
    assert DAN not in [t.user_id for t in summary.finished + summary.unfinished]
    assert {second, third} < set(made.row.items)


async def test_two_processes_remind_once(app, clock, channel, tmp_path, course_copy, database_target):
    await assign(app)
    other = await build_app(make_settings(tmp_path, course_copy, TUTOR_DATABASE=database_target), clock=clock,
                            rng=random.Random(3))
    try:
        clock.set(REMIND_AT + timedelta(seconds=5))
        sent = await asyncio.gather(app.assignment_posts.run_due(channel), other.assignment_posts.run_due(channel))
        assert sorted(sent) == [0, 1] and len(channel.reminders) == 1
        clock.set(DUE)
        sent = await asyncio.gather(app.assignment_posts.run_due(channel), other.assignment_posts.run_due(channel))
        assert sorted(sent) == [0, 1] and len(channel.summaries) == 1
    finally:
        await other.close()


async def test_a_crash_after_the_reminder_went_out_sends_no_second_one(app, clock, channel, tmp_path, course_copy,
                                                                         database_target):
    await assign(app)
    clock.set(REMIND_AT)
    channel.crash_after_send = True
    with pytest.raises(Crash):
        await app.assignment_posts.run_due(channel)
    await app.close()
    again = await build_app(make_settings(tmp_path, course_copy, TUTOR_DATABASE=database_target), clock=clock)
    try:
        clock.advance(minutes=1)  # younger than its lease: the process that claimed it may be sending it
        assert await again.assignment_posts.run_due(channel) == 0 and channel.finds == 0
        clock.advance(minutes=2)
        assert await again.assignment_posts.run_due(channel) == 1  # found in the channel, recorded as sent
        assert len(channel.reminders) == 1 and channel.finds == 1
        assert await again.db.scalar("SELECT stage FROM assignments") == "summary"
    finally:
        await again.close()


async def test_a_timeout_is_looked_for_before_the_reminder_is_sent_again(app, clock, channel):
    await assign(app)
    clock.set(REMIND_AT)
    channel.fail_after_send = 1  # it went out, but the answer was lost
    assert await app.assignment_posts.run_due(channel) == 0
    clock.advance(minutes=5)
    assert await app.assignment_posts.run_due(channel) == 1
    assert len(channel.reminders) == 1 and channel.finds == 1


async def test_closed_dms_put_the_summary_in_the_channel_and_a_late_assignment_gets_no_reminder(app, clock, channel):
    await assign(app, due="2026-03-03 08:00")  # less than a day ahead (07:00 UTC): no reminder
    assert await app.assignment_posts.next_wake() == datetime(2026, 3, 3, 7, 0, tzinfo=UTC)
    channel.dms_closed = True
    clock.set(datetime(2026, 3, 3, 7, 0, tzinfo=UTC))
    assert await app.assignment_posts.run_due(channel) == 1
    assert channel.reminders == [] and [to_channel for _, to_channel in channel.summaries] == [True]
    assert await app.db.scalar("SELECT summary_sent_to FROM assignments") == "channel"


async def test_a_reminder_missed_until_the_due_time_is_dropped_and_a_cancelled_one_never_comes(app, clock, channel):
    await assign(app)
    cancelled = await assign(app)
    await app.assignments.cancel(await app.assignments.teacher(MOD, 100, True, []), cancelled.id)
    clock.set(DUE + timedelta(hours=1))  # the bot was down from before the reminder until after the due time
    assert await app.assignment_posts.run_due(channel) == 1  # the summary: the reminder, of a closed quiz, dropped
    assert channel.reminders == [] and len(channel.summaries) == 1


async def test_a_process_posts_for_the_servers_of_its_shards_only(app, clock, channel):
    guilds = [100 + (n << 22) for n in range(4)]  # of two shards: 0, 1, 0, 1
    for guild in guilds:
        await app.assignments.create(await app.assignments.teacher(MOD, guild, True, []), topic="alpha",
                                     due="2026-03-09 18:00", timezone="Europe/Madrid", channel_id=CHANNEL, length=1)
    first, second = Shards.of(2, [0]), Shards.of(2, [1])
    assert [shard_of(g, 2) for g in guilds] == [0, 1, 0, 1]
    clock.set(REMIND_AT)
    assert await app.assignment_posts.run_due(channel, shards=second) == 2
    assert {r.assignment.guild_id for r in channel.reminders} == {guilds[1], guilds[3]}
    assert await app.assignment_posts.run_due(channel, shards=first) == 2
    assert len(channel.reminders) == 4
