"""Solo, group and review quizzes: start, present, answer, move on, sum up."""

from __future__ import annotations

import random
from collections import OrderedDict
from datetime import datetime, timedelta

from bot.domain import quiz as rules
from bot.domain.catalog import Catalog
from bot.domain.clock import Clock
from bot.domain.content import Topic, note_in
from bot.domain.days import local_date, zone_named
from bot.domain.errors import (
    AlreadyAnswered,
    BadOption,
    GroupPaced,
    GroupPaused,
    GroupQuizRunning,
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
from bot.services.views import Feedback, Missed, QuestionView, Summary
from bot.storage.progress import ProgressRepository
from bot.storage.quizzes import AnswerRecord, AnswerState, QuestionRow, QuizRepository, SessionRow

MODES = ("solo", "group", "review")
ABANDONED_KEPT = timedelta(days=1)  # an abandoned quiz's questions are kept this long (a late click still gets a reply)
# Questions shown to their learner and not yet answered, whose state (read to show them) is kept for the answer:
# the oldest go first past this many (a few MB); an answer whose state went is read afresh.
SHOWN_KEPT = 4096


def week_of(when: datetime) -> str:
    """The leaderboard week of an answer: a server's, counted in UTC (its members' zones differ), unlike the
    learner's own days."""
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
        self._shown: OrderedDict[tuple[int, int, int], AnswerState] = OrderedDict()

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
            questions=[(item.id, order, rules.shown_keys(item, order))
                       for item in items for order in [rules.shuffle_order(item, self.rng)]],
            seconds=seconds, replace_active=mode != "group",
        )
        if session_id is None:
            raise GroupQuizRunning()
        if mode == "group":
            return await self.question(session_id)
        state = await self.quizzes.answer_state(session_id, 0, user_id)
        if state.session is None or state.question is None:
            raise QuizNotFound()
        view = self._view(state.session, state.question)
        self._keep(state, user_id)
        return view

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

    async def answer(self, session_id: int, position: int, user_id: int, response: object, *,
                     channel_id: int | None = None, message_id: int | None = None) -> Feedback:
        """Check, grade and store one answer: read the quiz as it stands, decide here, then write the outcome in
        one transaction that stores it only if the question is still open for it (a timer closing the question
        or a second click in between makes it write nothing, and the answer is checked again). A question the
        learner already answered gets the feedback of that first answer again (`Feedback.again`), unchanged: a
        click whose reply was lost on its way to Discord must not leave the learner without feedback and Next.
        A group question is answered only from its own message (`channel_id`, `message_id`: where the click
        came from), in its own channel: anyone there may answer it, nobody elsewhere."""
        # The state read when the question was shown to this learner (`_keep`), if this process showed it: the
        # answer is then one trip, the write, which refuses it if anything it was decided on changed since.
        kept = self._shown.pop((session_id, position, user_id), None)
        for _ in range(3 if kept else 2):  # a fresh look sees what came in between: the first answer, a closed
            now = self.clock.now()         # question, a card changed elsewhere
            state = kept or await self.quizzes.answer_state(session_id, position, user_id)
            kept = None
            day = local_date(now, zone_named(state.timezone)).isoformat()  # the learner's day, in their zone
            record, feedback = self._decide(state, session_id, position, user_id, response, now, day,
                                            channel_id, message_id)
            if record is None:
                return feedback
            card, event = schedule(state.card, record.correct, now)
            # the day is recorded unless it is their latest already (a day recorded twice is kept once anyway)
            if await self.quizzes.record_answer(record, card, event, new_day=day != state.last_day,
                                                card_version=state.card_version):
                return feedback
        raise AlreadyAnswered()

    def _decide(self, state: AnswerState, session_id: int, position: int, user_id: int, response: object,
                now: datetime, day: str, channel_id: int | None,
                message_id: int | None) -> tuple[AnswerRecord | None, Feedback]:
        """The answer to store (None: nothing to store) and the learner's feedback; raises for an answer that
        is not allowed."""
        catalog = self.course.catalog
        session, row, past, so_far = state.session, state.question, state.past, state.so_far
        if session is None:
            raise QuizNotFound()
        if session.mode != "group" and session.user_id != user_id:
            raise NotYourQuiz()
        if row is None:
            raise QuizNotFound()
        if session.mode == "group" and (channel_id != session.channel_id
                                        or row.message_id not in (None, message_id)):
            raise QuizNotFound()  # a click forged on another message, or from another channel or server
        if past is not None:  # shown again, as it was graded; a question changed since has no feedback
            try:
                view = self._view(session, row, catalog)
            except ItemRemoved:
                raise AlreadyAnswered() from None
            grade = rules.recall(view.item, past.answer, past.correct, session.lang, view.choices,
                                 row.display_order)
            return None, self._feedback(view, grade, session.length, catalog, so_far, again=True)
        if session.status != "active" or session.stopped_at is not None:  # a stopped group quiz is ending
            raise QuizFinished()
        if position != session.position:
            raise NotCurrentQuestion()
        if session.paused_left is not None:  # its question's timer is stopped
            raise GroupPaused()
        if row.closes_at is not None and now > row.closes_at:
            raise QuestionClosed()
        view = self._view(session, row, catalog)
        grade = rules.grade(view.item, view.order, response, session.lang, row.display_order,
                            catalog.other_answers(view.item.id))
        record = AnswerRecord(user_id=user_id, guild_id=session.guild_id, session_id=session_id,
                              position=position, item_id=row.item_id, answer=grade.stored,
                              correct=grade.correct, at=now, day=day, week=week_of(now))
        return record, self._feedback(view, grade, session.length, catalog,
                                      (so_far[0] + grade.correct, so_far[1] + 1))

    @staticmethod
    def _feedback(view: QuestionView, grade: rules.Grade, length: int, catalog: Catalog, score: tuple[int, int],
                  again: bool = False) -> Feedback:
        return Feedback(question=view, grade=grade, explanation=view.item.explanation.get(view.lang),
                        sources=[catalog.sources[s] for s in view.item.sources if s in catalog.sources],
                        is_last=view.position + 1 >= length, again=again, score=score,
                        note=note_in(view.item, view.lang))

    async def next(self, session_id: int, from_position: int, user_id: int) -> QuestionView | Summary:
        """Move on from `from_position`. Clicking Next twice never skips a question: the move is a conditional
        write that only a quiz still at `from_position` takes."""
        catalog = self.course.catalog
        position = from_position
        # the usual Next (their own quiz, the question answered) is one write; anything else is looked at below
        if await self.quizzes.advance_answered(session_id, position, user_id, self.clock.now()):
            position += 1
        while True:
            state = await self.quizzes.answer_state(session_id, position, user_id)
            session, row, past = state.session, state.question, state.past
            if session is None:
                raise QuizNotFound()
            if session.mode == "group":  # its timer moves it on, for everyone: no member's click does
                raise GroupPaced()
            if session.user_id != user_id:
                raise NotYourQuiz()
            if session.status != "active" or session.position != position:
                # moved on already (a second click), or finished: show where it is
                if session.status == "active":
                    session, row, _ = await self.quizzes.at(session_id, session.position, user_id)
                break
            if past is None and not self._gone(row, catalog):
                if position == from_position:
                    raise NotCurrentQuestion()
                self._keep(state, user_id)
                break  # the next question, to show
            # answered, or removed from the course since the quiz began (passed over, unscored): move on
            await self.quizzes.advance(session_id, position, self.clock.now())
            position += 1
        if session is None:
            raise QuizNotFound()
        if session.status != "active" or session.position >= session.length:
            return await self.summary(session_id, user_id)
        if row is None:
            raise QuizNotFound()
        return self._view(session, row, catalog)

    async def prune(self, older_than: timedelta = ABANDONED_KEPT) -> int:
        """Forget quizzes abandoned (replaced by a newer start) more than `older_than` ago; the answers given in
        them stay, with the learner's progress. Returns how many went."""
        return await self.quizzes.prune_abandoned(self.clock.now() - older_than)

    async def open_for(self, session_id: int, position: int, seconds: int) -> datetime:
        """Start a group question's timer; answers after it are refused."""
        closes_at = self.clock.now() + timedelta(seconds=seconds)
        await self.quizzes.set_closes_at(session_id, position, closes_at)
        return closes_at

    async def summary(self, session_id: int, user_id: int, *, details: bool = True) -> Summary:
        """How `user_id` did in a quiz. With `details`, also what they missed (each question as asked, their
        answer and the right one, in the quiz's language) and the topic most of those belong to; without, only
        the counts (the running score shown after each answer)."""
        session = await self._session(session_id)
        attempts = await self.quizzes.session_attempts(session_id, user_id)
        catalog = self.course.catalog
        missed: list[Missed] = []
        if details:
            for a in attempts:
                if not a["correct"] and a["item_id"] in catalog.items:
                    missed.append(await self._missed(session, a["position"], a["item_id"], user_id, catalog))
        return Summary(session_id, session.length, len(attempts), sum(a["correct"] for a in attempts), missed,
                       owner_id=session.user_id, topic=session.topic_id, difficulty=session.difficulty,
                       weakest=_weakest(missed, catalog), mode=session.mode)

    async def _missed(self, session: SessionRow, position: int, item_id: str, user_id: int,
                      catalog: Catalog) -> Missed:
        item, lang = catalog.items[item_id], session.lang
        row = await self.quizzes.question(session.id, position)
        stored = next((a["answer"] for a in await self.quizzes.question_answers(session.id, position)
                       if a["user_id"] == user_id), None)
        asked = item.prompt.get(lang) if item.prompt else ""
        quote, translated = "", False
        if isinstance(item, WhoSaidIt) and item.quote in catalog.quotes:
            quote, translated = catalog.quotes[item.quote].text_in(lang)
        try:
            view = self._view(session, row, catalog) if row is not None and stored is not None else None
        except ItemRemoved:  # its choices changed since: what the learner picked can no longer be named
            view = None
        if view is None or row is None or stored is None:
            return Missed(item, asked, "", rules.correct_text(item, lang), quote, translated)
        grade = rules.recall(item, stored, False, lang, view.choices, row.display_order)
        return Missed(item, asked, grade.given, grade.expected, quote, translated)

    async def _session(self, session_id: int) -> SessionRow:
        session = await self.quizzes.session(session_id)
        if session is None:
            raise QuizNotFound()
        return session

    def _view(self, session: SessionRow, row: QuestionRow, catalog: Catalog | None = None) -> QuestionView:
        catalog = catalog or self.course.catalog
        item = catalog.items.get(row.item_id)
        order = None if item is None else _order_now(item, row)
        if item is None or order is None:
            raise ItemRemoved()
        quote = catalog.quotes.get(item.quote) if isinstance(item, WhoSaidIt) else None
        return QuestionView(
            session_id=session.id, position=row.position, total=session.length, mode=session.mode,
            owner_id=session.user_id, lang=session.lang, item=item,
            choices=rules.labels(item, order, session.lang), quote=quote, closes_at=row.closes_at, order=order,
        )

    def _keep(self, state: AnswerState, user_id: int) -> None:
        """Keep the state of a question just shown to its learner in a solo or review quiz, for their answer (a
        group question's changes with each member's answer: its answers always read)."""
        if state.session is None or state.question is None or state.session.mode == "group":
            return
        key = (state.session.id, state.question.position, user_id)
        self._shown[key] = state
        self._shown.move_to_end(key)
        while len(self._shown) > SHOWN_KEPT:
            self._shown.popitem(last=False)

    @staticmethod
    def _gone(row: QuestionRow | None, catalog: Catalog) -> bool:
        """The question's item was removed from the course, or its choices changed, since the quiz began."""
        if row is None:
            return False
        item = catalog.items.get(row.item_id)
        return item is None or _order_now(item, row) is None


def _weakest(missed: list[Missed], catalog: Catalog) -> Topic | None:
    """The topic most missed questions belong to (the course's first of those tied)."""
    counts: dict[str, int] = {}
    for m in missed:
        for topic in m.item.topics:
            counts[topic] = counts.get(topic, 0) + 1
    ranked = [tp for tp in catalog.topics.values() if tp.id in counts]
    return max(ranked, key=lambda tp: counts[tp.id], default=None)


def _order_now(item: QuizItem, row: QuestionRow) -> tuple[int, ...] | None:
    """Where each choice the learner was shown is in the item as it is now (a moderator may have reordered
    them since): None when that cannot be known (a choice added, removed or reworded), and the question
    is then passed over unscored. Rows from before the choices' keys were kept have only positions: they
    are used as they are when the count still matches."""
    if row.shown is not None:
        return rules.current_order(item, row.shown)
    order = row.display_order
    return order if sorted(order) == list(range(rules.option_count(item))) else None
