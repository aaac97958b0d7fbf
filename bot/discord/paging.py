"""The timeline and the sources, paged: Previous/Next buttons carry the page (and the timeline's topic filter)."""

from __future__ import annotations

import re

import discord

from bot.discord.buttons import Buttons, StatefulButton
from bot.domain.catalog import Catalog
from bot.domain.errors import DomainError, NotFound
from bot.i18n import t

from . import render
from .components import app_of
from .locale import lang_for

PER_PAGE = 5
_TL = re.compile(r"(?P<topic>[a-z0-9-]{0,40}):(?P<page>\d{1,3})")
_PAGE = re.compile(r"\d{1,3}")


def timeline_message(catalog: Catalog, topic: str | None, page: int, lang: str):
    events = catalog.events_for(topic)
    pages = max(1, -(-len(events) // PER_PAGE))
    page = max(0, min(page, pages - 1))
    title = t("timeline.title", lang) + (f": {catalog.topics[topic].title.get(lang)}" if topic else "")
    ui = Buttons()
    key = topic or ""
    if pages == 1:
        return render.timeline(events, page, PER_PAGE, lang, title), ui
    ui.add_item(StatefulButton(custom_id=f"tl:{key}:{max(page - 1, 0)}", label="◀", disabled=page == 0))
    ui.add_item(StatefulButton(custom_id=f"tl:{key}:{min(page + 1, pages - 1)}", label="▶",
                                disabled=page >= pages - 1))
    return render.timeline(events, page, PER_PAGE, lang, title), ui


async def turn_page(interaction: discord.Interaction, rest: str) -> None:
    """tl:[TOPIC]:PAGE: that page of the timeline (of the topic, if any), in place."""
    match = _TL.fullmatch(rest)
    catalog = app_of(interaction).course.catalog
    if match is None or (match["topic"] and match["topic"] not in catalog.topics):
        raise NotFound(what="topic", name=rest[:37])
    embed, ui = timeline_message(catalog, match["topic"] or None, int(match["page"]), lang_for(interaction))
    await interaction.response.edit_message(embed=embed, view=ui)


def sources_message(catalog: Catalog, page: int, lang: str):
    """/sources: one page of it, with Previous/Next when the sources take more than one (Discord's embed total)."""
    pages = render.source_pages(catalog, lang)
    page = max(0, min(page, len(pages) - 1))
    ui = Buttons()
    if len(pages) > 1:
        ui.add_item(StatefulButton(custom_id=f"src:{max(page - 1, 0)}", label="◀", disabled=page == 0))
        ui.add_item(StatefulButton(custom_id=f"src:{min(page + 1, len(pages) - 1)}", label="▶",
                                    disabled=page >= len(pages) - 1))
    return pages[page], ui


async def turn_sources_page(interaction: discord.Interaction, rest: str) -> None:
    """src:PAGE: that page of /sources, in place."""
    if _PAGE.fullmatch(rest) is None:  # not a button of ours (forged): refused with the generic apology
        raise DomainError()
    embed, ui = sources_message(app_of(interaction).course.catalog, int(rest), lang_for(interaction))
    await interaction.response.edit_message(embed=embed, view=ui)
