"""A quiz stays fair while the course changes under it and while clicks are lost, repeated or forged: grading
follows what the learner was shown, a removed question can be passed, a repeated click gets its feedback back,
and a group quiz moves only on its timer, one per channel."""

from __future__ import annotations

import asyncio
import random

import pytest

from bot.domain.errors import (
    AlreadyAnswered,
    GroupPaced,
    GroupQuizRunning,
    ItemRemoved,
    NotCurrentQuestion,
    QuizNotFound,
)
from bot.services.views import QuestionView, Summary
from tests.services.test_quiz_service import right_response, wrong_response

USER, HOST, BYSTANDER, GUILD, CHANNEL = 111, 10, 66, 999, 5
ALPHA_QUIZ = "quizzes/alpha.yaml"


async def quiz_on(app, item_id: str, length: int = 1) -> QuestionView:
    """A solo quiz whose first question is `item_id`."""
    item = app.course.catalog.items[item_id]
    others = [i for i in app.course.catalog.items.values() if i.id != item_id][: length - 1]
    return await app.quiz.start(user_id=USER, guild_id=GUILD, lang="en", length=length, items=[item, *others])


async def edit_course(app, course_copy, old: str, new: str) -> None:
    path = course_copy / ALPHA_QUIZ
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    assert (await app.course.reload()).ok


async def test_reordered_choices_grade_the_choice_the_learner_clicked(app, course_copy):
    view = await quiz_on(app, "a-mc")
    clicked = right_response(view)
    assert view.choices[clicked] == "Right one"
    # a moderator moves the right answer from B to A under the same id, as the report did
    await edit_course(app, course_copy, '''    - {en: "Wrong one", es: "Incorrecta uno"}
    - {en: "Right one", es: "Correcta"}''', '''    - {en: "Right one", es: "Correcta"}
    - {en: "Wrong one", es: "Incorrecta uno"}''')
    await edit_course(app, course_copy, "  answer: B\n  explanation: {en: \"Because it is.\"",
                      "  answer: A\n  explanation: {en: \"Because it is.\"")
    feedback = await app.quiz.answer(view.session_id, 0, USER, clicked)
    assert feedback.grade.correct and feedback.grade.given == "Right one"
    progress = await app.progress.progress(USER)
    assert (progress.answered, progress.correct) == (1, 1)


async def test_a_reworded_choice_is_not_scored_and_the_learner_can_go_on(app, course_copy):
    view = await quiz_on(app, "a-mc", length=2)
    await edit_course(app, course_copy, '"Wrong two"', '"A new wrong two"')
    with pytest.raises(ItemRemoved):
        await app.quiz.answer(view.session_id, 0, USER, right_response(view))
    after = await app.quiz.next(view.session_id, 0, USER)  # skipped, unscored
    assert isinstance(after, QuestionView) and after.position == 1
    assert (await app.progress.progress(USER)).answered == 0


async def test_a_question_removed_mid_quiz_can_be_skipped(app, course_copy):
    view = await quiz_on(app, "a-mc", length=2)
    await edit_course(app, course_copy, "- id: a-mc\n", "- id: a-mc-renamed\n")
    with pytest.raises(ItemRemoved):
        await app.quiz.answer(view.session_id, 0, USER, 0)
    after = await app.quiz.next(view.session_id, 0, USER)
    assert isinstance(after, QuestionView) and after.position == 1
    with pytest.raises(NotCurrentQuestion):  # a question still in the course waits for its answer
        await app.quiz.next(view.session_id, 1, USER)
    await app.quiz.answer(after.session_id, 1, USER, right_response(after))
    summary = await app.quiz.next(after.session_id, 1, USER)
    assert isinstance(summary, Summary) and (summary.answered, summary.correct) == (1, 1)


