"""The quiz use cases on a real SQLite file with a fake clock."""

from __future__ import annotations

import asyncio

import pytest

from bot.domain.errors import (
    BadAnswer,
    BadOption,
    ItemRemoved,
    NotCurrentQuestion,
    NotFound,
    NotYourQuiz,
    QuestionClosed,
    QuizFinished,
)
from bot.domain.quiz_items import MultipleChoice, Ordering, TrueFalse, WhoSaidIt
from bot.services.views import QuestionView, Summary

USER, OTHER, GUILD = 111, 222, 999


def right_response(view: QuestionView):
    item = view.item
    if isinstance(item, TrueFalse):
        return item.answer
    if isinstance(item, MultipleChoice | WhoSaidIt):
        correct = item.choices[item.answer_index]
        return view.choices.index(correct.get(view.lang) if hasattr(correct, "get") else correct)
    if isinstance(item, Ordering):
        return [view.choices.index(t.get(view.lang)) for t in item.items]
    return item.accept.get(view.lang)[0]


def wrong_response(view: QuestionView):
    item = view.item
    if isinstance(item, TrueFalse):
        return not item.answer
    if isinstance(item, Ordering):
        return list(reversed(right_response(view)))
    if isinstance(item, MultipleChoice | WhoSaidIt):
        return (right_response(view) + 1) % len(view.choices)
    return "something else entirely"


async def test_full_solo_quiz_then_progress(app):
    view = await app.quiz.start(user_id=USER, guild_id=GUILD, lang="en", length=5)
    results = []
    while isinstance(view, QuestionView):
        good = view.position % 2 == 0
        fb = await app.quiz.answer(view.session_id, view.position, USER,
                                   right_response(view) if good else wrong_response(view))
        assert fb.grade.correct is good
        assert fb.explanation and fb.sources[0].id == "src-a"
        results.append(good)
        view = await app.quiz.next(view.session_id, view.position, USER)
    assert isinstance(view, Summary)
    assert (view.total, view.answered, view.correct) == (5, 5, 3)
    assert len(view.missed) == 2
    progress = await app.progress.progress(USER)
    assert (progress.answered, progress.correct, progress.streak) == (5, 3, 1)
    assert sum(t.mastered for t in progress.topics) == 0  # one right answer is not yet mastery
    assert [e.user_id for e in await app.progress.leaderboard(GUILD, "week")] == [USER]


async def test_answer_recorded_once_even_when_clicked_concurrently(app):
    view = await app.quiz.start(user_id=USER, lang="en", length=1)
    outcomes = await asyncio.gather(
        *[app.quiz.answer(view.session_id, 0, USER, right_response(view)) for _ in range(20)],
        return_exceptions=True)
    assert not [o for o in outcomes if isinstance(o, Exception)]
    assert sum(not o.again for o in outcomes) == 1  # one recorded; the others show it again
    assert {o.grade.correct for o in outcomes} == {True}
    assert (await app.progress.progress(USER)).answered == 1


async def test_refusals_write_nothing(app):
    view = await app.quiz.start(user_id=USER, lang="en", length=2)
    with pytest.raises(NotYourQuiz):
        await app.quiz.answer(view.session_id, 0, OTHER, right_response(view))
    with pytest.raises(NotCurrentQuestion):
        await app.quiz.answer(view.session_id, 1, USER, 0)
    with pytest.raises(NotCurrentQuestion):
        await app.quiz.next(view.session_id, 0, USER)  # Next before answering
    with pytest.raises(BadAnswer):
        await app.quiz.answer(view.session_id, 0, USER, 99 if view.choices else "")
    assert (await app.progress.progress(USER)).answered == 0
    assert (await app.progress.progress(OTHER)).answered == 0


async def test_next_twice_never_skips_a_question(app):
    view = await app.quiz.start(user_id=USER, lang="en", length=3)
    await app.quiz.answer(view.session_id, 0, USER, right_response(view))
    first = await app.quiz.next(view.session_id, 0, USER)
    again = await app.quiz.next(view.session_id, 0, USER)  # a second click on the same Next button
    assert first.position == again.position == 1


async def test_finished_quiz_refuses_more_answers(app):
    view = await app.quiz.start(user_id=USER, lang="en", length=1)
    await app.quiz.answer(view.session_id, 0, USER, right_response(view))
    assert isinstance(await app.quiz.next(view.session_id, 0, USER), Summary)
    again = await app.quiz.answer(view.session_id, 0, USER, wrong_response(view))
    assert again.again and again.grade.correct  # the answer given, shown again; nothing changes
    assert (await app.progress.progress(USER)).answered == 1
    with pytest.raises(QuizFinished):
        await app.quiz.question(view.session_id)


async def test_group_question_closes_on_the_clock(app, clock):
    view = await app.quiz.start(user_id=USER, guild_id=GUILD, lang="en", length=2, mode="group")
    await app.quiz.open_for(view.session_id, 0, seconds=30)
    await app.quiz.answer(view.session_id, 0, USER, right_response(view))
    clock.advance(seconds=31)
    with pytest.raises(QuestionClosed):
        await app.quiz.answer(view.session_id, 0, OTHER, right_response(view))


