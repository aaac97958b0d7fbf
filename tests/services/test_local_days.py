"""A learner's days are counted in their own zone (issue 29): the day an answer counts for, their streak, the
reviews "due today" and the activity calendar, for learners west and east of UTC and one who set no zone; and
neither an answer nor /progress makes an extra trip to the database for it."""

from __future__ import annotations

import random
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime

import pytest

import bot.app
from bot.app import build_app
from tests.conftest import make_settings
from tests.services.test_quiz_service import right_response, wrong_response

USER, UTC_LEARNER = 411, 412
LOS_ANGELES, TOKYO = "America/Los_Angeles", "Asia/Tokyo"  # 8 hours behind UTC in early March; 9 ahead


def utc(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC)


async def answer_at(app, clock, when: datetime, right: bool = True, item=None, user: int = USER):
    clock.set(when)
    view = await app.quiz.start(user_id=user, lang="en", length=1, items=None if item is None else [item])
    await app.quiz.answer(view.session_id, 0, user, (right_response if right else wrong_response)(view))
    return view.item


async def days_recorded(app, user: int = USER) -> list[str]:
    return [r[0] for r in await app.db.fetchall("SELECT day FROM activity_days WHERE user_id = ? ORDER BY day",
                                                (user,))]


async def test_two_evenings_in_los_angeles_are_a_two_day_streak_and_the_same_times_in_utc_are_not(app, clock):
    """Monday 15:00 and Tuesday 23:30 there are Monday 23:00 and Wednesday 07:30 UTC: a learner who set no zone
    answering at those instants keeps UTC days, with a gap on Tuesday."""
    await app.learners.set_zone(USER, "america/los_angeles")
    for when in (utc(2, 23), utc(4, 7, 30)):
        await answer_at(app, clock, when)
        await answer_at(app, clock, when, user=UTC_LEARNER)
    assert await days_recorded(app) == ["2026-03-02", "2026-03-03"]
    assert await days_recorded(app, UTC_LEARNER) == ["2026-03-02", "2026-03-04"]
    clock.set(utc(4, 7, 45))  # still Tuesday there
    assert (await app.progress.progress(USER)).streak == 2
    in_utc = await app.progress.progress(UTC_LEARNER)
    assert (in_utc.streak, in_utc.zone.key) == (1, "UTC")


async def test_a_morning_and_a_night_in_tokyo_are_one_day(app, clock):
    """Tuesday 07:00 and 22:00 in Tokyo are Monday 22:00 and Tuesday 13:00 UTC: one day there, not two; the
    next morning there (still Tuesday in UTC) is the second day."""
    await app.learners.set_zone(USER, TOKYO)
    await answer_at(app, clock, utc(2, 22))
    await answer_at(app, clock, utc(3, 13))
    assert await days_recorded(app) == ["2026-03-03"]
    assert (await app.progress.progress(USER)).streak == 1
    await answer_at(app, clock, utc(3, 23, 30))  # Wednesday 08:30 in Tokyo
    assert await days_recorded(app) == ["2026-03-03", "2026-03-04"]
    assert (await app.progress.progress(USER)).streak == 2


async def test_a_review_answer_counts_for_the_learners_own_day(app, clock):
    await app.learners.set_zone(USER, LOS_ANGELES)
    await answer_at(app, clock, utc(3, 4), right=False)  # Monday 20:00 there
    clock.set(utc(3, 5))  # Monday 21:00 there: the missed question is due
    view = await app.review.start(user_id=USER, lang="en")
    await app.quiz.answer(view.session_id, 0, USER, right_response(view))
    assert await days_recorded(app) == ["2026-03-02"]  # both answers on Monday, where UTC says Tuesday


async def test_a_zone_set_later_keeps_the_days_already_recorded(app, clock):
    """Days recorded before are the UTC days they were; from then on the learner's own: Monday 10:00 UTC, then
    Monday 16:00 UTC, Tuesday 01:00 in Tokyo, make two days."""
    await answer_at(app, clock, utc(2, 10))
    await app.learners.set_zone(USER, TOKYO)
    await answer_at(app, clock, utc(2, 16))
    assert await days_recorded(app) == ["2026-03-02", "2026-03-03"]
    assert (await app.progress.progress(USER)).streak == 2


