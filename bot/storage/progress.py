"""Read models for progress, streaks, reviews and leaderboards."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime

from bot.storage.database import Database
from bot.storage.timefmt import to_db


@dataclass(frozen=True)
class ItemRecord:
    item_id: str
    answered: int
    correct: int
    last_correct: bool


@dataclass(frozen=True)
class LeaderRow:
    user_id: int
    correct: int
    answered: int


# read straight from the covering index scores_rank, in its order (migration 0005): no table rows, no sort
LEADERBOARD = ("SELECT s.user_id, s.correct, s.answered FROM scores s"
               " LEFT JOIN learners l ON l.user_id = s.user_id"
               " WHERE s.guild_id = ? AND s.period = ? AND COALESCE(l.leaderboard_opt_out, 0) = 0"
               " ORDER BY s.correct DESC, s.answered ASC, s.user_id LIMIT ?")  # parameters: guild, period, limit


class ProgressRepository:
    def __init__(self, db: Database):
        self.db = db

    async def item_records(self, user_id: int) -> dict[str, ItemRecord]:
        """Per item: how often answered, how often right, and whether the latest answer was right (from the
        per-question aggregate the answers keep up to date: migration 0004)."""
        rows = await self.db.fetchall(
            "SELECT item_id, answered, correct, last_correct FROM item_progress WHERE user_id = ?", (user_id,))
        return {r["item_id"]: ItemRecord(r["item_id"], r["answered"], r["correct"], bool(r["last_correct"]))
                for r in rows}

    async def activity_days(self, user_id: int, limit: int = 400) -> list[str]:
        rows = await self.db.fetchall(
            "SELECT day FROM activity_days WHERE user_id = ? ORDER BY day DESC LIMIT ?", (user_id, limit))
        return [r["day"] for r in rows]

    async def topics_read(self, user_id: int) -> set[str]:
        rows = await self.db.fetchall("SELECT topic_id FROM topics_read WHERE user_id = ?", (user_id,))
        return {r["topic_id"] for r in rows}

    async def due_items(self, user_id: int, now: datetime, limit: int = 50) -> list[str]:
        rows = await self.db.fetchall(
            "SELECT item_id FROM review_cards WHERE user_id = ? AND due <= ? ORDER BY due LIMIT ?",
            (user_id, to_db(now), limit))
        return [r["item_id"] for r in rows]

    async def leaderboard(self, guild_id: int, period: str, limit: int = 10) -> list[LeaderRow]:
        rows = await self.db.fetchall(LEADERBOARD, (guild_id, period, limit))
        return [LeaderRow(r["user_id"], r["correct"], r["answered"]) for r in rows]


class ReadingRepository:
    """What a learner has read: topics opened and quotes shown."""

    def __init__(self, db: Database):
        self.db = db

    async def mark_read(self, user_id: int, topic_id: str, now: datetime) -> None:
        await self.db.execute(
            "INSERT INTO topics_read (user_id, topic_id, first_read_at, last_read_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (user_id, topic_id) DO UPDATE SET last_read_at = excluded.last_read_at",
            (user_id, topic_id, to_db(now), to_db(now)))

    async def quotes_seen(self, user_id: int) -> set[str]:
        rows = await self.db.fetchall("SELECT quote_id FROM quotes_seen WHERE user_id = ?", (user_id,))
        return {r["quote_id"] for r in rows}

    async def mark_quote_seen(self, user_id: int, quote_id: str, now: datetime, forget: list[str]) -> None:
        """Record `quote_id` as seen; first forget `forget` (a pool used up starts again)."""
        def change(conn: sqlite3.Connection) -> None:
            conn.executemany("DELETE FROM quotes_seen WHERE user_id = ? AND quote_id = ?",
                             [(user_id, q) for q in forget])
            conn.execute(
                "INSERT INTO quotes_seen (user_id, quote_id, seen_at) VALUES (?, ?, ?)"
                " ON CONFLICT (user_id, quote_id) DO UPDATE SET seen_at = excluded.seen_at",
                (user_id, quote_id, to_db(now)))

        await self.db.write(change)
