"""Learners and their own data: settings, export and deletion."""

from __future__ import annotations

import sqlite3
from datetime import datetime

from bot.storage.database import Database
from bot.storage.timefmt import to_db

# Every table holding a learner's data, and the column naming them. /mydata delete empties all of them.
USER_TABLES = (
    ("attempts", "user_id"),
    ("scores", "user_id"),
    ("activity_days", "user_id"),
    ("review_cards", "user_id"),
    ("review_log", "user_id"),
    ("topics_read", "user_id"),
    ("quotes_seen", "user_id"),
    ("quiz_sessions", "user_id"),
    ("learners", "user_id"),
)


class LearnerRepository:
    def __init__(self, db: Database):
        self.db = db

    async def ensure(self, user_id: int, locale: str | None, now: datetime) -> None:
        await self.db.execute(
            "INSERT INTO learners (user_id, locale, created_at) VALUES (?, ?, ?)"
            " ON CONFLICT (user_id) DO UPDATE SET locale = COALESCE(excluded.locale, locale)",
            (user_id, locale, to_db(now)))

    async def opted_out(self, user_id: int) -> bool:
        return bool(await self.db.scalar(
            "SELECT leaderboard_opt_out FROM learners WHERE user_id = ?", (user_id,)))

    async def set_opt_out(self, user_id: int, opt_out: bool, now: datetime) -> None:
        await self.db.execute(
            "INSERT INTO learners (user_id, leaderboard_opt_out, created_at) VALUES (?, ?, ?)"
            " ON CONFLICT (user_id) DO UPDATE SET leaderboard_opt_out = excluded.leaderboard_opt_out",
            (user_id, int(opt_out), to_db(now)))

    async def export(self, user_id: int) -> dict[str, list[dict]]:
        out: dict[str, list[dict]] = {}
        for table, column in USER_TABLES:
            rows = await self.db.fetchall(f"SELECT * FROM {table} WHERE {column} = ?", (user_id,))  # noqa: S608
            out[table] = [dict(row) for row in rows]
        return out

    async def delete(self, user_id: int) -> int:
        """Delete everything stored about `user_id`; returns the number of rows removed."""
        def change(conn: sqlite3.Connection) -> int:
            return sum(conn.execute(f"DELETE FROM {table} WHERE {column} = ?", (user_id,)).rowcount  # noqa: S608
                       for table, column in USER_TABLES)

        return await self.db.write(change)
