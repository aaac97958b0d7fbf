"""Self-rated reviews: after a right answer in /review the learner may rate it Hard, Good or Easy, and FSRS
schedules the card by that rating, once, and never over a newer answer's schedule."""

import random
from datetime import timedelta

import pytest
from fsrs import Card, Rating, Scheduler

from bot.app import build_app
from bot.domain.errors import AlreadyRated, NotRatable, NotYourQuiz, ReviewedSince
from bot.domain.review import CardState, review
from bot.i18n import error_text
from bot.storage import open_database
from bot.storage.migrations import migrate
from bot.storage.ratings import RatedSince, RatingRepository
from bot.storage.timefmt import to_db
from tests.conftest import make_settings
from tests.services.test_quiz_service import right_response, wrong_response

ITEM = "a-mc"
HARD, GOOD, EASY = int(Rating.Hard), int(Rating.Good), int(Rating.Easy)


async def _missed_then_reviewed(app, clock, users, right=True):
    """Each of `users` misses ITEM in a quiz, and three days later answers it in a review (right, or not):
    the review's question, answered, for each."""
    for user in users:
        view = await app.quiz.start(user_id=user, lang="en", length=1, items=[app.course.catalog.items[ITEM]])
        await app.quiz.answer(view.session_id, 0, user, wrong_response(view))
    clock.advance(days=3)
    views = {}
    for user in users:
        view = await app.review.start(user_id=user, lang="en", length=1)
        assert view.item.id == ITEM and view.mode == "review"
        await app.quiz.answer(view.session_id, 0, user, (right_response if right else wrong_response)(view))
        views[user] = view
    return views


async def _next_due(app, user):
    return (await app.review.plan(user)).next_due


def _fsrs_due(missed_at, reviewed_at, rating):
    """What fsrs's own scheduler makes of the same card: missed (Again), then reviewed with `rating`."""
    scheduler = Scheduler(enable_fuzzing=False)
    card, _ = scheduler.review_card(Card(card_id=1, due=missed_at), Rating.Again, missed_at)
    card, _ = scheduler.review_card(card, Rating(rating), reviewed_at)
    return card.due


async def test_hard_and_easy_schedule_the_next_review_as_fsrs_does_and_no_rating_is_good(app, clock):
    missed_at = clock.now()
    views = await _missed_then_reviewed(app, clock, (1, 2, 3))
    reviewed_at = clock.now()
    hard = await app.review.rate(views[1].session_id, 0, 1, HARD)
    easy = await app.review.rate(views[3].session_id, 0, 3, EASY)
    due = {user: await _next_due(app, user) for user in (1, 2, 3)}
    assert due[1] == hard.due == _fsrs_due(missed_at, reviewed_at, HARD)
    assert due[2] == _fsrs_due(missed_at, reviewed_at, GOOD)  # not rated: Good, as before
    assert due[3] == easy.due == _fsrs_due(missed_at, reviewed_at, EASY)
    assert due[1] < due[2] < due[3]
    assert easy.lang == "en" and easy.is_last


async def test_a_wrong_answer_cannot_be_rated(app, clock):
    views = await _missed_then_reviewed(app, clock, (1,), right=False)
    before = await _next_due(app, 1)
    with pytest.raises(NotRatable) as raised:
        await app.review.rate(views[1].session_id, 0, 1, EASY)
    assert "counts as Again" in error_text(raised.value, "en")
    assert await _next_due(app, 1) == before


async def test_a_quiz_answer_outside_a_review_cannot_be_rated(app):
    view = await app.quiz.start(user_id=1, lang="en", length=1, items=[app.course.catalog.items[ITEM]])
    await app.quiz.answer(view.session_id, 0, 1, right_response(view))
    with pytest.raises(NotRatable):
        await app.review.rate(view.session_id, 0, 1, EASY)


async def test_a_second_rating_is_refused_and_the_first_stays(app, clock):
    views = await _missed_then_reviewed(app, clock, (1,))
    easy = await app.review.rate(views[1].session_id, 0, 1, EASY)
    with pytest.raises(AlreadyRated) as raised:
        await app.review.rate(views[1].session_id, 0, 1, HARD)
    assert error_text(raised.value, "es") == "Ya has valorado esta respuesta."
    assert await _next_due(app, 1) == easy.due


async def test_someone_elses_rating_is_refused(app, clock):
    views = await _missed_then_reviewed(app, clock, (1,))
    before = await _next_due(app, 1)
    with pytest.raises(NotYourQuiz):
        await app.review.rate(views[1].session_id, 0, 2, EASY)
    assert await _next_due(app, 1) == before
    await app.review.rate(views[1].session_id, 0, 1, HARD)  # the learner may still rate it
    assert await _next_due(app, 1) < before


