"""Solo, group and review quizzes: start, present, answer, move on, sum up."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from bot.domain import quiz as rules
from bot.domain.catalog import Catalog
from bot.domain.clock import Clock
from bot.domain.errors import (
    AlreadyAnswered,
    BadOption,
    ItemRemoved,
    NotCurrentQuestion,
    NotFound,
    NothingToQuiz,
    NotYourQuiz,
    QuestionClosed,
    QuizFinished,
    QuizNotFound,
)
from bot.domain.quiz_items import QuizItem, WhoSaidIt
from bot.domain.review import schedule
from bot.services.course import CourseService
from bot.services.views import Feedback, QuestionView, Summary
from bot.storage.progress import ProgressRepository
from bot.storage.quizzes import AnswerRecord, QuestionRow, QuizRepository, SessionRow

MODES = ("solo", "group", "review")


def week_of(when: datetime) -> str:
    year, week, _ = when.isocalendar()
    return f"{year}-W{week:02d}"


class QuizService:
    def __init__(self, course: CourseService, quizzes: QuizRepository, progress: ProgressRepository,
                 clock: Clock, rng: random.Random | None = None):
        self.course = course
        self.quizzes = quizzes
        self.progress = progress
        self.clock = clock
        self.rng = rng or random.Random()

    async def start(self, *, user_id: int, lang: str, guild_id: int | None = None,
                    channel_id: int | None = None, topic: str | None = None, length: int = 5,
                    difficulty: int | None = None, mode: str = "solo",
                    items: list[QuizItem] | None = None, seconds: int | None = None) -> QuestionView:
        catalog = self.course.catalog
        if mode not in MODES:
            raise BadOption(option="mode", hint=", ".join(MODES))
        if not 1 <= length <= rules.MAX_LENGTH:
            raise BadOption(option="length", hint=f"1-{rules.MAX_LENGTH}")
        if difficulty is not None and difficulty not in (1, 2, 3):
            raise BadOption(option="difficulty", hint="1-3")
        if topic is not None and topic not in catalog.topics:
            raise NotFound(what="topic", name=topic)
        if items is None:
            candidates = catalog.items_for(topic, difficulty)
            history = {i: r.last_correct for i, r in (await self.progress.item_records(user_id)).items()}
            items = rules.choose_items(candidates, length, self.rng, history)
        if not items:
            raise NothingToQuiz()
        session_id = await self.quizzes.create(
            user_id=user_id, guild_id=guild_id, channel_id=channel_id, mode=mode, topic_id=topic,
            difficulty=difficulty, lang=lang, now=self.clock.now(),
            questions=[(item.id, rules.shuffle_order(item, self.rng)) for item in items], seconds=seconds,
            replace_active=mode != "group",
        )
        return await self.question(session_id)

    async def question(self, session_id: int, position: int | None = None) -> QuestionView:
        """The question at `position` (default: the current one)."""
        session = await self._session(session_id)
        position = session.position if position is None else position
        if position >= session.length:
            raise QuizFinished()
        row = await self.quizzes.question(session_id, position)
        if row is None:
            raise QuizNotFound()
        return self._view(session, row)

    async def answer(self, session_id: int, position: int, user_id: int, response: object) -> Feedback:
        """Check, grade and store one answer. The checks and the writes are one transaction: nothing can
        change the quiz (a timer closing the question, a second click) between them."""
        catalog, now = self.course.catalog, self.clock.now()

        def decide(session: SessionRow | None, row: QuestionRow | None,
                   answered: bool) -> tuple[AnswerRecord, Feedback]:
            if session is None:
                raise QuizNotFound()
            if session.mode != "group" and session.user_id != user_id:
                raise NotYourQuiz()
            if row is None:
                raise QuizNotFound()
            if answered:
                raise AlreadyAnswered()
            if session.status != "active":
                raise QuizFinished()
            if position != session.position:
                raise NotCurrentQuestion()
            if row.closes_at is not None and now > row.closes_at:
                raise QuestionClosed()
            view = self._view(session, row, catalog)
            grade = rules.grade(view.item, row.display_order, response, session.lang)
            record = AnswerRecord(user_id=user_id, guild_id=session.guild_id, session_id=session_id,
                                  position=position, item_id=row.item_id, answer=grade.stored,
                                  correct=grade.correct, at=now, day=now.date().isoformat(), week=week_of(now))
            return record, Feedback(
                question=view,
                grade=grade,
                explanation=view.item.explanation.get(session.lang),
                sources=[catalog.sources[s] for s in view.item.sources if s in catalog.sources],
                is_last=position + 1 >= session.length,
            )

        feedback = await self.quizzes.answer(session_id, position, user_id, decide,
                                             lambda card, correct: schedule(card, correct, now))
        if feedback is None:
            raise AlreadyAnswered()
        return feedback

    async def next(self, session_id: int, from_position: int, user_id: int) -> QuestionView | Summary:
        """Move on from `from_position`. Clicking Next twice never skips a question. The check and the move
        are one transaction, like an answer's."""

        def advance(session: SessionRow, answered: bool) -> bool:
            if session.mode != "group" and session.user_id != user_id:
                raise NotYourQuiz()
            if session.status != "active" or session.position != from_position:
                return False  # moved on already (a second click, a group), or finished: show where it is
            if not answered and session.mode != "group":
                raise NotCurrentQuestion()
            return True

        session, row = await self.quizzes.move_on(session_id, from_position, user_id, self.clock.now(), advance)
        if session is None:
            raise QuizNotFound()
        if session.status != "active" or session.position >= session.length:
            return await self.summary(session_id, user_id)
        if row is None:
            raise QuizNotFound()
        return self._view(session, row)

    async def open_for(self, session_id: int, position: int, seconds: int) -> datetime:
        """Start a group question's timer; answers after it are refused."""
        closes_at = self.clock.now() + timedelta(seconds=seconds)
        await self.quizzes.set_closes_at(session_id, position, closes_at)
        return closes_at

    async def summary(self, session_id: int, user_id: int) -> Summary:
        session = await self._session(session_id)
        attempts = await self.quizzes.session_attempts(session_id, user_id)
        catalog = self.course.catalog
        missed = [catalog.items[a["item_id"]] for a in attempts
                  if not a["correct"] and a["item_id"] in catalog.items]
        return Summary(session_id, session.length, len(attempts), sum(a["correct"] for a in attempts), missed)

    async def _session(self, session_id: int) -> SessionRow:
        session = await self.quizzes.session(session_id)
        if session is None:
            raise QuizNotFound()
        return session

    def _view(self, session: SessionRow, row: QuestionRow, catalog: Catalog | None = None) -> QuestionView:
        catalog = catalog or self.course.catalog
        item = catalog.items.get(row.item_id)
        if item is None or not _order_fits(item, row.display_order):
            raise ItemRemoved()
        quote = catalog.quotes.get(item.quote) if isinstance(item, WhoSaidIt) else None
        return QuestionView(
            session_id=session.id, position=row.position, total=session.length, mode=session.mode,
            owner_id=session.user_id, lang=session.lang, item=item,
            choices=rules.labels(item, row.display_order, session.lang), quote=quote, closes_at=row.closes_at,
        )


def _order_fits(item: QuizItem, order: tuple[int, ...]) -> bool:
    """A stored display order still matches the item (a moderator may have edited its choices)."""
    return sorted(order) == list(range(rules.option_count(item)))