async def test_a_stored_zone_the_system_no_longer_knows_counts_as_utc(app, clock):
    """A tzdata update may retire a name a learner chose: their answers, /progress and /mydata timezone go on in
    UTC rather than failing."""
    await app.learners.set_zone(USER, TOKYO)
    await app.db.execute("UPDATE learners SET timezone = 'Asia/Atlantis' WHERE user_id = ?", (USER,))
    await answer_at(app, clock, utc(2, 22))  # Tuesday in Tokyo, Monday in UTC
    assert await days_recorded(app) == ["2026-03-02"]
    assert (await app.progress.progress(USER)).zone.key == (await app.learners.zone(USER)).key == "UTC"


async def test_due_today_ends_at_the_learners_midnight(app, clock):
    """A right first answer is due again ten minutes later: at 23:55 UTC that is tomorrow in UTC but still
    today in Los Angeles; at 23:55 in Tokyo it is tomorrow there though still today in UTC."""
    await app.learners.set_zone(USER, LOS_ANGELES)
    await answer_at(app, clock, utc(2, 23, 55))  # 15:55 there: due 16:05, today
    assert (await app.progress.progress(USER)).due_today == 1

    await app.learners.set_zone(USER, TOKYO)
    await answer_at(app, clock, utc(3, 14, 55))  # 23:55 there: due 00:05, tomorrow
    tokyo = await app.progress.progress(USER)
    assert tokyo.due_today == 1  # the first card only (due since yesterday)
    assert tokyo.next_due == utc(3, 15, 5)


async def test_the_calendar_ends_on_the_learners_today(app, clock):
    await app.learners.set_zone(USER, LOS_ANGELES)
    await answer_at(app, clock, utc(3, 4))  # Monday 20:00 there, Tuesday in UTC
    progress = await app.progress.progress(USER)
    days = progress.activity.days
    assert days[-1] == (date(2026, 3, 2), 1)  # today, Monday, with its answer
    assert days[0][0] == date(2026, 2, 3)  # four weeks ending on it
    assert progress.zone.key == LOS_ANGELES


class CountingDatabase:
    """The app's database, noting each statement sent to it: one trip each (a snapshot or transaction adds its
    BEGIN and end, noted as one entry when it opens)."""

    def __init__(self, db):
        self.db = db
        self.sent: list[str] = []

    def __getattr__(self, name: str):
        return getattr(self.db, name)

    def _counted(self, target):
        sent = self.sent

        class Counted:
            def __getattr__(self, name: str):
                method = getattr(target, name)
                if name not in ("execute", "executemany", "fetchall", "fetchone", "scalar"):
                    return method

                async def call(sql, *args):
                    sent.append(sql)
                    return await method(sql, *args)
                return call
        return Counted()

    async def execute(self, sql, params=()):
        return await self._counted(self.db).execute(sql, params)

    async def executemany(self, sql, rows):
        return await self._counted(self.db).executemany(sql, rows)

    async def fetchall(self, sql, params=()):
        return await self._counted(self.db).fetchall(sql, params)

    async def fetchone(self, sql, params=()):
        return await self._counted(self.db).fetchone(sql, params)

    async def scalar(self, sql, params=()):
        return await self._counted(self.db).scalar(sql, params)

    @asynccontextmanager
    async def snapshot(self):
        self.sent.append("snapshot")
        async with self.db.snapshot() as tx:
            yield self._counted(tx)

    @asynccontextmanager
    async def transaction(self):
        self.sent.append("transaction")
        async with self.db.transaction() as tx:
            yield self._counted(tx)


