"""Quiz messages: a question with its buttons, feedback with Next, the summary. The buttons carry
everything they need in their custom_id; the rest is in SQLite, so they work after a restart."""

from __future__ import annotations

import discord

from bot.domain.catalog import Catalog
from bot.domain.quiz_items import LETTERS, Ordering, TrueFalse
from bot.i18n import t
from bot.services.views import Feedback, QuestionView, Summary

from . import render
from .buttons import Buttons
from .text import fit


def _button(custom_id: str, label: str, style=discord.ButtonStyle.secondary, row: int | None = None):
    from .components import QuizButton

    return QuizButton(custom_id=custom_id, label=fit(label, 80), style=style, row=row)


def question_message(view: QuestionView, picked: str = "") -> tuple[list[discord.Embed], Buttons]:
    """The question, and buttons to answer it. `picked`: for ordering, the display indices clicked so far."""
    lang, item, sid, pos = view.lang, view.item, view.session_id, view.position
    embed = render.question(view)
    ui = Buttons()
    if isinstance(item, TrueFalse):
        ui.add_item(_button(f"q:t:{sid}:{pos}:1", t("quiz.true", lang), discord.ButtonStyle.primary))
        ui.add_item(_button(f"q:t:{sid}:{pos}:0", t("quiz.false", lang), discord.ButtonStyle.primary))
    elif isinstance(item, Ordering):
        chosen = [int(c) for c in picked]
        if chosen:
            order = " → ".join(f"**{LETTERS[i]}** {view.choices[i]}" for i in chosen)
            embed.add_field(name=t("quiz.order_so_far", lang), value=fit(order, 1024), inline=False)
        listing = "\n".join(f"**{LETTERS[i]}** · {c}" for i, c in enumerate(view.choices))
        embed.add_field(name=t("quiz.events", lang), value=fit(listing, 1024), inline=False)
        for i, label in enumerate(view.choices):
            if i not in chosen:
                ui.add_item(_button(f"q:o:{sid}:{pos}:{picked}:{i}", f"{LETTERS[i]} · {label}", row=i))
    elif view.choices:
        for i, label in enumerate(view.choices):
            ui.add_item(_button(f"q:a:{sid}:{pos}:{i}", f"{LETTERS[i]} · {label}", row=i))
    else:
        ui.add_item(_button(f"q:m:{sid}:{pos}", t("quiz.type_answer", lang), discord.ButtonStyle.primary))
    return [embed], ui


def feedback_message(fb: Feedback) -> tuple[list[discord.Embed], Buttons]:
    view = fb.question
    ui = Buttons()
    label = t("quiz.finish" if fb.is_last else "quiz.next", view.lang)
    ui.add_item(_button(f"q:n:{view.session_id}:{view.position}", label, discord.ButtonStyle.success))
    return [render.question(view), render.feedback(fb)], ui


def notice_message(session_id: int, position: int, text: str, lang: str) -> tuple[list[discord.Embed], Buttons]:
    """Why a question cannot be shown as it was (removed or changed in the course), with Next to go on."""
    ui = Buttons()
    ui.add_item(_button(f"q:n:{session_id}:{position}", t("quiz.next", lang), discord.ButtonStyle.success))
    return [render.notice(t("quiz.question_number", lang, number=position + 1), text)], ui


def summary_message(summary: Summary, lang: str, catalog: Catalog) -> tuple[list[discord.Embed], Buttons]:
    return [render.summary(summary, lang, catalog)], Buttons()
