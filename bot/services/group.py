"""Group quizzes: posted in a channel, each member answers each question once before its timer ends;
the results follow each question and a scoreboard ends the quiz.

Everything is in the database (the session's position, each question's closing time and message, a pause
and a stop), so `step` can be called again after a restart and picks up where the quiz was: a question not yet
posted is posted, one whose time is up gets its results, and the quiz moves on. Posting goes through
`GroupChannel`.

The quiz's host, or a moderator of its server, may pause it (its question closes, keeping the time it had left,
until resumed), skip the question (it closes now: its results, then the next) or stop it (the question's
results and the scoreboard so far, and it ends). Each is one conditional write that the quiz's step then acts
on, so a control and the timer never both move the quiz on, and a restart finds it paused or stopped.
"""

from __future__ import annotations

import logging
import math
import random
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Protocol

from bot.domain import quiz as rules
from bot.domain.clock import Clock
from bot.domain.content import Source, note_in
from bot.domain.errors import (
    BadOption,
    GroupControlMissed,
    GroupQuizRunning,
    ItemRemoved,
    NotFound,
    NothingToQuiz,
    NotModerator,
    NotQuizHost,
    QuizFinished,
    QuizNotFound,
)
from bot.domain.quiz_items import MultipleChoice, TrueFalse, WhoSaidIt
from bot.domain.shards import ALL, Shards
from bot.services.guilds import GuildSettingsService
from bot.services.posting import PostFailed, PostRefused
from bot.services.quiz import QuizService
from bot.services.views import QuestionView
from bot.storage.quizzes import QuestionRow, QuizRepository, SessionRow

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


@dataclass(frozen=True)
class Controller:
    """Who clicked a group quiz's control, where, and as their server sees them: the host is the quiz's
    starter; a moderator manages the server or holds its moderator role (as for the moderator commands)."""

    user_id: int
    channel_id: int | None  # where the click came from: only the quiz's own channel controls it
    manages_server: bool = False
    role_ids: tuple[int, ...] = ()


class GroupChannel(Protocol):
    async def post_question(self, view: QuestionView, nonce: str, paused: bool = False) -> int:
        """Post the question with its answer buttons (`paused`: shown paused, its answers waiting); returns the
        message id."""
        ...

    async def show_results(self, message_id: int, result: QuestionResult) -> None:
        """Show the results on the question's message (its buttons go)."""
        ...

    async def show_skipped(self, message_id: int, lang: str, position: int) -> None:
        """Say on the question's message that it was changed in the course and is skipped (its buttons go)."""
        ...

    async def post_scoreboard(self, session_id: int, lang: str, total: int, standings: list[Standing],
                              nonce: str, stopped: bool = False) -> None:
        """The scoreboard out of `total` questions (`stopped`: the quiz was stopped, and these are all it asked)."""
        ...


