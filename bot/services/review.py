"""Review: due spaced-repetition items first, then the learner's weakest topic."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.domain.clock import Clock
from bot.domain.days import local_date
from bot.domain.errors import (
    AlreadyRated,
    NotFound,
    NothingDue,
    NothingToReview,
    NotRatable,
    NotYourQuiz,
    QuizNotFound,
    ReviewedSince,
)
from bot.domain.quiz_items import QuizItem
from bot.domain.review import Rating, replay, review
from bot.services.course import CourseService
from bot.services.learners import LearnerService
from bot.services.quiz import QuizService
from bot.services.views import QuestionView
from bot.storage.progress import ProgressRepository
from bot.storage.ratings import RatedSince, RatingRepository

SELF_RATINGS = (int(Rating.Hard), int(Rating.Good), int(Rating.Easy))  # a wrong answer is Again, not rated


@dataclass(frozen=True)
class ReviewPlan:
    """What a review serves, so the learner is told: `due` questions due for review, then (if any) questions
    from their weakest topic; and when the next card falls due after those served."""
    items: list[QuizItem]
    due: int
    weakest: str | None  # topic id
    next_due: datetime | None


@dataclass(frozen=True)
class RatedAnswer:
    """A review answer the learner rated: the rating, when the card is next due, and the quiz's language and
    whether the question was its last (to redraw Next)."""
    rating: int
    due: datetime
    lang: str
    is_last: bool


class ReviewService:
    def __init__(self, course: CourseService, quizzes: QuizService, progress: ProgressRepository, clock: Clock,
                 ratings: RatingRepository, learners: LearnerService):
        self.course = course
        self.quizzes = quizzes
        self.progress = progress
        self.clock = clock
        self.ratings = ratings
        self.learners = learners

    async def rate(self, session_id: int, position: int, user_id: int, rating: int) -> RatedAnswer:
        """The learner's own rating (Hard, Good or Easy) of their right answer to a review question, given to
        FSRS in place of the Good it was stored with: the card is rescheduled from its state before that answer
        (replayed from the log rows before the answer's own row), as of the answer's time. Refused for anyone but
        the quiz's learner, for a wrong answer or one not in a review, a second time, and once the card was
        reviewed again since."""
        if rating not in SELF_RATINGS:
            raise NotFound(what="rating", name=str(rating))
        answered = await self.ratings.answered(session_id, position, user_id)
        if answered is None:
            raise QuizNotFound()
        if answered.owner_id != user_id:
            raise NotYourQuiz()
        if answered.mode != "review" or answered.item_id is None or not answered.correct \
                or answered.answered_at is None:
            raise NotRatable()
        mine = answered.logged  # the answer's own row, not the rows of its second: a miss may share that
        if mine is None:  # its log is gone (the learner's data deleted since), or 0021 could not tell it
            raise NotRatable()
        if mine.self_rated:
            raise AlreadyRated()
        place = answered.log.index(mine)
        if place + 1 < len(answered.log):
            raise ReviewedSince()
        before = replay([logged.event for logged in answered.log[:place]])
        card, _ = review(before, Rating(rating), mine.event.reviewed_at)
        try:
            if not await self.ratings.rate(user_id, answered.item_id, mine, rating, card):
                raise AlreadyRated()
        except RatedSince:
            raise ReviewedSince() from None
        return RatedAnswer(rating, card.due, answered.lang, position + 1 >= answered.length)

    async def plan(self, user_id: int, length: int = 10) -> ReviewPlan:
        catalog, now = self.course.catalog, self.clock.now()
        due = [catalog.items[i] for i in await self.progress.due_items(user_id, now, length)
               if i in catalog.items]
        next_due = await self.progress.next_due(user_id, now)
        if len(due) >= length:
            return ReviewPlan(due[:length], length, None, next_due)
        records = await self.progress.item_records(user_id)
        if not records:
            return ReviewPlan(due, len(due), None, next_due)
        # weakest topic: the lowest share of right answers among the topics the learner has tried
        scores: dict[str, list[int]] = {}
        for item_id, record in records.items():
            item = catalog.items.get(item_id)
            for topic in item.topics if item else ():
                tally = scores.setdefault(topic, [0, 0])
                tally[0] += record.correct
                tally[1] += record.answered
        served, weakest = list(due), None
        chosen = {i.id for i in due}
        for topic in sorted(scores, key=lambda t: (scores[t][0] / scores[t][1], t)):
            for item in catalog.items_for(topic):
                recent_right = records.get(item.id) and records[item.id].last_correct
                if item.id not in chosen and not recent_right and len(served) < length:
                    served.append(item)
                    chosen.add(item.id)
                    weakest = weakest or topic
            if len(served) >= length:
                break
        return ReviewPlan(served, len(due), weakest, next_due)

    async def start(self, *, user_id: int, lang: str, guild_id: int | None = None,
                    channel_id: int | None = None, length: int = 10, plan: ReviewPlan | None = None) -> QuestionView:
        """The review's first question (of `plan`, made now if not given). A learner with nothing to review is
        told why: no answers yet, or everything right and nothing due (with the date the next review is due,
        on the learner's clock)."""
        plan = plan or await self.plan(user_id, length)
        if not plan.items:
            if plan.next_due is None and not await self.progress.item_records(user_id):
                raise NothingToReview()
            if plan.next_due is None:
                raise NothingDue(when="—")
            zone = await self.learners.zone(user_id)  # read only when there is nothing to serve
            raise NothingDue(when=local_date(plan.next_due, zone).isoformat(), next_due=plan.next_due)
        return await self.quizzes.start(user_id=user_id, lang=lang, guild_id=guild_id, channel_id=channel_id,
                                        length=len(plan.items), mode="review", items=plan.items)
