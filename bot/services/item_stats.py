"""Item statistics for teachers: per item and language, how many answered, the share right, discrimination, the
most given wrong answer, the median time to answer, and flags (see bot.domain.item_stats). Read by
`/content stats`, `python -m bot stats` and the reports queue (`flagged`)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from bot.content.locate import locate
from bot.domain import lookup
from bot.domain.item_stats import MIN_ANSWERS, Flag, ItemStats, answer_text, select, stats
from bot.domain.quiz_items import QuizItem, WhoSaidIt
from bot.services.course import CourseService
from bot.storage.item_stats import ItemStatsRepository


@dataclass(frozen=True)
class ItemReport:
    stats: ItemStats
    item: QuizItem
    text: str  # what the item asks, in the reader's language
    top_wrong: str | None  # the most given wrong answer as the learner saw it, in the reader's language


class ItemStatsService:
    def __init__(self, course: CourseService, repo: ItemStatsRepository, min_answers: int = MIN_ANSWERS):
        self.course = course
        self.repo = repo
        self.min_answers = min_answers

    async def report(self, topic: str | None = None, flag: Flag | str | None = None,
                     lang: str = "en") -> list[ItemReport]:
        """The items of `topic` (what was typed: an id or a title; every topic when None) that the course still
        holds and someone answered, one entry per language answered in, flagged ones first; only those with
        `flag` when given. Texts in `lang`, the reader's."""
        catalog = self.course.catalog
        if topic is not None:
            ids = catalog.item_ids(lookup.topic(catalog, topic, lang).id)
            figures = await self.repo.figures(ids) if ids else []
        else:
            figures = await self.repo.figures()
        wanted = Flag(flag) if flag is not None else None
        entries = [stats(f, catalog.items[f.item_id], self.min_answers) for f in figures
                   if f.item_id in catalog.items]
        return [self._entry(e, catalog.items[e.item_id], lang) for e in select(entries, wanted)]

    def find_topic(self, typed: str, lang: str = "en") -> str:
        """The id of the topic named by what was typed (its id, or its title in either language)."""
        return lookup.topic(self.course.catalog, typed, lang).id

    async def flagged(self, lang: str = "en") -> list[ItemReport]:
        """Every item with a flag, the most pressing first: for the moderators' queue."""
        return [r for r in await self.report(lang=lang) if r.stats.flags]

    async def place(self, item_id: str) -> str | None:
        """`file:line` of the item in the course files as they are now (None when no file holds it)."""
        return await asyncio.to_thread(locate, self.course.folder, "question", item_id)

    def _entry(self, entry: ItemStats, item: QuizItem, lang: str) -> ItemReport:
        if isinstance(item, WhoSaidIt):
            quote = self.course.catalog.quotes.get(item.quote)
            text = quote.text if quote is not None else item.quote
        else:
            text = item.prompt.get(lang)
        top = answer_text(item, entry.top_wrong, lang) if entry.top_wrong is not None else None
        return ItemReport(entry, item, text, top)


CSV_HEADER = ("item", "lang", "topic", "place", "answered", "share_right", "discrimination", "top_wrong",
              "top_wrong_count", "median_seconds", "unused_distractors", "flags")


def csv_rows(entries: list[ItemReport], places: list[str | None]) -> list[tuple[str, ...]]:
    """The report as rows for CSV (the header first): figures to three decimals, lists space-separated."""
    rows: list[tuple[str, ...]] = [CSV_HEADER]
    for entry, place in zip(entries, places, strict=True):
        s = entry.stats
        rows.append((s.item_id, s.lang, entry.item.topics[0], place or "", str(s.answered), f"{s.share_right:.3f}",
                     "" if s.discrimination is None else f"{s.discrimination:.3f}", entry.top_wrong or "",
                     str(s.top_wrong_count), "" if s.median_seconds is None else str(s.median_seconds),
                     " ".join(s.unused), " ".join(s.flags)))
    return rows
