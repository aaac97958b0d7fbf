"""The class report for a server's moderators (/class report, /class export): who studied in a period and how
much, how mastery of each topic spreads over the server's learners, the questions this server finds hardest,
participation week by week, and who may need help (bot.domain.class_report's rules).

Privacy: a learner who keeps their progress private (the default) is counted in every figure but never named:
the report names, and the export lists, only learners who chose to let other members see their progress
(`/mydata progress visible`). Of the others who may need help, the report gives a count.

Who may read it is decided here, on the server side: the server's moderators, and the bot's operators."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from bot.content.locate import locate
from bot.domain import lookup
from bot.domain.catalog import Catalog
from bot.domain.class_report import (
    DEFAULT_PERIOD,
    Distribution,
    LearnerFigures,
    Reason,
    chart_weeks,
    distribution,
    first_day,
    hardest,
    mastered_per_topic,
    period_weeks,
    reasons,
)
from bot.domain.clock import Clock
from bot.domain.content import Topic
from bot.domain.errors import NotModerator
from bot.domain.quiz_items import WhoSaidIt
from bot.services.course import CourseService
from bot.services.guilds import GuildSettingsService
from bot.services.operators import CourseEditors
from bot.services.progress import MASTERED_DAYS
from bot.storage.class_report import ClassReportRepository, Member


@dataclass(frozen=True)
class WeekFigures:
    week: str  # ISO week, '2026-W10'
    learners: int
    answers: int


@dataclass(frozen=True)
class TopicMastery:
    topic: Topic
    questions: int
    spread: Distribution


@dataclass(frozen=True)
class ItemLine:
    item_id: str
    text: str  # what the question asks, in the reader's language
    answered: int
    correct: int
    place: str | None = None  # file:line in the course files as they are now

    @property
    def share_right(self) -> float:
        return self.correct / self.answered if self.answered else 0.0


class LearnerLine(NamedTuple):
    figures: LearnerFigures
    reasons: tuple[Reason, ...]  # why they may need help (none: they seem fine)


@dataclass(frozen=True)
class ClassReport:
    guild_id: int
    period: str
    topic: Topic | None  # only this topic's questions, when chosen
    today: date  # UTC
    since: date | None  # the period's first day (None: all time)
    learners: int  # who answered in this server in the period
    answers: int
    correct: int
    weeks: list[WeekFigures]  # participation, oldest week first
    mastery: list[TopicMastery]  # per topic, in course order
    hardest: list[ItemLine]  # with their file:line
    items: list[ItemLine]  # every question answered in the period, hardest first (for the export)
    needing_help: list[LearnerLine]  # visible learners only
    private_needing_help: int  # learners who keep their progress private and may need help: a count only
    visible: list[LearnerLine]  # every visible learner of the period (for the export)

    @property
    def share_right(self) -> float:
        return self.correct / self.answers if self.answers else 0.0


def item_text(catalog: Catalog, item_id: str, lang: str) -> str:
    item = catalog.items[item_id]
    if isinstance(item, WhoSaidIt):
        quote = catalog.quotes.get(item.quote)
        return quote.text if quote is not None else item.quote
    return item.prompt.get(lang)


def _per_learner(members: list[Member], topic_items: dict[str, frozenset[str]],
                 today: date) -> tuple[dict[str, dict[int, int]], list[LearnerLine], int]:
    """How many learners mastered how many of each topic's questions; each visible learner's figures with why
    they may need help; and how many private learners may need help (low mastery is read over every question
    they answered, whatever the topic asked for)."""
    per_topic = mastered_per_topic((m.mastered for m in members), topic_items)
    visible, private = [], 0
    for m in members:
        figures = LearnerFigures(m.user_id, m.visible, m.answered, m.correct, m.cards, len(m.mastered),
                                 m.first_day, m.last_day)
        why = reasons(figures, today)
        if m.visible:
            visible.append(LearnerLine(figures, why))
        elif why:
            private += 1
    return per_topic, visible, private


class ClassReportService:
    def __init__(self, course: CourseService, repo: ClassReportRepository, guilds: GuildSettingsService,
                 editors: CourseEditors, clock: Clock):
        self.course = course
        self.repo = repo
        self.guilds = guilds
        self.editors = editors
        self.clock = clock
        # One report at a time per process: a large class's report reads for seconds (every learner's review
        # cards), and on SQLite it holds one of the few reader connections the learners' commands share
        # meanwhile; a second report waits its turn rather than taking the other.
        self._reading = asyncio.Lock()

    async def require_reader(self, user_id: int, guild_id: int | None, manages_server: bool,
                             role_ids: Iterable[int]) -> None:
        """The server's moderators and the bot's operators; anyone else (and anyone outside a server) is
        refused."""
        if guild_id is None:
            raise NotModerator()
        if self.editors.is_operator(user_id):
            return
        await self.guilds.require_moderator(guild_id, manages_server, role_ids)

    def find_topic(self, typed: str, lang: str = "en") -> str:
        """The id of the topic named by what was typed (its id, or its title in either language)."""
        return lookup.topic(self.course.catalog, typed, lang).id

    async def report(self, guild_id: int, topic: str | None = None, period: str = DEFAULT_PERIOD,
                     lang: str = "en", places: str = "hardest") -> ClassReport:
        """The server's report for `period` (of PERIODS), of one topic's questions when `topic` (an id) is given,
        texts in `lang`. `places`: whose file:line to look up, the hardest questions' or every question's
        ('all', for the export)."""
        catalog = self.course.catalog
        today = self.clock.now().date()
        weeks = period_weeks(period, today)
        since = first_day(period, today)
        shown = chart_weeks(period, today)
        topics = [catalog.topics[topic]] if topic is not None else list(catalog.topics.values())
        topic_items = {t.id: catalog.item_ids(t.id) for t in topics}
        async with self._reading:
            found = await self.repo.figures(guild_id, weeks, since, shown, MASTERED_DAYS)
            # per learner of the class, on a worker thread: a large class would hold the event loop for a while
            per_topic, visible, private = await asyncio.to_thread(_per_learner, found.members, topic_items, today)
        mastery = [TopicMastery(t, len(topic_items[t.id]),
                                distribution(per_topic[t.id], len(topic_items[t.id]), found.learners))
                   for t in topics]
        wanted = {item for items in topic_items.values() for item in items}
        answered = [a for a in found.items if a.item_id in wanted]
        items = [ItemLine(a.item_id, item_text(catalog, a.item_id, lang), a.answered, a.correct)
                 for a in sorted(answered, key=lambda a: (a.share_right, -a.answered, a.item_id))]
        hard_ids = [a.item_id for a in hardest(answered)]
        located = hard_ids if places == "hardest" else [i.item_id for i in items]
        where = await self._places(located)
        items = [ItemLine(i.item_id, i.text, i.answered, i.correct, where.get(i.item_id)) for i in items]
        by_id = {i.item_id: i for i in items}

        visible.sort(key=lambda line: (-len(line.reasons), line.figures.share_right, line.figures.user_id))
        return ClassReport(
            guild_id=guild_id, period=period, topic=topics[0] if topic is not None else None, today=today,
            since=since, learners=found.learners, answers=found.answers, correct=found.correct,
            weeks=[WeekFigures(w, *found.weeks.get(w, (0, 0))) for w in shown],
            mastery=mastery, hardest=[by_id[i] for i in hard_ids], items=items,
            needing_help=[line for line in visible if line.reasons],
            private_needing_help=private,
            visible=visible)

    async def _places(self, item_ids: list[str]) -> dict[str, str | None]:
        folder = self.course.folder
        return await asyncio.to_thread(lambda: {i: locate(folder, "question", i) for i in item_ids})


def export_tables(report: ClassReport, catalog: Catalog, lang: str) -> dict[str, list[tuple[str, ...]]]:
    """The report as tables for /class export, each with its header first: shares to three decimals, dates as
    YYYY-MM-DD. learners.csv holds only the learners who share their progress."""
    def share(x: float) -> str:
        return f"{x:.3f}"

    topics: list[tuple[str, ...]] = [("topic", "title", "questions", "learners", "mastered_0_25", "mastered_25_50",
                                      "mastered_50_75", "mastered_75_100", "median_share_mastered")]
    topics += [(m.topic.id, m.topic.title.get(lang), str(m.questions), str(m.spread.learners),
                *(str(q) for q in m.spread.quarters), share(m.spread.median)) for m in report.mastery]
    items: list[tuple[str, ...]] = [("item", "topic", "text", "answered", "correct", "share_right", "place")]
    items += [(i.item_id, catalog.items[i.item_id].topics[0] if i.item_id in catalog.items else "", i.text,
               str(i.answered), str(i.correct), share(i.share_right), i.place or "") for i in report.items]
    weeks: list[tuple[str, ...]] = [("week", "learners", "answers")]
    weeks += [(w.week, str(w.learners), str(w.answers)) for w in report.weeks]
    learners: list[tuple[str, ...]] = [("user_id", "answered", "correct", "share_right", "questions", "mastered",
                                        "first_day", "last_day", "may_need_help")]
    for line in report.visible:  # never a private learner
        f = line.figures
        learners.append((str(f.user_id), str(f.answered), str(f.correct), share(f.share_right), str(f.questions),
                         str(f.mastered), f.first_day.isoformat() if f.first_day else "",
                         f.last_day.isoformat() if f.last_day else "", " ".join(line.reasons)))
    return {"topics.csv": topics, "items.csv": items, "weeks.csv": weeks, "learners.csv": learners}
