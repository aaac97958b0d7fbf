"""Per-server settings (the moderator role)."""

from __future__ import annotations

from datetime import datetime

from bot.storage.engine import Database
from bot.storage.timefmt import to_db


class GuildSettingsRepository:
    def __init__(self, db: Database):
        self.db = db

    async def moderator_role(self, guild_id: int) -> int | None:
        return await self.db.scalar("SELECT moderator_role_id FROM guild_settings WHERE guild_id = ?", (guild_id,))

    async def set_moderator_role(self, guild_id: int, role_id: int | None, now: datetime) -> None:
        await self.db.execute(
            "INSERT INTO guild_settings (guild_id, moderator_role_id, updated_at) VALUES (?, ?, ?)"
            " ON CONFLICT (guild_id) DO UPDATE SET moderator_role_id = excluded.moderator_role_id,"
            " updated_at = excluded.updated_at", (guild_id, role_id, to_db(now)))
