"""An answer to a question this process showed its learner is one trip to the database, the write: the state it
is decided on was read to show the question. The write refuses it if that state no longer holds (answered,
moved on, or the learner's review card changed elsewhere), and the answer is then decided again on a fresh
read: the card is rescheduled from the card as it is, never from the one read earlier."""

from __future__ import annotations

import random

import pytest

from bot.app import build_app
from bot.domain.review import CardState, schedule
from bot.storage.timefmt import from_db
from tests.conftest import make_settings
from tests.services.test_local_days import counted  # noqa: F401 - the fixture
from tests.services.test_quiz_service import right_response, wrong_response

USER, GUILD, CHANNEL = 611, 9, 77
WRITE = "INSERT INTO answer_outcomes"


def writes_only(sent: list[str]) -> bool:
    return len(sent) == 1 and sent[0].startswith(WRITE)


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
async def test_an_answer_to_a_question_shown_here_is_the_write_alone(counted):  # noqa: F811
    app, db = counted
    view = await app.quiz.start(user_id=USER, guild_id=GUILD, lang="en", length=3)
    for position in range(3):
        db.sent.clear()
        feedback = await app.quiz.answer(view.session_id, position, USER, right_response(view))
        assert feedback.grade.correct and writes_only(db.sent), db.sent
        if position < 2:
            view = await app.quiz.next(view.session_id, position, USER)
    assert (await app.progress.progress(USER)).answered == 3


@pytest.mark.parametrize("engine", ["sqlite", "postgresql"])
async def test_an_answer_to_a_question_shown_by_another_process_reads_it_first(counted, tmp_path, course_copy,  # noqa: F811
                                                                             clock, database_target):
    app, db = counted
    view = await app.quiz.start(user_id=USER, guild_id=GUILD, lang="en", length=2)
    other = await build_app(make_settings(tmp_path, course_copy, TUTOR_DATABASE=database_target), clock=clock,
                            rng=random.Random(3))
    try:
        db.sent.clear()
        assert (await other.quiz.answer(view.session_id, 0, USER, wrong_response(view))).grade.correct is False
        assert len(db.sent) == 2 and db.sent[1].startswith(WRITE), db.sent  # the read, then the write
        # the question's state kept here is now stale (answered elsewhere): this process's click reads again
        # and shows that first answer's feedback, storing nothing
        again = await app.quiz.answer(view.session_id, 0, USER, right_response(view))
        assert again.again and not again.grade.correct
        assert (await app.progress.progress(USER)).answered == 1
    finally:
        await other.close()


async def _card(app, item_id: str):
    row = await app.db.fetchone("SELECT * FROM review_cards WHERE user_id = ? AND item_id = ?", (USER, item_id))
    return row


async def test_a_card_changed_since_the_question_was_shown_is_rescheduled_as_it_now_is(app, clock):
    solo = await app.quiz.start(user_id=USER, guild_id=GUILD, lang="en", length=1)
    item = solo.item
    # meanwhile, the same question in a group quiz in a channel: the learner answers it there first
    clock.advance(seconds=20)
    group = await app.quiz.start(user_id=USER + 1, guild_id=GUILD, channel_id=CHANNEL, lang="en", length=1,
                                 mode="group", items=[item])
    await app.quiz.answer(group.session_id, 0, USER, wrong_response(group), channel_id=CHANNEL)
    after_group = await _card(app, item.id)
    assert after_group is not None

    clock.advance(seconds=40)
    now = clock.now()
    feedback = await app.quiz.answer(solo.session_id, 0, USER, right_response(solo))
    assert feedback.grade.correct and not feedback.again
    card = await _card(app, item.id)
    # FSRS from the card the group answer left, not from no card at all (the state read when the solo question
    # was shown, before the group answer)
    left = CardState(after_group["state"], after_group["step"], after_group["stability"], after_group["difficulty"],
                     from_db(after_group["due"]), from_db(after_group["last_review"]))
    expected, _ = schedule(left, True, now)
    from_scratch, _ = schedule(None, True, now)
    assert (card["stability"], card["difficulty"]) == pytest.approx((expected.stability, expected.difficulty))
    assert card["stability"] != pytest.approx(from_scratch.stability)
    logged = await app.db.fetchall("SELECT rating FROM review_log WHERE user_id = ? AND item_id = ?"
                                   " ORDER BY id", (USER, item.id))
    assert [r["rating"] for r in logged] == [1, 3]  # Again in the group, Good alone: both kept
