"""Reading the course: explanations by topic, and quotes without repeats."""

from __future__ import annotations

import random

from bot.domain import lookup
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

    def find_topic(self, typed: str, lang: str = "en") -> Topic:
        """The topic named by what was typed: its id, or (part of) its title in either language."""
        return lookup.topic(self.course.catalog, typed, lang)

    async def learn(self, user_id: int, topic: str, lang: str = "en") -> Topic:
        """The topic to read; it counts as read from now on."""
        found = self.find_topic(topic, lang)
        await self.reading.mark_read(user_id, found.id, self.clock.now())
        return found

    async def quote(self, user_id: int, topic: str | None = None, speaker: str | None = None,
                    lang: str = "en") -> Quote:
        """A quote the learner has not seen yet; once the pool is used up, it starts again. `topic` and
        `speaker` are what was typed, resolved to the course's topic and speaker."""
        catalog = self.course.catalog
        topic_id = self.find_topic(topic, lang).id if topic is not None else None
        name = lookup.speaker(catalog, speaker) if speaker is not None else None
        pool = [q for q in catalog.quotes_for(topic_id) if name is None or q.speaker == name]
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
