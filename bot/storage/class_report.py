"""The class report's reads, for one server and period, from what the answers already keep up to date: scores per
server, ISO week and learner (the learners and answers of a period, and of each week), review cards (mastery),
activity_days (first and latest day of study) and guild_item_days (each question's answers per server and day,
migration 0025). No read goes through the server's answers themselves, which may be millions.

A period's learners are those with a score row in the server for one of its weeks (all time: the 'all' row)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from bot.domain.class_report import ItemAnswers
from bot.storage.engine import SEPARATOR, Database


class Member(NamedTuple):  # a tuple: a report reads one per learner of the class, up to the whole server
    """One learner of the server in the period: their answers here, their review cards (any server's: their
    progress is one) and the questions among them mastered, their first and latest days of study."""

    user_id: int
    visible: bool  # they let other members see their progress (/mydata progress)
    answered: int
    correct: int
    cards: int
    mastered: tuple[str, ...]  # ids
    first_day: date | None
    last_day: date | None


@dataclass(frozen=True)
class ClassFigures:
    """One server's figures for a period, read from one snapshot."""

    learners: int  # who answered in the server in the period
    answers: int
    correct: int
    weeks: dict[str, tuple[int, int]]  # ISO week -> (learners, answers), the weeks asked for that have any
    members: list[Member]  # each of the period's learners
    items: list[ItemAnswers]  # each question answered in the server in the period


def _marks(n: int) -> str:
    return ", ".join("?" * n)


def _population(weeks: Sequence[str] | None) -> str:
    """The period's learners with their answers and right answers in the server: `pop`, for a WITH clause. Read
    from the scores' primary key (server, week); grouped by `+user_id`, which no index orders, so that SQLite
    does not walk the whole of scores_user (every server's rows) for the grouping's order instead."""
    if weeks is None:
        return "pop AS (SELECT user_id, answered, correct FROM scores WHERE guild_id = ? AND period = 'all')"
    return ("pop AS (SELECT +user_id AS user_id, SUM(answered) AS answered, SUM(correct) AS correct FROM scores"
            f" WHERE guild_id = ? AND period IN ({_marks(len(weeks))}) GROUP BY +user_id)")


class ClassReportRepository:
    def __init__(self, db: Database):
        self.db = db
        mastered = db.dialect.join("CASE WHEN c.stability >= ? THEN c.item_id END")
        # Per learner, one range of review_cards' primary key read once, in a subquery of its own (as a join
        # grouped by learner, the engine sorted every card of the class first): how many cards, and the ids of
        # those mastered, joined into one text (the course's topics are the service's to map them to).
        self._members = (
            "SELECT p.user_id, p.answered, p.correct, COALESCE(l.progress_visible, 0),"
            f" (SELECT COUNT(*) || ':' || COALESCE({mastered}, '') FROM review_cards c WHERE c.user_id = p.user_id),"
            " (SELECT MIN(day) FROM activity_days a WHERE a.user_id = p.user_id),"
            " (SELECT MAX(day) FROM activity_days a WHERE a.user_id = p.user_id)"
            " FROM pop p LEFT JOIN learners l ON l.user_id = p.user_id")

    async def figures(self, guild_id: int, weeks: Sequence[str] | None, since: date | None,
                      chart_weeks: Sequence[str], mastered_days: float) -> ClassFigures:
        """The server's figures for the period of `weeks` (None: all time), whose first day is `since`, and the
        participation of `chart_weeks`; a card is mastered once its stability reaches `mastered_days`."""
        pop = _population(weeks)
        pop_params: list[Any] = [guild_id, *(weeks or ())]
        async with self.db.snapshot() as tx:
            learners, answers, correct = await tx.fetchone(
                f"WITH {pop} SELECT COUNT(*), COALESCE(SUM(answered), 0), COALESCE(SUM(correct), 0) FROM pop",
                pop_params)
            weekly = await tx.fetchall(
                "SELECT period, COUNT(*), SUM(answered) FROM scores"
                f" WHERE guild_id = ? AND period IN ({_marks(len(chart_weeks))}) GROUP BY period",
                (guild_id, *chart_weeks)) if chart_weeks else []
            rows = await tx.fetchall(f"WITH {pop} {self._members}",
                                     (*pop_params, float(mastered_days))) if learners else []
            items = await tx.fetchall(
                "SELECT item_id, SUM(answered), SUM(correct) FROM guild_item_days"
                " WHERE guild_id = ? AND day >= ? GROUP BY item_id",
                (guild_id, since.isoformat() if since else ""))
        # a class of many thousands is many thousands of rows to read: on a worker thread, not the event loop's
        members = await asyncio.to_thread(lambda: [_member(row) for row in rows])
        return ClassFigures(int(learners), int(answers), int(correct),
                            {r[0]: (int(r[1]), int(r[2])) for r in weekly}, members,
                            [ItemAnswers(r[0], int(r[1]), int(r[2])) for r in items])


def _day(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text[:10])


def _member(row) -> Member:
    cards, _, mastered = (row[4] or "0:").partition(":")
    return Member(int(row[0]), row[3] == 1, int(row[1]), int(row[2]), int(cards),
                  tuple(mastered.split(SEPARATOR)) if mastered else (), _day(row[5]), _day(row[6]))
