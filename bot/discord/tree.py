"""The command tree: at start, a command that arrives before the course is loaded waits for it; a command
whose options no longer fit the bot's (an old client's copy) is refused like a removed one; any failure goes
through the one error handler."""

from __future__ import annotations

import discord
from discord import app_commands

from .errors import reply_error


def out_of_date(interaction: discord.Interaction) -> bool:
    """True when the options sent name a parameter the command no longer has, or give it another type.
    (discord.py itself refuses a missing required option, a removed subcommand and a removed command.)"""
    command = interaction.command
    if not isinstance(command, app_commands.Command):
        return False
    options = (interaction.data or {}).get("options") or []
    while options and options[0].get("type") in (1, 2):  # down to the subcommand's own options
        options = options[0].get("options") or []
    types = {p.display_name: p.type.value for p in command.parameters}
    return any(types.get(option.get("name")) != option.get("type") for option in options)


class TutorTree(app_commands.CommandTree):
    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        interaction.client.in_flight.enter()  # type: ignore[attr-defined]  # a command's own task, from here on
        if out_of_date(interaction):
            raise app_commands.CommandSignatureMismatch(interaction.command)
        await interaction.client.app.course.ready()  # type: ignore[attr-defined]
        return True

    async def on_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        await reply_error(interaction, error)
