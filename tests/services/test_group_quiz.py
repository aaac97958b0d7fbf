"""Group quizzes with an injected clock: everyone answers once within the timer, results after each
question, a scoreboard at the end, and a restart in the middle loses nothing."""

import random
from datetime import timedelta

import pytest

from bot.app import build_app
from bot.domain.errors import BadOption, GroupQuizRunning, QuestionClosed
from bot.domain.quiz_items import MultipleChoice, TrueFalse, WhoSaidIt
from bot.services.posting import PostFailed, PostRefused
from tests.conftest import make_settings
from tests.services.test_quiz_service import right_response, wrong_response

GUILD, CHANNEL, HOST = 1, 2, 10
ANNA, BEN, CARO = 11, 12, 13


class Channel:
    """Our stand-in for the Discord adapter: it keeps what a channel would show."""

    def __init__(self):
        self.questions = {}  # message id -> view
        self.results = {}  # message id -> result
        self.scoreboards = []
        self.stopped = []  # the scoreboards of stopped quizzes
        self.paused = []  # message ids of questions posted paused
        self.skipped = []
        self.nonces = []
        self.refuse = None
        self.fail = 0

    async def post_question(self, view, nonce, paused=False):
        self._faults()
        self.nonces.append(nonce)
        message_id = 100 + len(self.questions)
        self.questions[message_id] = view
        if paused:
            self.paused.append(message_id)
        return message_id

    async def show_results(self, message_id, result):
        self._faults()
        self.results[message_id] = result

    async def show_skipped(self, message_id, lang, position):
        self._faults()
        self.skipped.append(message_id)

    async def post_scoreboard(self, session_id, lang, total, standings, nonce, stopped=False):
        self._faults()
        (self.stopped if stopped else self.scoreboards).append((total, standings))

    def _faults(self):
        if self.refuse:
            raise PostRefused(self.refuse)
        if self.fail:
            self.fail -= 1
            raise PostFailed("503")

    def current(self):
        return self.questions[max(self.questions)]

    def here(self):
        """Where a member's click on the current question comes from: its channel and message."""
        return {"channel_id": CHANNEL, "message_id": max(self.questions)}


async def start(app, **kwargs):
    options = {"host_id": HOST, "lang": "en", "guild_id": GUILD, "channel_id": CHANNEL, "length": 3,
               "seconds": 20, **kwargs}
    return await app.group.start(**options)


async def test_everyone_answers_once_then_results_then_the_next_question(app, clock):
    channel = Channel()
    sid = await start(app)
    wake = await app.group.step(sid, channel)
    assert wake == clock.now() + timedelta(seconds=20)
    question = channel.current()
    assert question.closes_at == wake and isinstance(question.item, MultipleChoice | TrueFalse | WhoSaidIt)

    await app.quiz.answer(sid, 0, ANNA, right_response(question), **channel.here())
    await app.quiz.answer(sid, 0, BEN, wrong_response(question), **channel.here())
    # a second click: her first answer, shown again
    again = await app.quiz.answer(sid, 0, ANNA, wrong_response(question), **channel.here())
    assert again.again and again.grade.correct
    assert await app.group.step(sid, channel) == wake  # not yet: the timer runs

    clock.advance(seconds=20, microseconds=1)
    with pytest.raises(QuestionClosed):
        await app.quiz.answer(sid, 0, CARO, right_response(question), **channel.here())
    assert await app.group.step(sid, channel) == clock.now()  # results shown, on to the next
    (result,) = channel.results.values()
    assert (result.right, result.wrong) == ([ANNA], [BEN])
    assert result.explanation and result.expected
    await app.group.step(sid, channel)
    assert channel.current().position == 1 and len(channel.questions) == 2