async def test_next_passes_over_questions_removed_further_on(app, course_copy):
    view = await quiz_on(app, "a-tf", length=2)
    row = await app.quiz.quizzes.question(view.session_id, 1)
    await edit_course(app, course_copy, f"- id: {row.item_id}\n", f"- id: {row.item_id}-gone\n")
    await app.quiz.answer(view.session_id, 0, USER, right_response(view))
    summary = await app.quiz.next(view.session_id, 0, USER)
    assert isinstance(summary, Summary) and (summary.total, summary.answered) == (2, 1)


async def test_a_repeated_click_shows_the_first_answer_again(app):
    """A reply lost on its way to Discord: the learner clicks again and gets the feedback (and Next) of the
    answer that was stored, whatever they click the second time."""
    view = await quiz_on(app, "a-mc", length=2)
    first = await app.quiz.answer(view.session_id, 0, USER, wrong_response(view))
    again = await app.quiz.answer(view.session_id, 0, USER, right_response(view))
    assert not first.again and again.again
    assert not again.grade.correct and again.grade.given == first.grade.given
    assert again.explanation == first.explanation and not again.is_last
    assert (await app.progress.progress(USER)).answered == 1
    assert isinstance(await app.quiz.next(view.session_id, 0, USER), QuestionView)


async def test_no_member_moves_a_group_quiz_on(app):
    sid = await app.group.start(host_id=HOST, lang="en", guild_id=GUILD, channel_id=CHANNEL, length=3)
    for who in (BYSTANDER, HOST):
        with pytest.raises(GroupPaced):
            await app.quiz.next(sid, 0, who)
    assert (await app.quiz.quizzes.session(sid)).position == 0


async def test_one_group_quiz_per_channel_even_when_started_at_once(app):
    starts = await asyncio.gather(
        *(app.group.start(host_id=HOST + i, lang="en", guild_id=GUILD, channel_id=CHANNEL, length=2)
          for i in range(4)), return_exceptions=True)
    started = [s for s in starts if isinstance(s, int)]
    assert len(started) == 1, starts
    assert all(isinstance(s, GroupQuizRunning) for s in starts if not isinstance(s, int))
    assert len(await app.group.running()) == 1


async def test_abandoned_quizzes_are_pruned_and_their_answers_stay(app, clock):
    first = await app.quiz.start(user_id=USER, lang="en", length=2)
    await app.quiz.answer(first.session_id, 0, USER, right_response(first))
    for _ in range(30):  # each start abandons the one before
        latest = await app.quiz.start(user_id=USER, lang="en", length=2)
    assert await app.quiz.prune() == 0  # too recent: a late click on them still gets its reply
    clock.advance(days=2)
    assert await app.quiz.prune() == 30
    assert [s for s, _ in await app.db.fetchall("SELECT id, status FROM quiz_sessions")] == [latest.session_id]
    progress = await app.progress.progress(USER)
    assert (progress.answered, progress.correct) == (1, 1)
    assert isinstance(await app.quiz.question(latest.session_id), QuestionView)


async def test_a_true_or_false_statement_rewritten_mid_quiz_is_not_scored(app, course_copy):
    view = await quiz_on(app, "a-tf", length=2)
    await edit_course(app, course_copy, '''prompt: {en: "Alpha comes first.", es: "Alfa va primero."}
  answer: true''', '''prompt: {en: "Alpha comes last.", es: "Alfa va al final."}
  answer: false''')
    with pytest.raises(ItemRemoved):
        await app.quiz.answer(view.session_id, 0, USER, True)  # right for what the learner read
    assert (await app.progress.progress(USER)).answered == 0
    assert (await app.quiz.next(view.session_id, 0, USER)).position == 1


