"""Flashcards count as study (issue 29): a rating counts for the learner's day in their own zone, so their streak
holds on a day of flashcards only, and the activity calendar counts it with the answers of that day, in the
same square; the day comes with the rating's read of the deck, at no trip of its own."""

from __future__ import annotations

from datetime import date

import pytest

from bot.domain.flashcards import AGAIN, GOOD
from bot.services.activity import summary
from bot.services.flashcards import CardView, DeckDone
from tests.services.test_local_days import LOS_ANGELES, USER, answer_at, counted, days_recorded, utc

__all__ = ["counted"]  # the fixture, used here as in test_local_days


async def rate_a_deck(app, clock, when) -> int:
    """At `when`, the learner opens topic alpha's deck and rates its cards (Good, then Again) until it is done:
    how many they rated."""
    clock.set(when)
    shown, rated = await app.flashcards.open(USER, "en", "alpha"), 0
    while isinstance(shown, CardView):
        shown = (await app.flashcards.rate(USER, USER, shown.card_id, GOOD if rated == 0 else AGAIN)).next
        rated += 1
    assert isinstance(shown, DeckDone)
    return rated


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
async def test_flashcards_on_two_evenings_in_los_angeles_are_a_two_day_streak(counted, clock):
    """Monday 15:00 and Tuesday 23:30 there (Monday 23:00 and Wednesday 07:30 UTC): two days of flashcards
    alone, no quiz, are a streak of 2, counted in the learner's zone (UTC would say Monday and Wednesday). The
    rating reads the learner's zone and latest day with its deck: the deck's read and the rating's write, no
    more."""
    app, db = counted
    await app.learners.set_zone(USER, LOS_ANGELES)
    assert await rate_a_deck(app, clock, utc(2, 23)) == 2
    clock.set(utc(4, 7, 30))
    shown = await app.flashcards.open(USER, "en", "alpha")
    db.sent.clear()
    await app.flashcards.rate(USER, USER, shown.card_id, GOOD)
    assert db.sent.count("snapshot") == db.sent.count("transaction") == 1, db.sent
    assert len(db.sent[:db.sent.index("transaction")]) == 3, db.sent  # the snapshot: the deck and the cards
    assert await days_recorded(app) == ["2026-03-02", "2026-03-03"]
    clock.set(utc(4, 7, 45))  # still Tuesday there
    assert (await app.progress.progress(USER)).streak == 2


async def test_a_day_of_answers_and_flashcards_is_recorded_once_and_the_next_day_of_flashcards_too(app, clock):
    await app.learners.set_zone(USER, LOS_ANGELES)
    await answer_at(app, clock, utc(2, 22))
    await rate_a_deck(app, clock, utc(2, 23))  # the same Monday there: already their latest day
    await rate_a_deck(app, clock, utc(3, 7, 59))  # 23:59 there, still Monday
    await rate_a_deck(app, clock, utc(3, 9))  # 01:00 on Tuesday there
    assert await days_recorded(app) == ["2026-03-02", "2026-03-03"]
    assert (await app.progress.progress(USER)).streak == 2


async def test_the_calendar_counts_flashcards_with_the_answers_on_the_learners_days(app, clock):
    """Ratings fall in the learner's days as answers do, in the same square: Monday evening there has two
    ratings and an answer in the same minute, Tuesday's square (Wednesday in UTC) two ratings alone."""
    await app.learners.set_zone(USER, LOS_ANGELES)
    await rate_a_deck(app, clock, utc(2, 23))
    await answer_at(app, clock, utc(2, 23))  # the same UTC minute as the ratings
    await rate_a_deck(app, clock, utc(4, 7, 30))
    clock.set(utc(4, 7, 45))
    activity = (await app.progress.progress(USER)).activity
    assert {d: n for d, n in activity.days if n} == {date(2026, 3, 2): 3, date(2026, 3, 3): 2}
    assert summary(activity, "en") == ("Activity over the last 4 weeks: 2 active days, 5 answers and cards rated;"
                                       " most on Monday 2 March (3).")
    assert summary(activity, "es") == ("Actividad en las últimas 4 semanas: 2 días activos, 5 respuestas y tarjetas"
                                       " valoradas; el día con más, lunes 2 de marzo (3).")


async def test_a_deletion_removes_the_learners_flashcard_activity(app, clock):
    await rate_a_deck(app, clock, utc(2, 9))
    assert await app.db.scalar("SELECT COUNT(*) FROM flashcard_minutes WHERE user_id = ?", (USER,)) == 1
    await app.learners.delete(USER)
    assert await app.db.scalar("SELECT COUNT(*) FROM flashcard_minutes WHERE user_id = ?", (USER,)) == 0
    assert (await app.progress.progress(USER)).activity.answers == 0
