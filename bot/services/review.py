"""Review: due spaced-repetition items first, then the learner's weakest topic."""

from __future__ import annotations

from bot.domain.clock import Clock
from bot.domain.errors import NothingToQuiz
from bot.domain.quiz_items import QuizItem
from bot.services.course import CourseService
from bot.services.quiz import QuizService
from bot.services.views import QuestionView
from bot.storage.progress import ProgressRepository


class ReviewService:
    def __init__(self, course: CourseService, quizzes: QuizService, progress: ProgressRepository, clock: Clock):
        self.course = course
        self.quizzes = quizzes
        self.progress = progress
        self.clock = clock

    async def plan(self, user_id: int, length: int = 10) -> list[QuizItem]:
        catalog = self.course.catalog
        due = [catalog.items[i] for i in await self.progress.due_items(user_id, self.clock.now(), length)
               if i in catalog.items]
        if len(due) >= length:
            return due[:length]
        records = await self.progress.item_records(user_id)
        if not records:
            return due
        # weakest topic: the lowest share of right answers among the topics the learner has tried
        scores: dict[str, list[int]] = {}
        for item_id, record in records.items():
            item = catalog.items.get(item_id)
            for topic in item.topics if item else ():
                tally = scores.setdefault(topic, [0, 0])
                tally[0] += record.correct
                tally[1] += record.answered
        chosen = {i.id for i in due}
        for topic in sorted(scores, key=lambda t: (scores[t][0] / scores[t][1], t)):
            for item in catalog.items_for(topic):
                recent_right = records.get(item.id) and records[item.id].last_correct
                if item.id not in chosen and not recent_right and len(due) < length:
                    due.append(item)
                    chosen.add(item.id)
            if len(due) >= length:
                break
        return due

    async def start(self, *, user_id: int, lang: str, guild_id: int | None = None,
                    channel_id: int | None = None, length: int = 10) -> QuestionView:
        items = await self.plan(user_id, length)
        if not items:
            raise NothingToQuiz(reason="review")
        return await self.quizzes.start(user_id=user_id, lang=lang, guild_id=guild_id, channel_id=channel_id,
                                        length=len(items), mode="review", items=items)
