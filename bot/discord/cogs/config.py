"""/config modrole [role]: who besides Manage Server may use the moderator commands. Only members with
Manage Server may change it (a moderator role cannot hand itself out)."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.app_commands import locale_str as _
from discord.ext import commands

from bot.app import App
from bot.discord.errors import SILENT
from bot.discord.locale import lang_for
from bot.domain.errors import NotModerator
from bot.i18n import t


class Config(commands.Cog):
    config = app_commands.Group(name=_("config"), description=_("Server admins: how the bot works here"),
                                guild_only=True, default_permissions=discord.Permissions(manage_guild=True))

    def __init__(self, app: App):
        self.app = app

    @config.command(name=_("modrole"), description=_("The role that may use the moderator commands"))
    @app_commands.describe(role=_("Leave empty to keep moderation to Manage Server"))
    async def modrole(self, interaction: discord.Interaction, role: discord.Role | None = None) -> None:
        if interaction.guild_id is None or not interaction.permissions.manage_guild:
            raise NotModerator()
        lang = lang_for(interaction)
        await self.app.guilds.set_moderator_role(interaction.guild_id, role.id if role else None)
        text = t("config.modrole_set", lang, role=role.mention) if role else t("config.modrole_cleared", lang)
        await interaction.response.send_message(text, ephemeral=True, allowed_mentions=SILENT)
