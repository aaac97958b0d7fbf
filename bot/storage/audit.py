"""The content audit log: who changed or reloaded the course, and what came of it."""

from __future__ import annotations

from datetime import datetime

from bot.storage.engine import Database
from bot.storage.timefmt import to_db


class AuditRepository:
    def __init__(self, db: Database):
        self.db = db

    async def record(self, *, at: datetime, action: str, user_id: int | None = None,
                     guild_id: int | None = None, file: str | None = None, fingerprint: str | None = None,
                     detail: str | None = None) -> None:
        await self.db.execute(
            "INSERT INTO content_audit (at, user_id, guild_id, action, file, fingerprint, detail)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (to_db(at), user_id, guild_id, action, file, fingerprint, detail))

    async def recent(self, limit: int = 10) -> list[dict]:
        rows = await self.db.fetchall("SELECT * FROM content_audit ORDER BY id DESC LIMIT ?", (limit,))
        return [dict(r) for r in rows]
