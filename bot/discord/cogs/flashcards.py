"""/flashcards [topic]: the learner's glossary terms and quotes to recall, in an ephemeral message."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.app_commands import locale_str as _
from discord.ext import commands

from bot.app import App
from bot.discord.autocomplete import topic_choices
from bot.discord.errors import SILENT
from bot.discord.flashcards import opened_message
from bot.discord.locale import lang_for


class Flashcards(commands.Cog):
    def __init__(self, app: App):
        self.app = app

    @app_commands.command(name=_("flashcards"), description=_("Recall the course's terms and quotes, card by card"))
    @app_commands.describe(topic=_("Only cards of this topic"))
    @app_commands.autocomplete(topic=topic_choices)
    async def flashcards(self, interaction: discord.Interaction, topic: str | None = None) -> None:
        lang = lang_for(interaction)
        shown = await self.app.flashcards.open(interaction.user.id, lang, topic)
        embed, ui = opened_message(shown)
        await interaction.response.send_message(embed=embed, view=ui or discord.utils.MISSING, ephemeral=True,
                                                allowed_mentions=SILENT)