async def test_spanish_quiz_uses_spanish_text(app):
    view = await app.quiz.start(user_id=USER, lang="es", topic="alpha", length=3, difficulty=1)
    assert view.lang == "es"
    assert view.item.id in {"a-mc", "a-tf"}
    if view.choices:
        assert "Correcta" in view.choices


async def test_bad_options(app):
    with pytest.raises(BadOption):
        await app.quiz.start(user_id=USER, lang="en", length=21)
    with pytest.raises(NotFound):
        await app.quiz.start(user_id=USER, lang="en", topic="gamma")


async def test_removed_item_is_refused_and_history_kept(app, course_copy):
    view = await app.quiz.start(user_id=USER, lang="en", topic="beta", length=2)
    await app.quiz.answer(view.session_id, 0, USER, right_response(view))
    answered_id = view.item.id
    nxt = await app.quiz.next(view.session_id, 0, USER)
    # a moderator removes the next item from the course and reloads
    path = course_copy / "quizzes" / "beta.yaml"
    text = path.read_text()
    start = text.index(f"- id: {nxt.item.id}")
    end = text.find("\n- id:", start + 1)
    path.write_text(text[:start] + (text[end + 1:] if end != -1 else ""))
    result = await app.course.reload(user_id=USER)
    assert result.ok
    with pytest.raises(ItemRemoved):
        await app.quiz.answer(view.session_id, 1, USER, 0)
    records = await app.progress.repo.item_records(USER)
    assert answered_id in records  # the history of what was answered stays


async def test_bad_reload_keeps_the_course_in_service(app, course_copy):
    before = app.course.catalog
    (course_copy / "quizzes" / "alpha.yaml").write_text("- id: broken\n  type: multiple_choice\n")
    result = await app.course.reload(user_id=USER)
    assert not result.ok and app.course.catalog is before
    assert any("alpha.yaml:1" in e for e in result.errors)
    audit = await app.db.fetchall("SELECT action, user_id FROM content_audit")
    assert [tuple(r) for r in audit] == [("reload-refused", USER)]


@pytest.mark.parametrize("lang", ["en", "es"])
async def test_the_summary_lists_each_miss_with_the_learners_answer_and_the_right_one(app, lang):
    """Every question answered wrong comes back in the summary as it was asked, with what the learner answered
    and the right answer, in the quiz's language; the topic most of them belong to is named."""
    view = await app.quiz.start(user_id=USER, lang=lang, length=5)
    wrong: dict[str, tuple[str, str]] = {}
    while isinstance(view, QuestionView):
        right = view.item.id in ("a-mc", "b-open")
        fb = await app.quiz.answer(view.session_id, view.position, USER,
                                   right_response(view) if right else wrong_response(view))
        if not right:
            wrong[view.item.id] = (fb.grade.given, fb.grade.expected)
        view = await app.quiz.next(view.session_id, view.position, USER)
    assert isinstance(view, Summary) and (view.answered, view.correct) == (5, 2)
    catalog = app.course.catalog
    assert {m.item.id: (m.given, m.expected) for m in view.missed} == wrong
    by_id = {m.item.id: m for m in view.missed}
    assert by_id["a-tf"].asked == catalog.items["a-tf"].prompt.get(lang)
    assert (by_id["a-tf"].given, by_id["a-tf"].expected) == ("false", "true")
    assert by_id["a-who"].given in ("Speaker Two", "Speaker Three") and by_id["a-who"].expected == "Speaker One"
    assert (by_id["a-who"].quote, by_id["a-who"].translated) == catalog.quotes["q-alpha"].text_in(lang)
    first, second, third = (e.get(lang) for e in catalog.items["b-order"].items)
    assert by_id["b-order"].given == f"{third} → {second} → {first}"
    assert by_id["b-order"].expected == f"{first} → {second} → {third}"
    assert view.weakest is not None and view.weakest.id == "alpha"  # two misses in alpha, one in beta
    assert (view.owner_id, view.topic, view.difficulty) == (USER, None, None)


async def test_the_running_score_counts_without_the_details(app):
    view = await app.quiz.start(user_id=USER, lang="en", length=3)
    await app.quiz.answer(view.session_id, 0, USER, wrong_response(view))
    view = await app.quiz.next(view.session_id, 0, USER)
    await app.quiz.answer(view.session_id, 1, USER, right_response(view))
    score = await app.quiz.summary(view.session_id, USER, details=False)
    assert (score.answered, score.correct, score.missed, score.weakest) == (2, 1, [], None)
    full = await app.quiz.summary(view.session_id, USER)
    assert len(full.missed) == 1 and full.weakest is not None


async def test_a_missed_question_changed_since_still_shows_its_right_answer(app, course_copy):
    """A moderator rewords a choice after the learner missed it: what they picked can no longer be named, but
    the question and its right answer still are."""
    view = await app.quiz.start(user_id=USER, lang="en", items=[app.course.catalog.items["a-mc"]], length=1)
    await app.quiz.answer(view.session_id, 0, USER, wrong_response(view))
    path = course_copy / "quizzes" / "alpha.yaml"
    path.write_text(path.read_text().replace('"Wrong two"', '"Wrong 2"'))
    assert (await app.course.reload(user_id=USER)).ok
    summary = await app.quiz.summary(view.session_id, USER)
    (missed,) = summary.missed
    assert (missed.asked, missed.given, missed.expected) == ("Which is right?", "", "Right one")
