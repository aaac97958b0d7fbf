"""The timeline, paged: Previous/Next buttons carry the topic filter and the page."""

from __future__ import annotations

import re

import discord

from bot.discord.buttons import Buttons, StatefulButton
from bot.domain.catalog import Catalog
from bot.i18n import t

from . import render
from .components import app_of
from .locale import lang_for

PER_PAGE = 5
_TL = re.compile(r"(?P<topic>[a-z0-9-]{0,40}):(?P<page>\d{1,3})")


def timeline_message(catalog: Catalog, topic: str | None, page: int, lang: str):
    events = catalog.events_for(topic)
    pages = max(1, -(-len(events) // PER_PAGE))
    page = max(0, min(page, pages - 1))
    title = t("timeline.title", lang) + (f": {catalog.topics[topic].title.get(lang)}" if topic else "")
    ui = Buttons()
    key = topic or ""
    if pages == 1:
        return render.timeline(events, page, PER_PAGE, lang, title), ui
    ui.add_item(TimelineButton(custom_id=f"tl:{key}:{max(page - 1, 0)}", label="◀", disabled=page == 0))
    ui.add_item(TimelineButton(custom_id=f"tl:{key}:{min(page + 1, pages - 1)}", label="▶",
                               disabled=page >= pages - 1))
    return render.timeline(events, page, PER_PAGE, lang, title), ui


class TimelineButton(StatefulButton, template=r"tl:(?P<rest>[\s\S]{0,96})"):
    async def handle(self, interaction: discord.Interaction) -> None:
        from bot.domain.errors import NotFound

        match = _TL.fullmatch((self.custom_id or "")[3:])
        catalog = app_of(interaction).course.catalog
        if match is None or (match["topic"] and match["topic"] not in catalog.topics):
            raise NotFound(what="topic", name=(self.custom_id or "")[3:40])
        embed, ui = timeline_message(catalog, match["topic"] or None, int(match["page"]), lang_for(interaction))
        await interaction.response.edit_message(embed=embed, view=ui)
