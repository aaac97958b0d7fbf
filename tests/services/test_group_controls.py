"""A group quiz's host controls with an injected clock: a pause stops the question's clock and its answers, a
resume gives back the time that was left, a skip closes the question now and moves on, a stop ends the quiz with
the scoreboard so far; only the host or a moderator may, and a restart keeps a pause and a stop."""

import random
from datetime import timedelta

import pytest

from bot.app import build_app
from bot.domain.errors import (
    GroupControlMissed,
    GroupPaused,
    NotQuizHost,
    QuestionClosed,
    QuizFinished,
    QuizNotFound,
)
from bot.services.group import Controller
from tests.conftest import make_settings
from tests.services.test_group_quiz import ANNA, BEN, CARO, CHANNEL, GUILD, HOST, Channel, start
from tests.services.test_quiz_service import right_response, wrong_response

HOSTING = Controller(HOST, CHANNEL)


async def test_a_pause_stops_the_clock_and_the_answers_and_a_resume_gives_back_the_time_left(app, clock):
    channel = Channel()
    sid = await start(app)
    closes = await app.group.step(sid, channel)
    clock.advance(seconds=5)
    await app.quiz.answer(sid, 0, ANNA, right_response(channel.current()), **channel.here())

    paused = await app.group.pause(sid, 0, HOSTING)
    assert paused.position == 0 and paused.closes_at is None
    with pytest.raises(GroupPaused):
        await app.quiz.answer(sid, 0, BEN, right_response(channel.current()), **channel.here())
    with pytest.raises(GroupControlMissed):  # paused already
        await app.group.pause(sid, 0, HOSTING)
    clock.advance(seconds=120)  # long past the question's time
    assert await app.group.step(sid, channel) is None  # nothing is due while paused
    assert channel.results == {} and len(channel.questions) == 1

    resumed = await app.group.resume(sid, 0, HOSTING)
    assert closes - (clock.now() - timedelta(seconds=120)) == timedelta(seconds=15)  # what was left at the pause
    assert resumed.closes_at == clock.now() + timedelta(seconds=15)
    assert await app.group.step(sid, channel) == resumed.closes_at
    await app.quiz.answer(sid, 0, BEN, wrong_response(channel.current()), **channel.here())
    with pytest.raises(GroupControlMissed):  # running already
        await app.group.resume(sid, 0, HOSTING)
    clock.advance(seconds=15, microseconds=1)
    assert await app.group.step(sid, channel) == clock.now()
    (result,) = channel.results.values()
    assert (result.right, result.wrong) == ([ANNA], [BEN])


async def test_a_pause_before_the_question_is_posted_posts_it_paused_with_all_its_time(app, clock):
    channel = Channel()
    sid = await start(app)
    await app.group.pause(sid, 0, HOSTING)
    assert await app.group.step(sid, channel) is None
    assert channel.paused == [100]  # the host's Resume is on it
    clock.advance(seconds=60)
    resumed = await app.group.resume(sid, 0, HOSTING)
    assert resumed.closes_at == clock.now() + timedelta(seconds=20)
    assert await app.group.step(sid, channel) == resumed.closes_at and len(channel.questions) == 1


async def test_a_skip_closes_the_question_now_shows_its_results_and_moves_on(app, clock):
    channel = Channel()
    sid = await start(app)
    await app.group.step(sid, channel)
    clock.advance(seconds=3)
    await app.quiz.answer(sid, 0, ANNA, right_response(channel.current()), **channel.here())

    assert await app.group.skip(sid, 0, HOSTING) == "en"
    clock.advance(microseconds=1)
    with pytest.raises(QuestionClosed):
        await app.quiz.answer(sid, 0, BEN, right_response(channel.current()), **channel.here())
    with pytest.raises(GroupControlMissed):  # a second click skips nothing more
        await app.group.skip(sid, 0, HOSTING)
    assert await app.group.step(sid, channel) == clock.now()  # 17 seconds early
    (result,) = channel.results.values()
    assert result.right == [ANNA] and result.question.position == 0
    assert await app.group.step(sid, channel) == clock.now() + timedelta(seconds=20)
    assert channel.current().position == 1
    with pytest.raises(GroupControlMissed):  # question 1 is gone: its late skip does not skip question 2
        await app.group.skip(sid, 0, HOSTING)

    await app.group.pause(sid, 1, HOSTING)  # a skip also takes the quiz out of a pause
    await app.group.skip(sid, 1, HOSTING)
    assert await app.group.step(sid, channel) == clock.now()
    assert len(channel.results) == 2
    await app.group.step(sid, channel)
    assert channel.current().position == 2


