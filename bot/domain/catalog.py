"""The course in service: validated content indexed for the services. Immutable; reload swaps it whole."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from bot.domain.alternatives import other_answers
from bot.domain.content import Course, GlossaryTerm, Quote, Source, TimelineEvent, Topic
from bot.domain.matching import NO_ALTERNATIVES, Alternatives
from bot.domain.quiz_items import QuizItem
from bot.domain.text import LANGS
from bot.domain.translations import complete_in


@dataclass(frozen=True)
class Catalog:
    course: Course
    sources: dict[str, Source]
    topics: dict[str, Topic]  # in course order
    quotes: dict[str, Quote]
    items: dict[str, QuizItem]
    glossary: dict[str, GlossaryTerm]
    timeline: tuple[TimelineEvent, ...]  # in date order
    fingerprint: str = ""
    warnings: tuple[str, ...] = field(default=())

    @cached_property
    def _items_by_topic(self) -> dict[str, tuple[QuizItem, ...]]:
        """Each topic's items, in course order (built once per course version: /progress asks for every topic)."""
        by_topic: dict[str, list[QuizItem]] = {}
        for item in self.items.values():
            for topic in dict.fromkeys(item.topics):
                by_topic.setdefault(topic, []).append(item)
        return {topic: tuple(items) for topic, items in by_topic.items()}

    @cached_property
    def _ids_by_topic(self) -> dict[str, frozenset[str]]:
        return {topic: frozenset(item.id for item in items) for topic, items in self._items_by_topic.items()}

    def item_ids(self, topic: str) -> frozenset[str]:
        """The ids of a topic's items."""
        return self._ids_by_topic.get(topic, frozenset())

    def items_for(self, topic: str | None = None, difficulty: int | None = None) -> list[QuizItem]:
        items = self.items.values() if topic is None else self._items_by_topic.get(topic, ())
        return [item for item in items if difficulty is None or item.difficulty == difficulty]

    def quotes_for(self, topic: str | None = None, speaker: str | None = None) -> list[Quote]:
        wanted = speaker.casefold() if speaker else None
        return [
            q
            for q in self.quotes.values()
            if (topic is None or topic in q.topics) and (wanted is None or wanted in q.speaker.casefold())
        ]

    @cached_property
    def _other_answers(self) -> dict[str, Alternatives]:
        return other_answers(self.items.values(), self.speakers(), self.glossary.values())

    def other_answers(self, item_id: str) -> Alternatives:
        """What a typed answer to open item `item_id` must not name beside the right one (see `alternatives`)."""
        return self._other_answers.get(item_id, NO_ALTERNATIVES)

    def speakers(self) -> list[str]:
        return sorted({q.speaker for q in self.quotes.values()})

    def events_for(self, topic: str | None = None) -> list[TimelineEvent]:
        return [e for e in self.timeline if topic is None or topic in e.topics]

    def counts(self) -> dict:
        """Counts per kind, per quiz format, per topic and per language (for `check --json`)."""
        formats = Counter(item.type for item in self.items.values())
        per_topic = {
            tid: {
                "items": sum(tid in i.topics for i in self.items.values()),
                "quotes": sum(tid in q.topics for q in self.quotes.values()),
                "glossary": sum(tid in g.topics for g in self.glossary.values()),
                "timeline": sum(tid in e.topics for e in self.timeline),
            }
            for tid in self.topics
        }
        per_language = {lang: _translated_share(self, lang) for lang in LANGS}
        return {
            "course": self.course.id,
            "version": self.course.version,
            "kinds": {
                "sources": len(self.sources),
                "topics": len(self.topics),
                "quotes": len(self.quotes),
                "quiz_items": len(self.items),
                "glossary": len(self.glossary),
                "timeline": len(self.timeline),
            },
            "formats": dict(sorted(formats.items())),
            "topics": per_topic,
            "languages": per_language,
        }


def _translated_share(catalog: Catalog, lang: str) -> dict[str, int]:
    """How many items of each kind have their user-facing text in `lang`."""
    return {
        "topics": sum(complete_in(t, lang) for t in catalog.topics.values()),
        "quotes": sum(complete_in(q, lang) for q in catalog.quotes.values()),
        "quiz_items": sum(complete_in(i, lang) for i in catalog.items.values()),
        "glossary": sum(complete_in(g, lang) for g in catalog.glossary.values()),
        "timeline": sum(complete_in(e, lang) for e in catalog.timeline),
    }