class GroupQuizService:
    def __init__(self, quiz: QuizService, quizzes: QuizRepository, clock: Clock, rng: random.Random | None = None,
                 guilds: GuildSettingsService | None = None):
        self.quiz = quiz
        self.quizzes = quizzes
        self.clock = clock
        self.rng = rng or random.Random()
        self.guilds = guilds  # who moderates a server (None: only the host controls a quiz)

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
        if session.stopped_at is not None:
            return await self._end_stopped(session, channel, now)
        position = session.position
        row = await self.quizzes.question(session_id, position)
        if session.paused_left is not None:  # nothing is due until `resume`, which runs the quiz again
            return await self._show_paused(session, row, channel, now)
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
                if closes != row.closes_at and not await self.quizzes.open_question(session_id, position, closes):
                    return now  # paused or stopped meanwhile: look again
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

    async def _show_paused(self, session: SessionRow, row: QuestionRow | None, channel: GroupChannel,
                           now: datetime) -> datetime | None:
        """A paused quiz waits for `resume`; its question is posted, paused, if a pause came before it was (the
        host's Resume is on it)."""
        if row is None or row.message_id is not None:
            return None
        try:
            view = await self.quiz.question(session.id, session.position)
            message_id = await channel.post_question(replace(view, closes_at=None),
                                                     f"g{session.id}q{session.position}", paused=True)
        except ItemRemoved:  # its skip is the step's, once resumed
            return None
        except PostRefused as exc:
            log.warning("group quiz %s stopped: %s", session.id, exc)
            await self.quizzes.end(session.id, "abandoned", now)
            return None
        except PostFailed as exc:
            log.warning("group quiz %s: %s; trying again in %s", session.id, exc, RETRY)
            return now + RETRY
        await self.quizzes.set_message(session.id, session.position, message_id)
        return None

    async def _end_stopped(self, session: SessionRow, channel: GroupChannel, now: datetime) -> datetime | None:
        """A stopped quiz: its current question's results (if it was posted), the scoreboard of the questions
        asked, and the end."""
        position, asked = session.position, session.position
        row = await self.quizzes.question(session.id, position)
        try:
            if row is not None and row.message_id is not None:
                try:
                    view = await self.quiz.question(session.id, position)
                except ItemRemoved:
                    await channel.show_skipped(row.message_id, session.lang, position)
                else:
                    await channel.show_results(row.message_id, await self._result(view))
                    asked = position + 1
            await channel.post_scoreboard(session.id, session.lang, asked, await self.standings(session.id),
                                          f"g{session.id}end", stopped=True)
        except PostRefused as exc:
            log.warning("group quiz %s: its end could not be shown: %s", session.id, exc)
            await self.quizzes.end(session.id, "abandoned", now)
            return None
        except PostFailed as exc:
            log.warning("group quiz %s: %s; trying again in %s", session.id, exc, RETRY)
            return now + RETRY
        await self.quizzes.end(session.id, "finished", now)
        return None

    async def pause(self, session_id: int, position: int, by: Controller) -> QuestionView:
        """Pause the quiz at its question `position`: the question closes, keeping the seconds it had left, and
        takes no answers until `resume`. Returns the question (without a closing time)."""
        session = await self._hosted(session_id, by)
        row = await self.quizzes.question(session_id, position)
        if session.paused_left is not None or session.position != position or row is None:
            raise GroupControlMissed()
        now = self.clock.now()
        if row.message_id is not None and row.closes_at is not None and row.closes_at <= now:
            raise GroupControlMissed()  # its time is up: its results are on their way
        if row.closes_at is None or row.closes_at <= now:  # not posted yet: all of its time
            left = session.seconds or 30
        else:
            left = math.ceil((row.closes_at - now).total_seconds())
        if not await self.quizzes.pause(session_id, position, left, now):
            raise GroupControlMissed()
        log.info("group quiz %s paused at question %s by %s", session_id, position + 1, by.user_id)
        return replace(await self.quiz.question(session_id, position), closes_at=None)

    async def resume(self, session_id: int, position: int, by: Controller) -> QuestionView:
        """Take up a paused quiz at its question `position`, with the time it had left. Returns the question,
        with its new closing time; the quiz's step must then run again."""
        session = await self._hosted(session_id, by)
        if session.paused_left is None or session.position != position:
            raise GroupControlMissed()
        closes = self.clock.now() + timedelta(seconds=session.paused_left)
        if not await self.quizzes.resume(session_id, position, closes):
            raise GroupControlMissed()
        log.info("group quiz %s resumed at question %s by %s", session_id, position + 1, by.user_id)
        return await self.quiz.question(session_id, position)

    async def skip(self, session_id: int, position: int, by: Controller) -> str:
        """Close the question at `position` now (out of a pause too); the quiz's step shows its results, as when
        its time is up, then the next question. A second click, or one after the question closed, is refused.
        Returns the quiz's language."""
        session = await self._hosted(session_id, by)
        row = await self.quizzes.question(session_id, position)
        now = self.clock.now()
        if (session.position != position or row is None
                or session.paused_left is None and row.closes_at is not None and row.closes_at <= now):
            raise GroupControlMissed()
        if not await self.quizzes.skip(session_id, position, now):
            raise GroupControlMissed()
        log.info("group quiz %s: question %s skipped by %s", session_id, position + 1, by.user_id)
        return session.lang

    async def stop(self, session_id: int, by: Controller) -> str:
        """End the quiz now; its step shows the current question's results and the scoreboard so far. Returns the
        quiz's language."""
        session = await self._hosted(session_id, by)
        if not await self.quizzes.stop(session_id, self.clock.now()):
            raise QuizFinished()
        log.info("group quiz %s stopped by %s", session_id, by.user_id)
        return session.lang

    async def _hosted(self, session_id: int, by: Controller) -> SessionRow:
        """The running group quiz `by` may control: its host, or a moderator of its server."""
        session = await self.quizzes.session(session_id)
        if session is None or session.mode != "group" or by.channel_id != session.channel_id:
            raise QuizNotFound()  # a control forged in another channel, or server, is nobody's
        if by.user_id != session.user_id:
            if self.guilds is None:
                raise NotQuizHost()
            try:
                await self.guilds.require_moderator(session.guild_id, by.manages_server, by.role_ids)
            except NotModerator:
                raise NotQuizHost() from None
        if session.status != "active" or session.stopped_at is not None:
            raise QuizFinished()
        return session

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
