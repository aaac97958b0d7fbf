"""/content stats, paged: each item's figures and flags, with its file:line, in the moderator's language. The
Previous/Next buttons carry the topic, the flag and the page (st:[TOPIC]:[FLAG]:PAGE); a page turn checks the
clicker is a moderator again, on the server side."""

from __future__ import annotations

import re

import discord

from bot.discord.buttons import Buttons, StatefulButton
from bot.domain import limits as L
from bot.domain.errors import NotFound
from bot.domain.item_stats import Flag
from bot.i18n import plural, t
from bot.services.item_stats import ItemReport, ItemStatsService

from .components import app_of
from .locale import lang_for
from .render import BLUE, answer_text
from .text import fit

PER_PAGE = 5
CODES = {"n": Flag.NEGATIVE, "h": Flag.TOO_HARD, "e": Flag.TOO_EASY, "u": Flag.UNUSED_DISTRACTOR}
_CODE_OF = {flag: code for code, flag in CODES.items()}
_ST = re.compile(r"(?P<topic>[a-z0-9-]{0,40}):(?P<flag>[nheu]?):(?P<page>\d{1,3})")


async def stats_message(service: ItemStatsService, topic: str | None, flag: Flag | None, page: int,
                        lang: str) -> tuple[discord.Embed, Buttons]:
    """The page of the report (clamped to the pages there are), with its buttons when there is more than one."""
    entries = await service.report(topic, flag, lang)
    pages = max(1, -(-len(entries) // PER_PAGE))
    page = max(0, min(page, pages - 1))
    shown = entries[page * PER_PAGE:(page + 1) * PER_PAGE]
    places = [await service.place(e.stats.item_id) for e in shown]
    catalog = service.course.catalog
    title = t("stats.title", lang)
    if topic:
        title += f": {catalog.topics[topic].title.get(lang)}"
    if flag:
        title += f" · {t(f'stats.flag.{flag}', lang)}"
    embed = discord.Embed(title=fit(title, L.EMBED_TITLE), colour=BLUE)
    if not entries:
        embed.description = t("stats.empty", lang)
    for entry, place in zip(shown, places, strict=True):
        name, value = _field(entry, place, lang)
        embed.add_field(name=fit(name, 256), value=fit(value, 1024), inline=False)
    embed.set_footer(text=t("stats.footer", lang, page=page + 1, pages=pages, items=len(entries)))
    ui = Buttons()
    if pages > 1:
        state = f"{topic or ''}:{_CODE_OF[flag] if flag else ''}"
        ui.add_item(StatefulButton(custom_id=f"st:{state}:{max(page - 1, 0)}", label="◀", disabled=page == 0))
        ui.add_item(StatefulButton(custom_id=f"st:{state}:{min(page + 1, pages - 1)}", label="▶",
                                    disabled=page >= pages - 1))
    return embed, ui


def _field(entry: ItemReport, place: str | None, lang: str) -> tuple[str, str]:
    s = entry.stats
    marks = ", ".join(t(f"stats.flag.{f}", lang) for f in s.flags)
    name = f"{'⚠ ' if s.flags else ''}{s.item_id} [{s.lang}]" + (f": {marks}" if marks else "")
    lines = [discord.utils.escape_markdown(fit(entry.text, 120)),
             f"`{place}`" if place else t("stats.no_file", lang),
             plural("stats.answers", lang, s.answered, share=round(100 * s.share_right),
                    discrimination="–" if s.discrimination is None else f"{s.discrimination:+.2f}",
                    median="–" if s.median_seconds is None else s.median_seconds)]
    if entry.top_wrong is not None:
        wrong = discord.utils.escape_markdown(fit(answer_text(entry.top_wrong, lang), 100))
        lines.append(t("stats.top_wrong", lang, answer=wrong, count=s.top_wrong_count))
    if s.unused:
        lines.append(t("stats.unused", lang, letters=", ".join(s.unused)))
    return name, "\n".join(lines)


async def turn_page(interaction: discord.Interaction, rest: str) -> None:
    """st:[TOPIC]:[FLAG]:PAGE: that page of /content stats, in place, for a moderator."""
    from .cogs.moderation import require_moderator  # the cogs import this module

    await require_moderator(interaction)
    match = _ST.fullmatch(rest)
    service = app_of(interaction).item_stats
    if match is None or (match["topic"] and match["topic"] not in service.course.catalog.topics):
        raise NotFound(what="topic", name=rest[:37])
    embed, ui = await stats_message(service, match["topic"] or None, CODES.get(match["flag"]),
                                    int(match["page"]), lang_for(interaction))
    await interaction.response.edit_message(embed=embed, view=ui)