async def test_a_whole_quiz_ends_with_a_scoreboard_and_counts_for_each_learner(app, clock):
    channel = Channel()
    sid = await start(app)
    answers = {ANNA: [True, True, True], BEN: [True, False, None], CARO: [False, False, False]}
    for position in range(3):
        await app.group.step(sid, channel)
        question = channel.current()
        for user, plan in answers.items():
            if plan[position] is not None:
                response = right_response(question) if plan[position] else wrong_response(question)
                await app.quiz.answer(sid, position, user, response, **channel.here())
        clock.advance(seconds=21)
        assert await app.group.step(sid, channel) == (None if position == 2 else clock.now())
    ((total, standings),) = channel.scoreboards
    assert total == 3
    assert [(s.user_id, s.correct, s.answered) for s in standings] == [(ANNA, 3, 3), (BEN, 1, 2), (CARO, 0, 3)]
    assert await app.group.step(sid, channel) is None
    assert (await app.progress.progress(ANNA)).answered == 3
    board = await app.progress.leaderboard(GUILD, "all")
    assert [e.user_id for e in board][:2] == [ANNA, BEN]


async def test_a_restart_mid_question_keeps_the_answers_and_the_timer(tmp_path, course_copy, clock, database_target):
    settings = make_settings(tmp_path, course_copy, TUTOR_DATABASE=database_target)
    channel = Channel()
    app = await build_app(settings, clock=clock, rng=random.Random(1))
    sid = await start(app)
    closes = await app.group.step(sid, channel)
    await app.quiz.answer(sid, 0, ANNA, right_response(channel.current()), **channel.here())
    await app.close()  # the process dies here

    clock.advance(seconds=5)
    again = await build_app(settings, clock=clock, rng=random.Random(2))
    try:
        assert await again.group.running() == [(sid, CHANNEL)]
        assert await again.group.step(sid, channel) == closes  # the same question, the same deadline
        assert len(channel.questions) == 1
        await again.quiz.answer(sid, 0, BEN, right_response(channel.current()), **channel.here())
        clock.advance(seconds=16)
        await again.group.step(sid, channel)
        (result,) = channel.results.values()
        assert result.right == [ANNA, BEN]
    finally:
        await again.close()


async def test_a_question_posted_but_not_recorded_is_posted_again_with_the_same_nonce(app, clock):
    channel = Channel()
    sid = await start(app)
    await app.quiz.quizzes.set_closes_at(sid, 0, clock.now() + timedelta(seconds=20))  # then a crash
    clock.advance(seconds=3)
    assert await app.group.step(sid, channel) == clock.now() + timedelta(seconds=17)  # the deadline stands
    assert channel.nonces == [f"g{sid}q0"]


async def test_one_group_quiz_per_channel_and_sane_timers(app):
    await start(app)
    with pytest.raises(GroupQuizRunning):
        await start(app)
    await start(app, channel_id=CHANNEL + 1)
    for seconds in (9, 301):
        with pytest.raises(BadOption):
            await start(app, channel_id=CHANNEL + 2, seconds=seconds)


async def test_only_one_click_questions_are_asked(app, clock):
    channel = Channel()
    sid = await start(app, length=20)
    kinds = set()
    while (wake := await app.group.step(sid, channel)) is not None:
        clock.set(max(wake, clock.now()) + timedelta(seconds=1))
        kinds |= {type(v.item) for v in channel.questions.values()}
    assert kinds and kinds <= {MultipleChoice, TrueFalse, WhoSaidIt}


async def test_a_channel_that_refuses_ends_the_quiz_and_a_failure_is_retried(app, clock):
    channel = Channel()
    sid = await start(app)
    channel.fail = 1
    assert await app.group.step(sid, channel) == clock.now() + timedelta(seconds=5)
    assert await app.group.step(sid, channel) is not None and len(channel.questions) == 1
    channel.refuse = "no_permission"
    clock.advance(seconds=30)
    assert await app.group.step(sid, channel) is None
    assert await app.group.running() == []
    await start(app)  # the channel is free again
