"""/quiz and /review: solo quizzes answered with buttons, in an ephemeral message."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.app_commands import locale_str as _
from discord.ext import commands

from bot.app import App
from bot.discord import components, quiz_flow
from bot.discord.autocomplete import topic_choices
from bot.discord.cogs.daily import NEEDED
from bot.discord.cooldown import QUIZ
from bot.discord.errors import SILENT
from bot.discord.locale import lang_for
from bot.discord.translator import Difficulty, Mode
from bot.domain import lookup
from bot.domain.errors import BadOption, CannotPostHere
from bot.i18n import plural, t
from bot.services.notes import shorter_note

COOLDOWN = QUIZ


class Quiz(commands.Cog):
    def __init__(self, app: App):
        self.app = app

    @app_commands.command(name=_("quiz"), description=_("Test yourself with a short quiz"))
    @app_commands.describe(topic=_("Only questions on this topic"), length=_("How many questions (1-20)"),
                           difficulty=_("1 recall, 2 understanding, 3 connecting ideas"),
                           mode=_("solo: only you see it; group: everyone here answers, against the clock"),
                           seconds=_("Group quizzes: seconds to answer each question (10-300)"))
    @app_commands.autocomplete(topic=topic_choices)
    @COOLDOWN
    async def quiz(self, interaction: discord.Interaction, topic: str | None = None,
                   length: app_commands.Range[int, 1, 20] = 5,
                   difficulty: Difficulty | None = None,
                   mode: Mode = "solo",
                   seconds: app_commands.Range[int, 10, 300] = 30) -> None:
        lang = lang_for(interaction)
        topic = lookup.topic(self.app.course.catalog, topic, lang).id if topic is not None else None
        if mode == "group":
            await self._group(interaction, topic, length, difficulty, seconds)
            return
        view = await self.app.quiz.start(user_id=interaction.user.id, lang=lang,
                                         guild_id=interaction.guild_id, channel_id=interaction.channel_id,
                                         topic=topic, length=length, difficulty=difficulty)
        embeds, ui = quiz_flow.question_message(view)
        await interaction.response.send_message(shorter_note(view.total, length, topic, difficulty, lang),
                                                embeds=embeds, view=ui, ephemeral=True, allowed_mentions=SILENT)

    async def _group(self, interaction: discord.Interaction, topic: str | None, length: int,
                     difficulty: int | None, seconds: int) -> None:
        if interaction.guild_id is None or interaction.channel_id is None:
            raise BadOption(option="mode", hint="solo")
        have = interaction.app_permissions
        missing = [p for p in NEEDED if not getattr(have, p)]
        lang = lang_for(interaction)
        if missing:
            raise CannotPostHere(permissions=", ".join(t(f"perm.{p}", lang) for p in missing))
        session_id = await self.app.group.start(
            host_id=interaction.user.id, lang=lang, guild_id=interaction.guild_id,
            channel_id=interaction.channel_id, topic=topic, length=length, difficulty=difficulty, seconds=seconds)
        topic_name = self.app.course.catalog.topics[topic].title.get(lang) if topic else t("group.all_topics", lang)
        total = (await self.app.quiz.question(session_id)).total  # fewer than asked when the course has fewer
        started = t("group.started", lang, host=interaction.user.mention, questions=plural("n.questions", lang, total),
                    topic=topic_name, seconds=seconds)
        note = shorter_note(total, length, topic, difficulty, lang)
        await interaction.response.send_message(f"{started}\n{note}" if note else started, allowed_mentions=SILENT)
        interaction.client.groups.run(session_id, interaction.channel_id)

    @app_commands.command(name=_("review"), description=_("Review what you got wrong, when it is due"))
    @COOLDOWN
    async def review(self, interaction: discord.Interaction) -> None:
        await components.start_review(interaction)

