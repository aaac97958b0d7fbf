"""Progress per learner and leaderboards per server."""

from __future__ import annotations

import asyncio
from datetime import date, datetime, timedelta

from bot.domain.clock import Clock
from bot.domain.errors import BadOption
from bot.services.course import CourseService
from bot.services.quiz import week_of
from bot.services.views import LeaderEntry, Progress, TopicProgress
from bot.storage.progress import ProgressRepository

PERIODS = ("week", "all")


def streak(days: list[str], today: date) -> int:
    """Consecutive days with activity, ending today (or yesterday, if today has none yet)."""
    have = {date.fromisoformat(d) for d in days}
    day = today if today in have else today - timedelta(days=1)
    count = 0
    while day in have:
        count += 1
        day -= timedelta(days=1)
    return count


class ProgressService:
    def __init__(self, course: CourseService, progress: ProgressRepository, clock: Clock):
        self.course = course
        self.repo = progress
        self.clock = clock

    async def progress(self, user_id: int) -> Progress:
        catalog = self.course.catalog
        now: datetime = self.clock.now()
        # four reads queued at once on the reader's thread: one wait for all of them instead of four in turn
        records, read, due_ids, days = await asyncio.gather(
            self.repo.item_records(user_id), self.repo.topics_read(user_id),
            self.repo.due_items(user_id, now, limit=500), self.repo.activity_days(user_id))
        topics = []
        for topic in catalog.topics.values():
            ids = [i.id for i in catalog.items_for(topic.id)]
            topics.append(TopicProgress(
                topic=topic, read=topic.id in read, items=len(ids),
                answered=sum(1 for i in ids if i in records),
                mastered=sum(1 for i in ids if i in records and records[i].last_correct),
            ))
        due = [i for i in due_ids if i in catalog.items]
        return Progress(
            user_id=user_id, topics=topics,
            answered=sum(r.answered for r in records.values()),
            correct=sum(r.correct for r in records.values()),
            streak=streak(days, now.date()),
            due=len(due),
        )

    async def leaderboard(self, guild_id: int, period: str = "week", limit: int = 10) -> list[LeaderEntry]:
        if period not in PERIODS:
            raise BadOption(option="period", hint=", ".join(PERIODS))
        key = "all" if period == "all" else week_of(self.clock.now())
        rows = await self.repo.leaderboard(guild_id, key, limit)
        return [LeaderEntry(rank, r.user_id, r.correct, r.answered) for rank, r in enumerate(rows, 1)]
