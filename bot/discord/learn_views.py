"""Reading messages: a topic's pages with Previous/Next and "Quiz me on this"; a quote with "Another"
and "Learn this topic". Each button's custom_id carries the topic and page."""

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
                 disabled: bool = False) -> LearnButton:
    """Opens `page` of `topic` (in place on the reader's own copy, else as a new private message)."""
    return LearnButton(custom_id=f"l:{topic}:{page}", label=fit(label, L.BUTTON_LABEL), style=style,
                       disabled=disabled)


def quiz_me_button(topic: str, lang: str) -> LearnButton:
    return LearnButton(custom_id=f"lq:{topic}", label=t("learn.quiz_me", lang), style=discord.ButtonStyle.success)


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
    ui.add_item(LearnButton(custom_id=f"qt:{topic or ''}", label=t("quote.another", lang)))
    ui.add_item(learn_button(quote.topics[0], 0, t("quote.learn", lang)))
    return render.quote(quote, lang, catalog), ui


class LearnButton(StatefulButton, template=r"(?P<kind>l|lq|qt):(?P<rest>[\s\S]{0,96})"):
    """l:TOPIC:PAGE page through a topic · lq:TOPIC quiz on it · qt:[TOPIC] another quote."""

    async def handle(self, interaction: discord.Interaction) -> None:
        kind, _, rest = (self.custom_id or "").partition(":")
        app, lang, user = app_of(interaction), lang_for(interaction), interaction.user.id
        catalog = app.course.catalog
        if kind == "l" and (m := _LEARN.fullmatch(rest)):
            topic = await app.learn.learn(user, m["topic"])
            embed, ui = topic_message(topic, int(m["page"]), lang, catalog)
            if _owned_ephemeral(interaction):
                await interaction.response.edit_message(embed=embed, view=ui)
            else:  # a button on a public message (a quote, the daily post): the reader gets their own copy
                await interaction.response.send_message(embed=embed, view=ui, ephemeral=True, allowed_mentions=SILENT)
        elif kind == "lq" and _TOPIC.fullmatch(rest):
            QUIZ.spend(interaction)
            view = await app.quiz.start(user_id=user, lang=lang, guild_id=interaction.guild_id,
                                        channel_id=interaction.channel_id, topic=rest, length=5)
            embeds, ui = quiz_flow.question_message(view)
            await interaction.response.send_message(embeds=embeds, view=ui, ephemeral=True, allowed_mentions=SILENT)
        elif kind == "qt" and (rest == "" or _TOPIC.fullmatch(rest)):
            QUOTE.spend(interaction)
            quote = await app.learn.quote(user, topic=rest or None)
            embed, ui = quote_message(quote, lang, catalog, rest or None)
            await interaction.response.send_message(embed=embed, view=ui, ephemeral=True, allowed_mentions=SILENT)
        else:
            raise NotFound(what="topic", name=rest[:40])


def _owned_ephemeral(interaction: discord.Interaction) -> bool:
    message = interaction.message
    return bool(message is not None and message.flags.ephemeral)