@pytest.mark.parametrize("seed", range(6))  # the choices' shuffle: the answer may be at any letter on screen
async def test_an_answer_shown_again_after_a_reorder_names_no_other_choice(app, course_copy, seed):
    app.quiz.rng = random.Random(seed)
    view = await quiz_on(app, "a-mc", length=2)
    await app.quiz.answer(view.session_id, 0, USER, right_response(view))
    await edit_course(app, course_copy, '''    - {en: "Wrong one", es: "Incorrecta uno"}
    - {en: "Right one", es: "Correcta"}''', '''    - {en: "Right one", es: "Correcta"}
    - {en: "Wrong one", es: "Incorrecta uno"}''')
    again = await app.quiz.answer(view.session_id, 0, USER, 0)
    assert again.again and again.grade.correct and again.grade.given == "Right one"
    await edit_course(app, course_copy, '"Wrong two"', '"A new wrong two"')
    with pytest.raises(AlreadyAnswered):  # changed since: answered and scored, but not shown as it was
        await app.quiz.answer(view.session_id, 0, USER, 0)
    assert (await app.progress.progress(USER)).correct == 1


async def test_a_group_question_changed_mid_quiz_is_marked_skipped_in_the_channel(app, course_copy, clock):
    from tests.services.test_group_quiz import Channel

    channel = Channel()
    sid = await app.group.start(host_id=HOST, lang="en", guild_id=GUILD, channel_id=CHANNEL, length=2)
    await app.group.step(sid, channel)
    (message_id,) = channel.questions
    item_id = channel.questions[message_id].item.id
    await edit_course(app, course_copy, f"- id: {item_id}\n", f"- id: {item_id}-gone\n")
    with pytest.raises(ItemRemoved):  # a member's click on it
        await app.quiz.answer(sid, 0, BYSTANDER, 0, channel_id=CHANNEL, message_id=message_id)
    assert await app.group.step(sid, channel) == clock.now()
    assert channel.skipped == [message_id] and not channel.results
    assert (await app.quiz.quizzes.session(sid)).position == 1


async def test_a_quiz_is_kept_a_day_from_when_it_was_abandoned(app, clock):
    old = await app.quiz.start(user_id=USER, lang="en", length=2)
    clock.advance(days=3)
    await app.quiz.start(user_id=USER, lang="en", length=2)  # abandons the three-day-old one now
    assert await app.quiz.prune() == 0
    clock.advance(days=1, seconds=1)
    assert await app.quiz.prune() == 1
    assert await app.quiz.quizzes.session(old.session_id) is None


async def test_a_group_question_is_answered_only_from_its_own_message(app):
    from tests.services.test_group_quiz import Channel

    channel = Channel()
    sid = await app.group.start(host_id=HOST, lang="en", guild_id=GUILD, channel_id=CHANNEL, length=2)
    await app.group.step(sid, channel)
    (message_id,) = channel.questions
    question = channel.questions[message_id]
    for where in ({"channel_id": CHANNEL + 1, "message_id": message_id},  # a click forged in another channel
                  {"channel_id": CHANNEL, "message_id": message_id + 1},  # on another message here
                  {}):  # from nowhere at all (a DM, say)
        with pytest.raises(QuizNotFound):
            await app.quiz.answer(sid, 0, BYSTANDER, right_response(question), **where)
    assert not await app.quiz.quizzes.question_answers(sid, 0)
    await app.quiz.answer(sid, 0, BYSTANDER, right_response(question), channel_id=CHANNEL, message_id=message_id)
    assert len(await app.quiz.quizzes.question_answers(sid, 0)) == 1


async def test_each_answer_carries_the_running_score(app):
    view = await app.quiz.start(user_id=USER, lang="en", length=3)
    scores = []
    for good in (True, False, True):
        fb = await app.quiz.answer(view.session_id, view.position, USER,
                                   right_response(view) if good else wrong_response(view))
        scores.append(fb.score)
        last = view
        nxt = await app.quiz.next(view.session_id, view.position, USER)
        view = nxt if isinstance(nxt, QuestionView) else view
    assert scores == [(1, 1), (1, 2), (2, 3)]
    again = await app.quiz.answer(last.session_id, last.position, USER, wrong_response(last))
    assert again.again and again.score == (2, 3)  # shown again: nothing counted twice