@pytest.fixture
async def counted(tmp_path, course_copy, clock, database_target, monkeypatch):
    """An app whose every repository's statements are noted (its database opened through CountingDatabase)."""
    real = bot.app.open_database
    opened: list[CountingDatabase] = []

    async def counting(target):
        opened.append(CountingDatabase(await real(target)))
        return opened[0]

    monkeypatch.setattr(bot.app, "open_database", counting)
    application = await build_app(make_settings(tmp_path, course_copy, TUTOR_DATABASE=database_target),
                                  clock=clock, rng=random.Random(7))
    yield application, opened[0]
    await application.close()


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
async def test_an_answer_counts_the_learners_day_without_a_trip_more(counted, clock):
    """The zone and the latest day come with the question's state, read to show it: the answer is the write."""
    app, db = counted
    await app.learners.set_zone(USER, TOKYO)
    for when, day in ((utc(2, 22), "2026-03-03"), (utc(3, 13), "2026-03-03"), (utc(3, 23), "2026-03-04")):
        clock.set(when)
        view = await app.quiz.start(user_id=USER, lang="en", length=1)
        db.sent.clear()
        await app.quiz.answer(view.session_id, 0, USER, right_response(view))
        assert len(db.sent) == 1, db.sent  # record_answer's write
        assert (await days_recorded(app))[-1] == day


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
async def test_progress_reads_the_learners_zone_with_its_figures(counted, clock):
    app, db = counted
    await app.learners.set_zone(USER, LOS_ANGELES)
    await answer_at(app, clock, utc(3, 4))
    db.sent.clear()
    progress = await app.progress.progress(USER)
    assert (progress.zone.key, progress.activity.days[-1]) == (LOS_ANGELES, (date(2026, 3, 2), 1))
    assert db.sent and db.sent[0].startswith("SELECT") and len(db.sent) == 1, db.sent  # one statement, one trip


KIRITIMATI, PAGO_PAGO = "Pacific/Kiritimati", "Pacific/Pago_Pago"  # 14 hours ahead of UTC; 11 behind


async def card_due(app, item_id: str, due: datetime, user: int = USER) -> None:
    await app.db.execute("INSERT INTO review_cards (user_id, item_id, state, step, stability, difficulty, due,"
                         " last_review) VALUES (?, ?, 2, NULL, 5.0, 5.0, ?, ?)",
                         (user, item_id, due.isoformat(), utc(1, 0).isoformat()))


async def test_due_today_reaches_the_learners_midnight_a_day_ahead(app, clock):
    """/progress reads the reviews due in a span wide enough for any zone and cuts it at the learner's midnight:
    ten minutes after midnight in Kiritimati, a card due 23 hours later is due today, one due 24 hours later is
    not; ten minutes before midnight in Pago Pago, one due in five minutes is today's, one due in twenty is not."""
    ids = sorted(app.course.catalog.items)
    await app.learners.set_zone(USER, KIRITIMATI)
    clock.set(utc(3, 10, 10))  # 00:10 on 4 March there
    await card_due(app, ids[0], utc(3, 9))  # due an hour ago
    await card_due(app, ids[1], utc(4, 9, 10))  # in 23 hours: 23:10 there, today
    await card_due(app, ids[2], utc(4, 10, 10))  # in 24 hours: tomorrow there
    await card_due(app, ids[3], utc(4, 10, 55))
    await card_due(app, ids[4], utc(4, 11, 10))
    progress = await app.progress.progress(USER)
    assert (progress.due, progress.due_today, progress.next_due) == (1, 2, utc(4, 9, 10))

    await app.learners.set_zone(USER, PAGO_PAGO)
    clock.set(utc(4, 10, 50))  # 23:50 on 3 March there: the first three are due
    progress = await app.progress.progress(USER)
    assert (progress.due, progress.due_today) == (3, 4)  # and the one at 23:55 there; not the one at 00:10


async def test_the_calendars_first_day_starts_at_the_learners_midnight(app, clock):
    """The calendar's answers are read from a little before its first day in any zone and counted by the
    learner's day: in Kiritimati, an answer five minutes after the first day's midnight counts, one five minutes
    before it does not."""
    await app.learners.set_zone(USER, KIRITIMATI)
    first_day_start = datetime(2026, 2, 5, 10, tzinfo=UTC)  # 00:00 on 6 February there
    await answer_at(app, clock, first_day_start.replace(minute=5))
    await answer_at(app, clock, first_day_start.replace(hour=9, minute=55))  # 23:55 on 5 February there
    clock.set(datetime(2026, 3, 4, 12, tzinfo=UTC))  # 02:00 on 5 March there: four weeks from 6 February
    days = (await app.progress.progress(USER)).activity.days
    assert days[0] == (date(2026, 2, 6), 1) and days[-1][0] == date(2026, 3, 5)
    assert sum(n for _, n in days) == 1
