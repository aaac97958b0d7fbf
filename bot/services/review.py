"""Review: due spaced-repetition items first, then the learner's weakest topic."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.domain.clock import Clock
from bot.domain.errors import NothingDue, NothingToReview
from bot.domain.quiz_items import QuizItem
from bot.services.course import CourseService
from bot.services.quiz import QuizService
from bot.services.views import QuestionView
from bot.storage.progress import ProgressRepository


@dataclass(frozen=True)
class ReviewPlan:
    """What a review serves, so the learner is told: `due` questions due for review, then (if any) questions
    from their weakest topic; and when the next card falls due after those served."""
    items: list[QuizItem]
    due: int
    weakest: str | None  # topic id
    next_due: datetime | None


class ReviewService:
    def __init__(self, course: CourseService, quizzes: QuizService, progress: ProgressRepository, clock: Clock):
        self.course = course
        self.quizzes = quizzes
        self.progress = progress
        self.clock = clock

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
        told why: no answers yet, or everything right and nothing due (with when the next review is)."""
        plan = plan or await self.plan(user_id, length)
        if not plan.items:
            if plan.next_due is None and not await self.progress.item_records(user_id):
                raise NothingToReview()
            raise NothingDue(when=plan.next_due.date().isoformat() if plan.next_due else "—")
        return await self.quizzes.start(user_id=user_id, lang=lang, guild_id=guild_id, channel_id=channel_id,
                                        length=len(plan.items), mode="review", items=plan.items)
