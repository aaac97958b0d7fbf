"""The command tree: at start, a command that arrives before the course is loaded waits for it; any failure
goes through the one error handler."""

from __future__ import annotations

import discord
from discord import app_commands

from .errors import reply_error
from .release import release


class TutorTree(app_commands.CommandTree):
    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        await interaction.client.app.course.ready()  # type: ignore[attr-defined]
        return True

    async def on_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        await reply_error(interaction, error)
        release(interaction)
