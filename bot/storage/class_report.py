"""The class report's reads, for one server and period, from what the answers already keep up to date: scores per
server, ISO week and learner (the learners and answers of a period, and of each week), review cards (mastery),
activity_days (first and latest day of study) and guild_item_days (each question's answers per server and day,
migration 0025). No read goes through the server's answers themselves, which may be millions.

A period's learners are those with a score row in the server for one of its weeks (all time: the 'all' row)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from bot.domain.class_report import ItemAnswers, LearnerFigures
from bot.storage.engine import Database


@dataclass(frozen=True)
class ClassFigures:
    """One server's figures for a period, read from one snapshot."""

    learners: int  # who answered in the server in the period
    answers: int
    correct: int
    weeks: dict[str, tuple[int, int]]  # ISO week -> (learners, answers), the weeks asked for that have any
    mastered: dict[str, dict[int, int]]  # topic -> {questions mastered: learners}, of the period's learners
    members: list[LearnerFigures]  # each of the period's learners
    items: list[ItemAnswers]  # each question answered in the server in the period


def _marks(n: int) -> str:
    return ", ".join("?" * n)


def _population(weeks: Sequence[str] | None) -> str:
    """The period's learners with their answers and right answers in the server: `pop`, for a WITH clause."""
    if weeks is None:
        return "pop AS (SELECT user_id, answered, correct FROM scores WHERE guild_id = ? AND period = 'all')"
    return ("pop AS (SELECT user_id, SUM(answered) AS answered, SUM(correct) AS correct FROM scores"
            f" WHERE guild_id = ? AND period IN ({_marks(len(weeks))}) GROUP BY user_id)")


def _values(rows: int, columns: int) -> str:
    row = "(" + _marks(columns) + ")"
    return ", ".join([row] * rows)


def _item_list(count: int) -> str:
    """`items`, the report's question ids, for a WITH clause (no row when there are none)."""
    if not count:
        return "items (item_id) AS (SELECT CAST(NULL AS TEXT) WHERE 1 = 0)"
    return f"items (item_id) AS (VALUES {_values(count, 1)})"


class ClassReportRepository:
    def __init__(self, db: Database):
        self.db = db

    async def figures(self, guild_id: int, weeks: Sequence[str] | None, since: date | None,
                      chart_weeks: Sequence[str], topic_items: Collection[tuple[str, str]],
                      mastered_days: float) -> ClassFigures:
        """The server's figures for the period of `weeks` (None: all time), whose first day is `since`; the
        participation of `chart_weeks`; mastery of the course's questions, `topic_items` (item id, topic id)
        pairs, a card being mastered once its stability reaches `mastered_days`."""
        pop = _population(weeks)
        pop_params: list[Any] = [guild_id, *(weeks or ())]
        pairs = sorted(set(topic_items))
        item_ids = sorted({item for item, _ in pairs})
        async with self.db.snapshot() as tx:
            learners, answers, correct = await tx.fetchone(
                f"WITH {pop} SELECT COUNT(*), COALESCE(SUM(answered), 0), COALESCE(SUM(correct), 0) FROM pop",
                pop_params)
            weekly = await tx.fetchall(
                "SELECT period, COUNT(*), SUM(answered) FROM scores"
                f" WHERE guild_id = ? AND period IN ({_marks(len(chart_weeks))}) GROUP BY period",
                (guild_id, *chart_weeks)) if chart_weeks else []
            mastered: dict[str, dict[int, int]] = {}
            members: list[LearnerFigures] = []
            if pairs and learners:
                # per topic, how many of the period's learners mastered how many of its questions: a few rows
                for topic, n, many in await tx.fetchall(
                        f"WITH {pop}, topic_items (item_id, topic_id) AS (VALUES {_values(len(pairs), 2)})"
                        " SELECT topic_id, n, COUNT(*) FROM (SELECT c.user_id, t.topic_id, COUNT(*) AS n"
                        " FROM pop p JOIN review_cards c ON c.user_id = p.user_id"
                        " JOIN topic_items t ON t.item_id = c.item_id WHERE c.stability >= ?"
                        " GROUP BY c.user_id, t.topic_id) m GROUP BY topic_id, n",
                        (*pop_params, *(v for pair in pairs for v in pair), float(mastered_days))):
                    mastered.setdefault(topic, {})[int(n)] = int(many)
            if learners:
                members = [_member(row) for row in await tx.fetchall(
                    f"WITH {pop}, {_item_list(len(item_ids))},"
                    " k AS (SELECT c.user_id, COUNT(*) AS questions,"
                    " SUM(CASE WHEN c.stability >= ? THEN 1 ELSE 0 END) AS mastered"
                    " FROM pop p JOIN review_cards c ON c.user_id = p.user_id"
                    " JOIN items i ON i.item_id = c.item_id GROUP BY c.user_id)"
                    " SELECT p.user_id, p.answered, p.correct, COALESCE(l.progress_visible, 0),"
                    " COALESCE(k.questions, 0), COALESCE(k.mastered, 0),"
                    " (SELECT MIN(day) FROM activity_days a WHERE a.user_id = p.user_id),"
                    " (SELECT MAX(day) FROM activity_days a WHERE a.user_id = p.user_id)"
                    " FROM pop p LEFT JOIN k ON k.user_id = p.user_id LEFT JOIN learners l ON l.user_id = p.user_id",
                    (*pop_params, *item_ids, float(mastered_days)))]
            items = await tx.fetchall(
                "SELECT item_id, SUM(answered), SUM(correct) FROM guild_item_days"
                " WHERE guild_id = ? AND day >= ? GROUP BY item_id",
                (guild_id, since.isoformat() if since else ""))
        return ClassFigures(int(learners), int(answers), int(correct),
                            {r[0]: (int(r[1]), int(r[2])) for r in weekly}, mastered, members,
                            [ItemAnswers(r[0], int(r[1]), int(r[2])) for r in items])


def _day(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text[:10])


def _member(row) -> LearnerFigures:
    return LearnerFigures(int(row[0]), row[3] == 1, int(row[1]), int(row[2]), int(row[4]), int(row[5]),
                          _day(row[6]), _day(row[7]))
