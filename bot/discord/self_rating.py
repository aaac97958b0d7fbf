"""The rating buttons under a right answer's feedback in a review (q:h:, listed in routes.py): the learner says
how hard it was, and the service reschedules the card by it."""

from __future__ import annotations

import re

import discord

from bot.domain.errors import QuizNotFound
from bot.i18n import t

from . import quiz_flow
from .components import app_of
from .errors import SILENT

_RATING = re.compile(r"(?P<sid>\d{1,18}):(?P<pos>\d{1,2}):(?P<rating>[234])")


async def rate_answer(interaction: discord.Interaction, rest: str) -> None:
    """SID:POS:RATING: the feedback stays, its rating buttons give way to the rating and the next review's date
    (Discord shows it in the learner's own time zone), with Next. Refusals (someone else's quiz, rated already,
    answered again since) are the error handler's ephemeral replies."""
    match = _RATING.fullmatch(rest)
    if match is None:
        raise QuizNotFound()
    rated = await app_of(interaction).review.rate(int(match["sid"]), int(match["pos"]), interaction.user.id,
                                                  int(match["rating"]))
    text = t("review.rated", rated.lang, rating=t(f"review.rate_{rated.rating}", rated.lang),
             when=discord.utils.format_dt(rated.due, "D"))
    message = interaction.message
    if message is None:  # the feedback is gone from view: the rating is told on its own
        await interaction.response.send_message(text, ephemeral=True, allowed_mentions=SILENT)
        return
    embeds = list(message.embeds)
    if embeds:
        embeds[-1].add_field(name="\u200b", value=text, inline=False)
    ui = quiz_flow.next_button(int(match["sid"]), int(match["pos"]), rated.is_last, rated.lang)
    await interaction.response.edit_message(embeds=embeds, view=ui)
