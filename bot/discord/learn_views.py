"""Reading messages: a topic's pages with Previous/Next and "Quiz me on this"; a quote with "Another"
and "Learn this topic". Each button's custom_id carries the topic and page (routes.py lists them)."""

from __future__ import annotations

import re

import discord

from bot.discord.buttons import Buttons, StatefulButton
from bot.domain import limits as L
from bot.domain.catalog import Catalog
from bot.domain.content import Quote, Topic
from bot.domain.errors import NotFound
from bot.i18n import t

from . import quiz_flow, render
from .components import app_of
from .cooldown import QUIZ, QUOTE
from .errors import SILENT
from .locale import lang_for
from .text import fit

_LEARN = re.compile(r"(?P<topic>[a-z0-9-]{1,40}):(?P<page>\d{1,2})")
_TOPIC = re.compile(r"[a-z0-9-]{1,40}")


def learn_button(topic: str, page: int, label: str, style=discord.ButtonStyle.primary,
                 disabled: bool = False) -> StatefulButton:
    """Opens `page` of `topic` (in place on the reader's own copy, else as a new private message)."""
    return StatefulButton(custom_id=f"l:{topic}:{page}", label=fit(label, L.BUTTON_LABEL), style=style,
                       disabled=disabled)


def quiz_me_button(topic: str, lang: str) -> StatefulButton:
    return StatefulButton(custom_id=f"lq:{topic}", label=t("learn.quiz_me", lang), style=discord.ButtonStyle.success)


def topic_message(topic: Topic, page: int, lang: str, catalog: Catalog) -> tuple[discord.Embed, discord.ui.View]:
    total = render.topic_pages(topic)
    page = max(0, min(page, total - 1))
    ui = Buttons()
    ui.add_item(learn_button(topic.id, max(page - 1, 0), "◀", discord.ButtonStyle.secondary, disabled=page == 0))
    ui.add_item(learn_button(topic.id, min(page + 1, total - 1), "▶", discord.ButtonStyle.secondary,
                             disabled=page >= total - 1))
    ui.add_item(quiz_me_button(topic.id, lang))
    return render.topic_page(topic, page, lang, catalog), ui


def quote_message(
    quote: Quote, lang: str, catalog: Catalog, topic: str | None
) -> tuple[discord.Embed, discord.ui.View]:
    ui = Buttons()
    ui.add_item(StatefulButton(custom_id=f"qt:{topic or ''}", label=t("quote.another", lang)))
    ui.add_item(learn_button(quote.topics[0], 0, t("quote.learn", lang)))
    return render.quote(quote, lang, catalog), ui


async def open_page(interaction: discord.Interaction, rest: str) -> None:
    """l:TOPIC:PAGE: in place on the reader's own copy; from a public message (a quote, the daily post), as a
    copy of their own."""
    m = _LEARN.fullmatch(rest)
    if m is None:
        raise NotFound(what="topic", name=rest[:40])
    app, lang = app_of(interaction), lang_for(interaction)
    topic = await app.learn.learn(interaction.user.id, m["topic"])
    embed, ui = topic_message(topic, int(m["page"]), lang, app.course.catalog)
    if _owned_ephemeral(interaction):
        await interaction.response.edit_message(embed=embed, view=ui)
    else:
        await interaction.response.send_message(embed=embed, view=ui, ephemeral=True, allowed_mentions=SILENT)


async def quiz_me(interaction: discord.Interaction, rest: str) -> None:
    """lq:TOPIC: a quiz of five on the topic, spending /quiz's budget."""
    if not _TOPIC.fullmatch(rest):
        raise NotFound(what="topic", name=rest[:40])
    await QUIZ.spend(interaction)
    view = await app_of(interaction).quiz.start(user_id=interaction.user.id, lang=lang_for(interaction),
                                                guild_id=interaction.guild_id, channel_id=interaction.channel_id,
                                                topic=rest, length=5)
    embeds, ui = quiz_flow.question_message(view)
    await interaction.response.send_message(embeds=embeds, view=ui, ephemeral=True, allowed_mentions=SILENT)


async def another_quote(interaction: discord.Interaction, rest: str) -> None:
    """qt:[TOPIC]: another quote (on the topic, if any), spending /quote's budget."""
    if rest and not _TOPIC.fullmatch(rest):
        raise NotFound(what="topic", name=rest[:40])
    await QUOTE.spend(interaction)
    app, lang = app_of(interaction), lang_for(interaction)
    quote = await app.learn.quote(interaction.user.id, topic=rest or None)
    embed, ui = quote_message(quote, lang, app.course.catalog, rest or None)
    await interaction.response.send_message(embed=embed, view=ui, ephemeral=True, allowed_mentions=SILENT)


def _owned_ephemeral(interaction: discord.Interaction) -> bool:
    message = interaction.message
    return bool(message is not None and message.flags.ephemeral)
