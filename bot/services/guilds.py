"""Who moderates a server: Manage Server, or the role a server's admins chose. The role is cached,
since it is asked on every moderator command."""

from __future__ import annotations

from collections.abc import Iterable

from bot.domain.clock import Clock
from bot.domain.errors import NotModerator
from bot.storage.guilds import GuildSettingsRepository


class GuildSettingsService:
    def __init__(self, repo: GuildSettingsRepository, clock: Clock):
        self.repo = repo
        self.clock = clock
        self._roles: dict[int, int | None] = {}

    async def moderator_role(self, guild_id: int) -> int | None:
        if guild_id not in self._roles:
            self._roles[guild_id] = await self.repo.moderator_role(guild_id)
        return self._roles[guild_id]

    async def set_moderator_role(self, guild_id: int, role_id: int | None) -> None:
        await self.repo.set_moderator_role(guild_id, role_id, self.clock.now())
        self._roles[guild_id] = role_id

    async def require_moderator(self, guild_id: int | None, manages_server: bool, role_ids: Iterable[int]) -> None:
        """Refuse anyone who neither manages the server nor holds its moderator role."""
        if guild_id is None:
            raise NotModerator()
        if manages_server:
            return
        role = await self.moderator_role(guild_id)
        if role is None or role not in set(role_ids):
            raise NotModerator()
