"""Reading the course: explanations by topic, and quotes without repeats."""

from __future__ import annotations

import random

from bot.domain.clock import Clock
from bot.domain.content import Quote, Topic
from bot.domain.errors import NotFound
from bot.services.course import CourseService
from bot.storage.progress import ReadingRepository


class LearnService:
    def __init__(self, course: CourseService, reading: ReadingRepository, clock: Clock,
                 rng: random.Random | None = None):
        self.course = course
        self.reading = reading
        self.clock = clock
        self.rng = rng or random.Random()

    def find_topic(self, topic_id: str) -> Topic:
        topic = self.course.catalog.topics.get(topic_id)
        if topic is None:
            raise NotFound(what="topic", name=topic_id)
        return topic

    async def learn(self, user_id: int, topic_id: str) -> Topic:
        """The topic to read; it counts as read from now on."""
        topic = self.find_topic(topic_id)
        await self.reading.mark_read(user_id, topic.id, self.clock.now())
        return topic

    async def quote(self, user_id: int, topic: str | None = None, speaker: str | None = None) -> Quote:
        """A quote the learner has not seen yet; once the pool is used up, it starts again."""
        catalog = self.course.catalog
        if topic is not None:
            self.find_topic(topic)
        pool = catalog.quotes_for(topic, speaker)
        if not pool:
            raise NotFound(what="quote", name=speaker or topic or "")
        seen = await self.reading.quotes_seen(user_id)
        fresh = [q for q in pool if q.id not in seen]
        forget: list[str] = []
        if not fresh:
            forget = [q.id for q in pool]
            fresh = pool
        choice = self.rng.choice(sorted(fresh, key=lambda q: q.id))
        await self.reading.mark_quote_seen(user_id, choice.id, self.clock.now(), forget)
        return choice
