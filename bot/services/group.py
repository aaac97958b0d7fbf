"""Group quizzes: posted in a channel, each member answers each question once before its timer ends;
the results follow each question and a scoreboard ends the quiz.

Everything is in SQLite (the session's position, each question's closing time and message), so `step`
can be called again after a restart and picks up where the quiz was: a question not yet posted is posted,
one whose time is up gets its results, and the quiz moves on. Posting goes through `GroupChannel`.
"""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Protocol

from bot.domain import quiz as rules
from bot.domain.clock import Clock
from bot.domain.content import Source, note_in
from bot.domain.errors import BadOption, GroupQuizRunning, ItemRemoved, NotFound, NothingToQuiz
from bot.domain.quiz_items import MultipleChoice, TrueFalse, WhoSaidIt
from bot.domain.shards import ALL, Shards
from bot.services.posting import PostFailed, PostRefused
from bot.services.quiz import QuizService
from bot.services.views import QuestionView
from bot.storage.quizzes import QuizRepository

log = logging.getLogger(__name__)
ONE_CLICK_FORMATS = (MultipleChoice, TrueFalse, WhoSaidIt)  # answered by everyone at once, with one click
SECONDS = (10, 300)
RETRY = timedelta(seconds=5)


@dataclass(frozen=True)
class QuestionResult:
    question: QuestionView
    expected: str  # the right answer, in the quiz's language ('true'/'false' for true-or-false)
    explanation: str
    sources: list[Source]
    right: list[int]  # who answered right, first answer first
    wrong: list[int]
    note: str = ""  # the item's correction of a source, shown with the explanation ('' for none)


@dataclass(frozen=True)
class Standing:
    user_id: int
    correct: int
    answered: int


class GroupChannel(Protocol):
    async def post_question(self, view: QuestionView, nonce: str) -> int:
        """Post the question with its answer buttons; returns the message id."""
        ...

    async def show_results(self, message_id: int, result: QuestionResult) -> None:
        """Show the results on the question's message (its buttons go)."""
        ...

    async def show_skipped(self, message_id: int, lang: str, position: int) -> None:
        """Say on the question's message that it was changed in the course and is skipped (its buttons go)."""
        ...

    async def post_scoreboard(self, session_id: int, lang: str, total: int, standings: list[Standing],
                              nonce: str) -> None:
        ...


class GroupQuizService:
    def __init__(self, quiz: QuizService, quizzes: QuizRepository, clock: Clock, rng: random.Random | None = None):
        self.quiz = quiz
        self.quizzes = quizzes
        self.clock = clock
        self.rng = rng or random.Random()

    async def start(self, *, host_id: int, lang: str, guild_id: int, channel_id: int, topic: str | None = None,
                    length: int = 5, difficulty: int | None = None, seconds: int = 30) -> int:
        """Create a group quiz in a channel (one at a time per channel); `step` then runs it."""
        if not SECONDS[0] <= seconds <= SECONDS[1]:
            raise BadOption(option="seconds", hint=f"{SECONDS[0]}-{SECONDS[1]}")
        catalog = self.quiz.course.catalog
        if topic is not None and topic not in catalog.topics:
            raise NotFound(what="topic", name=topic)
        if await self.quizzes.running_groups(channel_id):
            raise GroupQuizRunning()
        candidates = [i for i in catalog.items_for(topic, difficulty) if isinstance(i, ONE_CLICK_FORMATS)]
        items = rules.choose_items(candidates, length, self.rng)
        if not items:
            raise NothingToQuiz()
        view = await self.quiz.start(user_id=host_id, lang=lang, guild_id=guild_id, channel_id=channel_id,
                                     topic=topic, length=length, difficulty=difficulty, mode="group", items=items,
                                     seconds=seconds)
        return view.session_id

    async def running(self, shards: Shards = ALL) -> list[tuple[int, int]]:
        """Every running group quiz in the servers of `shards`, as (session id, channel id)."""
        return await self.quizzes.running_groups(shards=shards)

    async def step(self, session_id: int, channel: GroupChannel) -> datetime | None:
        """Do what is due now; returns when to call again, or None once the quiz is over."""
        session = await self.quizzes.session(session_id)
        if session is None or session.status != "active" or session.mode != "group":
            return None
        now = self.clock.now()
        position = session.position
        row = await self.quizzes.question(session_id, position)
        try:
            view = await self.quiz.question(session_id, position)
        except ItemRemoved:  # a moderator removed or changed it mid-quiz: skipped, unscored
            log.info("group quiz %s: question %s was changed in the course; skipped", session_id, position + 1)
            if row is not None and row.message_id is not None:  # posted: its buttons go, and the channel is told
                try:
                    await channel.show_skipped(row.message_id, session.lang, position)
                except PostFailed as exc:
                    log.warning("group quiz %s: %s; trying again in %s", session_id, exc, RETRY)
                    return now + RETRY
                except PostRefused as exc:  # the message is gone or cannot be edited: nothing left to tell
                    log.info("group quiz %s: could not mark question %s skipped: %s", session_id, position + 1, exc)
            await self.quizzes.advance(session_id, position, now)
            return now
        try:
            if row.message_id is None:
                closes = row.closes_at if row.closes_at and row.closes_at > now else now + timedelta(
                    seconds=session.seconds or 30)
                if closes != row.closes_at:
                    await self.quizzes.set_closes_at(session_id, position, closes)
                message_id = await channel.post_question(replace(view, closes_at=closes), f"g{session_id}q{position}")
                await self.quizzes.set_message(session_id, position, message_id)
                return closes
            if now < row.closes_at:
                return row.closes_at
            await channel.show_results(row.message_id, await self._result(view))
            if position + 1 >= session.length:
                await channel.post_scoreboard(session_id, session.lang, session.length,
                                              await self.standings(session_id), f"g{session_id}end")
        except PostRefused as exc:
            log.warning("group quiz %s stopped: %s", session_id, exc)
            await self.quizzes.end(session_id, "abandoned", now)
            return None
        except PostFailed as exc:
            log.warning("group quiz %s: %s; trying again in %s", session_id, exc, RETRY)
            return now + RETRY
        await self.quizzes.advance(session_id, position, now)
        return None if position + 1 >= session.length else now

    async def standings(self, session_id: int) -> list[Standing]:
        return [Standing(r["user_id"], r["correct"], r["answered"]) for r in await self.quizzes.scoreboard(session_id)]

    async def _result(self, view: QuestionView) -> QuestionResult:
        answers = await self.quizzes.question_answers(view.session_id, view.position)
        catalog = self.quiz.course.catalog
        return QuestionResult(
            question=view, expected=rules.correct_text(view.item, view.lang),
            explanation=view.item.explanation.get(view.lang),
            sources=[catalog.sources[s] for s in view.item.sources if s in catalog.sources],
            right=[a["user_id"] for a in answers if a["correct"]],
            wrong=[a["user_id"] for a in answers if not a["correct"]], note=note_in(view.item, view.lang))
