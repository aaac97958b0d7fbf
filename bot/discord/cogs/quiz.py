"""/quiz and /review: solo quizzes answered with buttons, in an ephemeral message."""

from __future__ import annotations

from typing import Literal

import discord
from discord import app_commands
from discord.app_commands import locale_str as _
from discord.ext import commands

from bot.app import App
from bot.discord import quiz_flow
from bot.discord.autocomplete import topic_choices
from bot.discord.errors import SILENT
from bot.discord.locale import lang_for

COOLDOWN = app_commands.checks.cooldown(3, 30.0, key=lambda i: i.user.id)


class Quiz(commands.Cog):
    def __init__(self, app: App):
        self.app = app

    @app_commands.command(name=_("quiz"), description=_("Test yourself with a short quiz"))
    @app_commands.describe(topic=_("Only questions on this topic"), length=_("How many questions (1-20)"),
                           difficulty=_("1 recall, 2 understanding, 3 connecting ideas"))
    @app_commands.autocomplete(topic=topic_choices)
    @COOLDOWN
    async def quiz(self, interaction: discord.Interaction, topic: str | None = None,
                   length: app_commands.Range[int, 1, 20] = 5,
                   difficulty: Literal[1, 2, 3] | None = None) -> None:
        view = await self.app.quiz.start(user_id=interaction.user.id, lang=lang_for(interaction),
                                         guild_id=interaction.guild_id, channel_id=interaction.channel_id,
                                         topic=topic, length=length, difficulty=difficulty)
        embeds, ui = quiz_flow.question_message(view)
        await interaction.response.send_message(embeds=embeds, view=ui, ephemeral=True, allowed_mentions=SILENT)

    @app_commands.command(name=_("review"), description=_("Review what you got wrong, when it is due"))
    @COOLDOWN
    async def review(self, interaction: discord.Interaction) -> None:
        view = await self.app.review.start(user_id=interaction.user.id, lang=lang_for(interaction),
                                           guild_id=interaction.guild_id, channel_id=interaction.channel_id)
        embeds, ui = quiz_flow.question_message(view)
        await interaction.response.send_message(embeds=embeds, view=ui, ephemeral=True, allowed_mentions=SILENT)
