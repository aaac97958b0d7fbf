"""/progress's schedule and activity calendar: reviews due now, by the end of the learner's day and the next due
time, after answers at chosen times; the last four weeks' answers per day and the same figures in words."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from bot.services.activity import alt_text, summary
from bot.storage.timefmt import from_db
from tests.services.test_quiz_service import right_response, wrong_response

USER, QUIET = 311, 312


async def _answer(app, user, item, right: bool):
    view = await app.quiz.start(user_id=user, lang="en", length=1, items=None if item is None else [item])
    await app.quiz.answer(view.session_id, 0, user, (right_response if right else wrong_response)(view))
    return view.item


async def _card_due(app, item) -> datetime:
    return from_db(await app.db.scalar("SELECT due FROM review_cards WHERE user_id = ? AND item_id = ?",
                                       (USER, item.id)))


async def test_due_now_due_today_and_the_next_due_follow_the_answers(app, clock):
    empty = await app.progress.progress(USER)
    assert (empty.due, empty.due_today, empty.next_due) == (0, 0, None)

    missed = await _answer(app, USER, None, right=False)  # Monday 09:00: again in a minute (FSRS's first step)
    items = [i for i in app.course.catalog.items.values() if i.id != missed.id]
    known = await _answer(app, USER, items[0], right=True)  # good: again in ten minutes
    now = await app.progress.progress(USER)
    assert (now.due, now.due_today) == (0, 2)
    assert now.next_due == await _card_due(app, missed) == datetime(2026, 3, 2, 9, 1, tzinfo=UTC)

    clock.advance(minutes=5)
    later = await app.progress.progress(USER)
    assert (later.due, later.due_today) == (1, 2)
    assert later.next_due == await _card_due(app, known) == datetime(2026, 3, 2, 9, 10, tzinfo=UTC)

    clock.advance(minutes=15)  # 09:20: both due; the right one answered right again leaves for days
    await _answer(app, USER, known, right=True)
    graduated = await app.progress.progress(USER)
    assert (graduated.due, graduated.due_today) == (1, 1)
    assert graduated.next_due == await _card_due(app, known) and graduated.next_due.date() > date(2026, 3, 2)

    clock.set(datetime(2026, 3, 2, 23, 55, tzinfo=UTC))  # the learner's day (UTC) ends at midnight
    late = await _answer(app, USER, items[1], right=True)  # due at 00:05: tomorrow, not today
    evening = await app.progress.progress(USER)
    assert await _card_due(app, late) == datetime(2026, 3, 3, 0, 5, tzinfo=UTC)
    assert (evening.due, evening.due_today) == (1, 1)
    assert evening.next_due == datetime(2026, 3, 3, 0, 5, tzinfo=UTC)


async def test_activity_counts_the_last_four_weeks_per_day_and_says_so_in_both_languages(app, clock):
    start = clock.now()  # Monday 2 March 2026, 09:00
    plan = {0: 2, 2: 3, 3: 2, 9: 1, 30: 4}  # days after `start`: answers that day (day 30 is today)
    for offset in range(31):
        for _ in range(plan.get(offset, 0)):
            await _answer(app, USER, None, right=True)
            clock.advance(minutes=3)
        if offset < 30:
            clock.set(start + timedelta(days=offset + 1))
    progress = await app.progress.progress(USER)
    activity = progress.activity
    today = date(2026, 4, 1)  # 30 days after 2 March: the four weeks begin on 5 March, after 2 and 4 March
    assert [d for d, _ in activity.days] == [today - timedelta(days=27 - i) for i in range(28)]
    assert {d: n for d, n in activity.days if n} == {date(2026, 3, 5): 2, date(2026, 3, 11): 1, today: 4}
    assert (activity.active_days, activity.answers, activity.busiest) == (3, 7, (today, 4))
    assert summary(activity, "en") == ("Activity over the last 4 weeks: 3 active days, 7 answers and cards rated;"
                                       " most on Wednesday 1 April (4).")
    assert summary(activity, "es") == ("Actividad en las últimas 4 semanas: 3 días activos, 7 respuestas y"
                                       " tarjetas valoradas; el día con más, miércoles 1 de abril (4).")
    assert alt_text(activity, "en").endswith(summary(activity, "en"))
    assert "today marked" in alt_text(activity, "en") and "hoy marcado" in alt_text(activity, "es")


async def test_a_learner_without_answers_in_four_weeks_gets_a_plain_sentence(app, clock):
    nothing = await app.progress.progress(QUIET)
    assert nothing.activity.answers == 0 and len(nothing.activity.days) == 28
    assert summary(nothing.activity, "en") == "No answers or cards rated in the last 4 weeks."
    assert summary(nothing.activity, "es") == "Ninguna respuesta ni tarjeta valorada en las últimas 4 semanas."


async def test_answers_older_than_four_weeks_leave_an_empty_calendar(app, clock):
    await _answer(app, USER, None, right=True)
    clock.advance(days=28)  # the answer's day is now the 29th day back
    progress = await app.progress.progress(USER)
    assert progress.answered == 1 and progress.activity.answers == 0
    assert summary(progress.activity, "en") == "No answers or cards rated in the last 4 weeks."


def test_a_learners_days_follow_their_zone():
    """The calendar's days are the learner's: answers per UTC minute fall on the day their zone has then
    (Kolkata is 5:30 ahead, a half-hour offset)."""
    from zoneinfo import ZoneInfo

    from bot.domain.days import day_start
    from bot.services.progress import activity

    kolkata = ZoneInfo("Asia/Kolkata")
    per_minute = {datetime(2026, 3, 2, 18, 29, tzinfo=UTC): 2, datetime(2026, 3, 2, 18, 30, tzinfo=UTC): 3}
    days = dict(activity(per_minute, date(2026, 3, 3), kolkata).days)
    assert (days[date(2026, 3, 2)], days[date(2026, 3, 3)]) == (2, 3)  # 23:59 and 00:00 there
    assert day_start(date(2026, 3, 3), kolkata) == datetime(2026, 3, 2, 18, 30, tzinfo=UTC)
