"""/ask: a question answered from the course (full-text search in the asker's language, misspelt names
forgiven), with a button to learn the topic it comes from; "the course does not cover that" and topic
suggestions when nothing answers it."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.app_commands import locale_str as _
from discord.ext import commands

from bot.app import App
from bot.discord import render
from bot.discord.buttons import Buttons
from bot.discord.cooldown import ASK
from bot.discord.errors import SILENT
from bot.discord.learn_views import learn_button
from bot.discord.locale import lang_for
from bot.discord.text import fit
from bot.domain import limits as L
from bot.domain.search import Document
from bot.i18n import t
from bot.services.ask import AskResult

COOLDOWN = ASK


def ask_message(result: AskResult, lang: str, topic_title) -> tuple[discord.Embed, discord.ui.View]:
    ui = Buttons()
    best = result.best
    if best is None:
        nothing = t("ask.nothing", lang, question=result.question[:200])
        if result.corrected:
            nothing = f"{nothing}\n\n*{_searched(result, lang)}*"
        embed = discord.Embed(title=t("ask.nothing_title", lang), description=fit(nothing, L.EMBED_DESCRIPTION),
                              colour=render.GOLD)
        for topic in result.suggestions:
            ui.add_item(learn_button(topic.id, 0, topic.title.get(lang)))
        return embed, ui
    embed = discord.Embed(title=fit(best.title, L.EMBED_TITLE), description=fit(_body(best, lang), L.EMBED_DESCRIPTION),
                          colour=render.BLUE)
    if result.corrected:
        embed.description = fit(f"{embed.description}\n\n*{_searched(result, lang)}*", L.EMBED_DESCRIPTION)
    if best.note:
        embed.add_field(name=t("note.title", lang), value=fit(best.note, L.EMBED_FIELD_VALUE), inline=False)
    if result.more:
        embed.add_field(name=t("ask.see_also", lang),
                        value=fit("\n".join(f"· {d.title}" for d in result.more), L.EMBED_FIELD_VALUE), inline=False)
    if best.topic:
        embed.set_footer(text=fit(t(f"ask.from.{best.kind}", lang, topic=topic_title(best.topic)), 2048))
        ui.add_item(learn_button(best.topic, best.page, t("quote.learn", lang)))
    return embed, ui


def _body(doc: Document, lang: str) -> str:
    """A quote in quotation marks (marked when it is our translation), the course's context outside them; any
    other document as it is."""
    if doc.kind != "quote" or doc.quote is None:
        return doc.body
    marker = f" *{t('quote.translation', lang)}*" if doc.translated else ""
    return f"“{doc.quote}”{marker}\n\n{doc.context}"


def _searched(result: AskResult, lang: str) -> str:
    """Which of the asker's words were read as which of the course's words."""
    return t("ask.corrected", lang, words=", ".join(f"{a} → {b}" for a, b in result.corrected.items()))


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