@pytest.mark.parametrize("later", [timedelta(hours=2), timedelta(0)], ids=["hours-later", "same-second"])
async def test_a_rating_after_a_newer_answer_leaves_the_newer_schedule(app, clock, later):
    views = await _missed_then_reviewed(app, clock, (1,))
    ratings = RatingRepository(app.db)
    answered = await ratings.answered(views[1].session_id, 0, 1)  # a rating's read, before the newer answer
    clock.advance(later)
    view = await app.quiz.start(user_id=1, lang="en", length=1, items=[app.course.catalog.items[ITEM]])
    await app.quiz.answer(view.session_id, 0, 1, wrong_response(view))  # the same question again, missed
    newer = await _next_due(app, 1)
    assert newer < clock.now() + timedelta(days=1)
    with pytest.raises(ReviewedSince) as raised:
        await app.review.rate(views[1].session_id, 0, 1, EASY)
    assert "answered this question again since" in error_text(raised.value, "en")
    assert await _next_due(app, 1) == newer
    # a rating whose read came before the newer answer and whose write comes after changes nothing at all
    card = await app.db.fetchone("SELECT state, due FROM review_cards WHERE user_id = 1")
    first_at = answered.logged.event.reviewed_at
    stale = CardState(2, None, 50.0, 3.0, first_at + timedelta(days=30), first_at)
    with pytest.raises(RatedSince):
        await ratings.rate(1, ITEM, answered.logged, EASY, stale)
    assert await app.db.fetchone("SELECT state, due FROM review_cards WHERE user_id = 1") == card
    assert await _log(app) == [(1, 0), (GOOD, 0), (1, 0)]


async def _missed_and_reviewed_in_one_second(app, user=1):
    """The learner misses ITEM in a quiz and answers it right in a review within the same second (the clock does
    not move between them, as answers are stored to the second): the review's question."""
    view = await app.quiz.start(user_id=user, lang="en", length=1, items=[app.course.catalog.items[ITEM]])
    await app.quiz.answer(view.session_id, 0, user, wrong_response(view))
    view = await app.review.start(user_id=user, lang="en", length=1)
    assert view.item.id == ITEM and view.mode == "review"
    await app.quiz.answer(view.session_id, 0, user, right_response(view))
    return view


async def _log(app, user=1):
    rows = await app.db.fetchall("SELECT rating, self_rated FROM review_log WHERE user_id = ? ORDER BY id", (user,))
    return [(r["rating"], r["self_rated"]) for r in rows]


async def test_a_review_answer_in_the_second_of_its_miss_is_rated_after_the_miss(app, clock):
    at = clock.now()
    view = await _missed_and_reviewed_in_one_second(app)
    easy = await app.review.rate(view.session_id, 0, 1, EASY)
    # FSRS after a miss: Easy graduates the card for a day or so, where a new card rated Easy waits eight days
    assert await _next_due(app, 1) == easy.due == _fsrs_due(at, at, EASY) < at + timedelta(days=3)
    assert await _log(app) == [(int(Rating.Again), 0), (EASY, 1)]  # the miss stays Again
    with pytest.raises(AlreadyRated):
        await app.review.rate(view.session_id, 0, 1, HARD)
    assert await _next_due(app, 1) == easy.due


async def _answered_before_0021(db, user, quiz_id, missed_at, reviewed_at):
    """What the bot wrote before migration 0021 for a learner who missed ITEM in a quiz (`quiz_id`) and answered
    it right in a review (`quiz_id` + 1): attempts, a log that names no answer, and the card."""
    for quiz, mode, at, correct, rating in ((quiz_id, "solo", missed_at, 0, Rating.Again),
                                            (quiz_id + 1, "review", reviewed_at, 1, Rating.Good)):
        await db.execute("INSERT INTO quiz_sessions (id, user_id, mode, lang, length, position, status, created_at)"
                         " VALUES (?, ?, ?, 'en', 1, 1, 'finished', ?)", (quiz, user, mode, to_db(at)))
        await db.execute("INSERT INTO attempts (user_id, session_id, position, item_id, answer, correct,"
                         " answered_at) VALUES (?, ?, 0, ?, 'x', ?, ?)", (user, quiz, ITEM, correct, to_db(at)))
        await db.execute("INSERT INTO review_log (user_id, item_id, rating, reviewed_at) VALUES (?, ?, ?, ?)",
                         (user, ITEM, int(rating), to_db(at)))
    card, _ = review(review(None, Rating.Again, missed_at)[0], Rating.Good, reviewed_at)
    await db.execute("INSERT INTO review_cards (user_id, item_id, state, step, stability, difficulty, due,"
                     " last_review) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                     (user, ITEM, card.state, card.step, card.stability, card.difficulty, to_db(card.due),
                      to_db(card.last_review)))


async def test_an_answer_logged_before_the_log_named_answers_is_rated_when_its_second_tells_it(
        tmp_path, course_copy, clock, database_target):
    missed_at = clock.now()
    reviewed_at = missed_at + timedelta(days=3)
    db = await open_database(database_target)
    try:
        await migrate(db, target=20)
        await _answered_before_0021(db, 1, 1, missed_at, reviewed_at)
        await _answered_before_0021(db, 2, 3, reviewed_at, reviewed_at)  # a miss in the review's own second
    finally:
        await db.close()
    upgraded = await build_app(make_settings(tmp_path, course_copy, TUTOR_DATABASE=database_target), clock=clock,
                               rng=random.Random(7))
    try:
        easy = await upgraded.review.rate(2, 0, 1, EASY)
        assert easy.due == _fsrs_due(missed_at, reviewed_at, EASY)
        due = await _next_due(upgraded, 2)
        with pytest.raises(NotRatable):  # which of its second's rows is the answer's the log cannot tell
            await upgraded.review.rate(4, 0, 2, EASY)
        assert await _next_due(upgraded, 2) == due
        assert await _log(upgraded, 2) == [(int(Rating.Again), 0), (GOOD, 0)]
    finally:
        await upgraded.close()
