"""/review tells the learner what it serves and when the next review is due, and an empty review says why."""

import pytest

from bot.domain.errors import Ambiguous, NothingDue, NothingToReview
from bot.i18n import error_text
from bot.services.notes import review_note, shorter_note
from tests.services.test_quiz_service import right_response, wrong_response

USER = 333


async def _answer(app, item_id: str, right: bool) -> None:
    view = await app.quiz.start(user_id=USER, lang="en", length=1, items=[app.course.catalog.items[item_id]])
    await app.quiz.answer(view.session_id, 0, USER, (right_response if right else wrong_response)(view))


async def test_a_new_learner_is_told_to_take_a_quiz_first(app):
    with pytest.raises(NothingToReview) as raised:
        await app.review.start(user_id=USER, lang="es")
    assert error_text(raised.value, "es").startswith("Aún no hay nada que repasar: haz primero un /cuestionario.")


async def test_all_right_and_nothing_due_says_when_the_next_review_is(app, clock):
    for item_id in ("a-mc", "a-tf", "a-who"):  # every question of the one topic tried, right
        await _answer(app, item_id, right=True)
    with pytest.raises(NothingDue) as raised:
        await app.review.start(user_id=USER, lang="en")
    text = error_text(raised.value, "en")
    assert text.startswith("Nothing to review now: you got every question you have answered right")
    plan = await app.review.plan(USER)
    assert plan.next_due is not None and plan.next_due > clock.now()
    assert f"due on {plan.next_due.date().isoformat()}" in text


async def test_a_miss_not_yet_due_is_served_as_the_weakest_topic(app, clock):
    await _answer(app, "b-order", right=False)
    plan = await app.review.plan(USER)
    assert [i.id for i in plan.items][:1] == ["b-order"] and plan.due == 0 and plan.weakest == "beta"
    note = review_note(plan, app.course.catalog, "en", lambda when: when.date().isoformat())
    assert note.startswith("Nothing is due yet, so this review is on your weakest topic, Topic beta.")
    assert f"Next review due: {plan.next_due.date().isoformat()}." in note


async def test_due_cards_are_served_first_and_named(app, clock):
    await _answer(app, "a-mc", right=False)
    clock.advance(days=3)
    plan = await app.review.plan(USER, length=1)
    assert [i.id for i in plan.items] == ["a-mc"] and plan.due == 1
    note = review_note(plan, app.course.catalog, "es", str)
    assert note == "Este repaso trae las preguntas que toca repasar: 1."


def test_a_short_quiz_says_why():
    assert shorter_note(5, 5, "alpha", None, "en") is None
    assert shorter_note(2, 20, "alpha", 2, "en") == (
        "Questions in this quiz: 2 of the 20 asked, because that is all the course has on this topic at this "
        "difficulty.")


async def test_learn_and_quote_resolve_typed_names(app):
    assert (await app.learn.learn(USER, "tema ALPHA")).id == "alpha"  # the Spanish title, any case
    assert (await app.learn.quote(USER, speaker="one")).speaker == "Speaker One"
    with pytest.raises(Ambiguous):
        await app.learn.learn(USER, "topic")
