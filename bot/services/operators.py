"""Who may change the course. There is one course for the whole bot, shared by every server it is in, so a
server's moderators may look at it (`/content status`, `validate`) but only the bot's operators may change it
(`reload`, `upload`): otherwise a moderator of any server could rewrite what every other server learns.

Operators are the owner of the bot's Discord application (or its team's admins and developers, as the Discord
adapter reads them), the users listed in TUTOR_OPERATOR_IDS, and, in the operators' home server
(TUTOR_HOME_GUILD_ID) only, that server's moderators."""

from __future__ import annotations

from collections.abc import Iterable

from bot.domain.errors import CourseOperatorsOnly
from bot.services.guilds import GuildSettingsService


class CourseEditors:
    def __init__(self, guilds: GuildSettingsService, operator_ids: Iterable[int] = (),
                 home_guild_id: int | None = None):
        self.guilds = guilds
        self.configured = frozenset(operator_ids)
        self.home_guild_id = home_guild_id
        self.owners: frozenset[int] | None = None  # the application's owners, once the adapter has read them

    def set_owners(self, user_ids: Iterable[int]) -> None:
        self.owners = frozenset(user_ids)

    def is_operator(self, user_id: int) -> bool:
        return user_id in self.configured or user_id in (self.owners or ())

    async def require_editor(self, user_id: int, guild_id: int | None, manages_server: bool,
                             role_ids: Iterable[int]) -> None:
        """Refuse anyone but an operator or a moderator of the home server. Outside the home server everyone
        else gets CourseOperatorsOnly, which says who may change the course (a plain "moderators only" would
        suggest their own server's moderators could); in the home server, a member who does not moderate it is
        refused as for any moderator command (NotModerator)."""
        if self.is_operator(user_id):
            return
        if self.home_guild_id is None or guild_id != self.home_guild_id:
            raise CourseOperatorsOnly()
        await self.guilds.require_moderator(guild_id, manages_server, role_ids)
