"""/ask: a question answered from the course (full-text search in the asker's language), with a button
to learn the topic it comes from; topic suggestions when nothing matches."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.app_commands import locale_str as _
from discord.ext import commands

from bot.app import App
from bot.discord import render
from bot.discord.buttons import Buttons
from bot.discord.cooldown import per_user
from bot.discord.errors import SILENT
from bot.discord.learn_views import learn_button
from bot.discord.locale import lang_for
from bot.discord.text import fit
from bot.domain import limits as L
from bot.i18n import t
from bot.services.ask import AskResult

COOLDOWN = per_user(5, 30.0)


def ask_message(result: AskResult, lang: str, topic_title) -> tuple[discord.Embed, discord.ui.View]:
    ui = Buttons()
    best = result.best
    if best is None:
        embed = discord.Embed(title=t("ask.nothing_title", lang),
                              description=fit(t("ask.nothing", lang, question=result.question[:200]),
                                              L.EMBED_DESCRIPTION), colour=render.GOLD)
        for topic in result.suggestions:
            ui.add_item(learn_button(topic.id, 0, topic.title.get(lang)))
        return embed, ui
    body = f"“{best.body}”" if best.kind == "quote" else best.body
    embed = discord.Embed(title=fit(best.title, L.EMBED_TITLE), description=fit(body, L.EMBED_DESCRIPTION),
                          colour=render.BLUE)
    if result.more:
        embed.add_field(name=t("ask.see_also", lang),
                        value=fit("\n".join(f"· {d.title}" for d in result.more), L.EMBED_FIELD_VALUE), inline=False)
    if best.topic:
        embed.set_footer(text=fit(t(f"ask.from.{best.kind}", lang, topic=topic_title(best.topic)), 2048))
        ui.add_item(learn_button(best.topic, best.page, t("quote.learn", lang)))
    return embed, ui


class Ask(commands.Cog):
    def __init__(self, app: App):
        self.app = app

    @app_commands.command(name=_("ask"), description=_("Ask the course a question"))
    @app_commands.describe(question=_("Your question, in a few words"))
    @COOLDOWN
    async def ask(self, interaction: discord.Interaction, question: app_commands.Range[str, 2, 300]) -> None:
        lang = lang_for(interaction)
        result = self.app.ask.ask(question, lang)
        topics = self.app.course.catalog.topics

        def title(topic_id: str) -> str:
            return topics[topic_id].title.get(lang) if topic_id in topics else topic_id

        embed, ui = ask_message(result, lang, title)
        await interaction.response.send_message(embed=embed, view=ui, ephemeral=True, allowed_mentions=SILENT)
