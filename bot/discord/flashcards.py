"""/flashcards' message and its buttons (fc:, listed in routes.py): a card's front with Show and Stop; its back
with Again, Hard, Good and Easy; a rating edits the message to the next card, saying when the rated one comes
back. Each button names the deck's learner and the card it was shown for: the service refuses anyone else, and
a card the deck has moved on from."""

from __future__ import annotations

import re

import discord

from bot.domain import flashcards as fc
from bot.domain import limits as L
from bot.domain.errors import QuizNotFound
from bot.domain.reports import ItemRef
from bot.i18n import plural, t
from bot.services.flashcards import CardView, DeckDone

from . import render
from .buttons import Buttons, StatefulButton
from .components import app_of
from .reports import report_button
from .text import fit

_CARD = r"(?P<user>\d{1,20}):(?P<card>(?:term|quote):[a-z0-9-]{1,40})"
_AT = re.compile(_CARD)
_RATE = re.compile(_CARD + r":(?P<rating>[1-4])")
STYLES = {fc.AGAIN: discord.ButtonStyle.danger, fc.HARD: discord.ButtonStyle.secondary,
          fc.GOOD: discord.ButtonStyle.success, fc.EASY: discord.ButtonStyle.primary}


def _button(custom_id: str, label: str, style=discord.ButtonStyle.secondary, row: int | None = None):
    return StatefulButton(custom_id=custom_id, label=fit(label, L.BUTTON_LABEL), style=style, row=row)


def _front(view: CardView) -> discord.Embed:
    lang = view.lang
    if view.kind == fc.TERM:
        text, ask = f"**{view.front}**", t("flashcards.ask_term", lang)
    else:
        marker = f" {t('quote.translation', lang)}" if view.translated else ""
        text, ask = f"“{view.front}”{marker}", t("flashcards.ask_quote", lang)
    embed = discord.Embed(title=t("flashcards.title", lang), colour=render.BLUE,
                          description=fit(text, L.EMBED_DESCRIPTION - 200) + f"\n\n*{ask}*")
    embed.set_footer(text=t("flashcards.deck", lang, topic=view.topic or t("flashcards.all_topics", lang),
                            due=view.due, new=view.new))
    return embed


def card_message(view: CardView) -> tuple[discord.Embed, Buttons]:
    """A card's front, with Show and Stop."""
    ui = Buttons()
    at = f"{view.owner_id}:{view.card_id}"
    ui.add_item(_button(f"fc:s:{at}", t("flashcards.show", view.lang), discord.ButtonStyle.primary))
    ui.add_item(_button(f"fc:x:{at}", t("flashcards.stop", view.lang)))
    return _front(view), ui


def back_message(view: CardView) -> tuple[discord.Embed, Buttons]:
    """The card turned over (its front stays above its back), with the four ratings, each saying how soon the card
comes back with it (as Anki's buttons do), and Stop."""
    lang, embed = view.lang, _front(view)
    name = t("flashcards.meaning" if view.kind == fc.TERM else "flashcards.said_by", lang)
    embed.add_field(name=name, value=fit(view.back, L.EMBED_FIELD_VALUE), inline=False)
    if view.context:
        embed.add_field(name=t("flashcards.context", lang), value=fit(view.context, L.EMBED_FIELD_VALUE),
                        inline=False)
    if view.note:
        embed.add_field(name=t("note.title", lang), value=fit(view.note, L.EMBED_FIELD_VALUE), inline=False)
    ui, at = Buttons(), f"{view.owner_id}:{view.card_id}"
    for rating, after in zip(fc.RATINGS, view.after or [None] * len(fc.RATINGS), strict=True):
        label = t(f"flashcards.rate_{rating}", lang) + (f" · {fc.span(after)}" if after is not None else "")
        ui.add_item(_button(f"fc:r:{at}:{rating}", label, STYLES[rating], row=0))
    ui.add_item(_button(f"fc:x:{at}", t("flashcards.stop", lang), row=1))
    kind, _, item_id = view.card_id.partition(":")  # 'term:ID' or 'quote:ID': a report's kinds too
    ui.add_item(report_button(ItemRef(kind, item_id), lang, row=1))
    return embed, ui


def done_message(done: DeckDone, closed: bool = False) -> discord.Embed:
    """A deck with no card to show now (or closed by Stop): what was rated in it, and when the next card is due."""
    lang = done.lang
    reviewed = plural("n.cards", lang, done.reviewed)
    lines = [t("flashcards.stopped", lang, reviewed=reviewed) if closed
             else t("flashcards.done", lang, reviewed=reviewed) if done.reviewed else t("flashcards.none_yet", lang)]
    if done.next_due is not None:
        lines.append(t("flashcards.next_due", lang, when=discord.utils.format_dt(done.next_due, "R")))
    title = t("flashcards.stop" if closed else "flashcards.done_title", lang)
    return discord.Embed(title=title, description="\n".join(lines), colour=render.GOLD)


def opened_message(shown: CardView | DeckDone) -> tuple[discord.Embed, Buttons | None]:
    return card_message(shown) if isinstance(shown, CardView) else (done_message(shown), None)


async def show_card(interaction: discord.Interaction, rest: str) -> None:
    """USER:CARD: the card turned over, in place."""
    match = _AT.fullmatch(rest)
    if match is None:
        raise QuizNotFound()
    view = await app_of(interaction).flashcards.show(int(match["user"]), interaction.user.id, match["card"])
    embed, ui = back_message(view)
    await interaction.response.edit_message(embed=embed, view=ui)


async def rate_card(interaction: discord.Interaction, rest: str) -> None:
    """USER:CARD:RATING: the card rescheduled by FSRS; the message shows the deck's next card, and when the rated
    one comes back (a Discord timestamp, in the learner's own zone)."""
    match = _RATE.fullmatch(rest)
    if match is None:
        raise QuizNotFound()
    rated = await app_of(interaction).flashcards.rate(int(match["user"]), interaction.user.id, match["card"],
                                                      int(match["rating"]))
    said = t("flashcards.rated", rated.lang, rating=t(f"flashcards.rate_{rated.rating}", rated.lang),
             when=discord.utils.format_dt(rated.due, "R"))
    embed, ui = opened_message(rated.next)
    await interaction.response.edit_message(content=said, embed=embed, view=ui)


async def stop_deck(interaction: discord.Interaction, rest: str) -> None:
    """USER:CARD: the deck closed, its buttons gone."""
    match = _AT.fullmatch(rest)
    if match is None:
        raise QuizNotFound()
    done = await app_of(interaction).flashcards.stop(int(match["user"]), interaction.user.id, match["card"])
    await interaction.response.edit_message(content=None, embed=done_message(done, closed=True), view=None)
