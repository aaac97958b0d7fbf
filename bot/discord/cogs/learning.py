"""/help, /topics, /learn, /quote, /glossary, /timeline, /sources."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.app_commands import locale_str as _
from discord.ext import commands

from bot.app import App
from bot.discord import render
from bot.discord.autocomplete import speaker_choices, term_choices, topic_choices
from bot.discord.cooldown import QUOTE
from bot.discord.errors import SILENT
from bot.discord.learn_views import quote_message, topic_message
from bot.discord.locale import lang_for
from bot.discord.paging import sources_message, timeline_message
from bot.domain import lookup
from bot.i18n import t


class Learning(commands.Cog):
    def __init__(self, app: App):
        self.app = app

    @app_commands.command(name=_("help"), description=_("What this bot does and how to begin"))
    async def help(self, interaction: discord.Interaction) -> None:
        lang = lang_for(interaction)
        course = self.app.course.catalog.course
        embed = discord.Embed(title=course.title.get(lang), description=t("help.body", lang), colour=render.BLUE)
        await interaction.response.send_message(embed=embed, ephemeral=True, allowed_mentions=SILENT)

    @app_commands.command(name=_("topics"), description=_("The course map, with your progress"))
    async def topics(self, interaction: discord.Interaction) -> None:
        lang = lang_for(interaction)
        progress = await self.app.progress.progress(interaction.user.id)
        lines = [f"**{i}.** {tp.topic.title.get(lang)} · `{tp.topic.id}` · {tp.mastered}/{tp.items}"
                 + (" 📖" if tp.read else "") for i, tp in enumerate(progress.topics, 1)]
        embed = discord.Embed(title=t("topics.title", lang), description="\n".join(lines), colour=render.BLUE)
        embed.set_footer(text=t("topics.footer", lang))
        await interaction.response.send_message(embed=embed, ephemeral=True, allowed_mentions=SILENT)

    @app_commands.command(name=_("learn"), description=_("Read a topic, page by page"))
    @app_commands.describe(topic=_("The topic to read"))
    @app_commands.autocomplete(topic=topic_choices)
    async def learn(self, interaction: discord.Interaction, topic: str) -> None:
        lang = lang_for(interaction)
        found = await self.app.learn.learn(interaction.user.id, topic, lang)
        embed, ui = topic_message(found, 0, lang, self.app.course.catalog)
        await interaction.response.send_message(embed=embed, view=ui, ephemeral=True, allowed_mentions=SILENT)

    @app_commands.command(name=_("quote"), description=_("A quote from the course's sources"))
    @app_commands.describe(topic=_("Only quotes on this topic"), speaker=_("Only quotes by this person"))
    @app_commands.autocomplete(topic=topic_choices, speaker=speaker_choices)
    @QUOTE
    async def quote(self, interaction: discord.Interaction, topic: str | None = None,
                    speaker: str | None = None) -> None:
        lang = lang_for(interaction)
        found = await self.app.learn.quote(interaction.user.id, topic=topic, speaker=speaker, lang=lang)
        topic_id = self.app.learn.find_topic(topic, lang).id if topic else None
        embed, ui = quote_message(found, lang, self.app.course.catalog, topic_id)
        await interaction.response.send_message(embed=embed, view=ui, allowed_mentions=SILENT)

    @app_commands.command(name=_("glossary"), description=_("Look up a term"))
    @app_commands.describe(term=_("The term to look up"))
    @app_commands.autocomplete(term=term_choices)
    async def glossary(self, interaction: discord.Interaction, term: str) -> None:
        lang = lang_for(interaction)
        catalog = self.app.course.catalog
        found = lookup.term(catalog, term, lang)
        await interaction.response.send_message(embed=render.glossary(found, lang, catalog), ephemeral=True,
                                                allowed_mentions=SILENT)

    @app_commands.command(name=_("timeline"), description=_("Dated events, page by page"))
    @app_commands.describe(topic=_("Only events of this topic"))
    @app_commands.autocomplete(topic=topic_choices)
    async def timeline(self, interaction: discord.Interaction, topic: str | None = None) -> None:
        lang = lang_for(interaction)
        catalog = self.app.course.catalog
        found = lookup.topic(catalog, topic, lang) if topic is not None else None
        if found is not None and not catalog.events_for(found.id):
            await interaction.response.send_message(t("timeline.empty_topic", lang, topic=found.title.get(lang)),
                                                    ephemeral=True, allowed_mentions=SILENT)
            return
        embed, ui = timeline_message(catalog, found.id if found else None, 0, lang)
        await interaction.response.send_message(embed=embed, view=ui, ephemeral=True, allowed_mentions=SILENT)

    @app_commands.command(name=_("sources"), description=_("The documents this course draws on"))
    async def sources(self, interaction: discord.Interaction) -> None:
        lang = lang_for(interaction)
        embed, ui = sources_message(self.app.course.catalog, 0, lang)
        await interaction.response.send_message(embed=embed, view=ui, ephemeral=True, allowed_mentions=SILENT)