async def test_a_stop_ends_the_quiz_with_the_scoreboard_so_far(app, clock):
    channel = Channel()
    sid = await start(app)
    await app.group.step(sid, channel)
    await app.quiz.answer(sid, 0, ANNA, right_response(channel.current()), **channel.here())
    await app.quiz.answer(sid, 0, BEN, wrong_response(channel.current()), **channel.here())
    clock.advance(seconds=21)
    await app.group.step(sid, channel)
    await app.group.step(sid, channel)
    await app.quiz.answer(sid, 1, ANNA, right_response(channel.current()), **channel.here())
    clock.advance(seconds=4)

    assert await app.group.stop(sid, HOSTING) == "en"
    with pytest.raises(QuizFinished):
        await app.quiz.answer(sid, 1, CARO, right_response(channel.current()), **channel.here())
    with pytest.raises(QuizFinished):
        await app.group.stop(sid, HOSTING)
    assert await app.group.step(sid, channel) is None
    assert len(channel.results) == 2  # the question it was on got its results
    ((total, standings),) = channel.stopped
    assert total == 2 and channel.scoreboards == []  # out of the two questions asked, not the three planned
    assert [(s.user_id, s.correct, s.answered) for s in standings] == [(ANNA, 2, 2), (BEN, 0, 1)]
    assert await app.group.running() == [] and len(channel.questions) == 2
    assert await app.group.step(sid, channel) is None and len(channel.stopped) == 1
    await start(app)  # the channel is free again


async def test_only_the_host_or_a_moderator_may_use_the_controls(app, clock):
    channel = Channel()
    sid = await start(app)
    closes = await app.group.step(sid, channel)
    learner = Controller(ANNA, CHANNEL)
    for refused in (app.group.pause(sid, 0, learner), app.group.skip(sid, 0, learner), app.group.stop(sid, learner)):
        with pytest.raises(NotQuizHost):
            await refused
    assert await app.group.step(sid, channel) == closes  # as it was: not paused, skipped or stopped
    with pytest.raises(QuizNotFound):  # the host's click forged in another channel
        await app.group.stop(sid, Controller(HOST, CHANNEL + 1))

    await app.group.pause(sid, 0, Controller(ANNA, CHANNEL, manages_server=True))  # Manage Server
    await app.guilds.set_moderator_role(GUILD, 777)
    with pytest.raises(NotQuizHost):  # another role
        await app.group.resume(sid, 0, Controller(BEN, CHANNEL, role_ids=(778,)))
    await app.group.resume(sid, 0, Controller(BEN, CHANNEL, role_ids=(778, 777)))  # the moderator role
    await app.group.stop(sid, Controller(CARO, CHANNEL, role_ids=(777,)))
    assert await app.group.step(sid, channel) is None and len(channel.stopped) == 1


async def test_a_restart_keeps_a_paused_quiz_paused_and_a_stopped_one_stopped(tmp_path, course_copy, clock,
                                                                             database_target):
    settings = make_settings(tmp_path, course_copy, TUTOR_DATABASE=database_target)
    channel = Channel()
    app = await build_app(settings, clock=clock, rng=random.Random(1))
    paused = await start(app)
    stopped = await start(app, channel_id=CHANNEL + 1)
    await app.group.step(paused, channel)
    clock.advance(seconds=8)
    await app.group.pause(paused, 0, HOSTING)
    await app.group.step(stopped, channel)
    await app.group.stop(stopped, Controller(HOST, CHANNEL + 1))
    await app.close()  # the process dies here, before the stopped quiz's step

    clock.advance(seconds=600)
    again = await build_app(settings, clock=clock, rng=random.Random(2))
    first = {"channel_id": CHANNEL, "message_id": 100}  # the paused quiz's question
    try:
        assert await again.group.running() == [(paused, CHANNEL), (stopped, CHANNEL + 1)]
        assert await again.group.step(paused, channel) is None and channel.results == {}
        with pytest.raises(GroupPaused):
            await again.quiz.answer(paused, 0, ANNA, right_response(channel.questions[100]), **first)
        assert await again.group.step(stopped, channel) is None
        assert len(channel.stopped) == 1 and len(channel.questions) == 2  # it ended: no next question
        assert await again.group.running() == [(paused, CHANNEL)]

        resumed = await again.group.resume(paused, 0, HOSTING)
        assert resumed.closes_at == clock.now() + timedelta(seconds=12)
        await again.quiz.answer(paused, 0, ANNA, right_response(channel.questions[100]), **first)
    finally:
        await again.close()
