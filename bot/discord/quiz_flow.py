"""Quiz messages: a question with its buttons, feedback with Next, the summary. The buttons carry
everything they need in their custom_id (routes.py lists each prefix); the rest is in the database, so they
work after a restart."""

from __future__ import annotations

import discord

from bot.domain.quiz_items import LETTERS, Ordering, TrueFalse
from bot.domain.reports import ItemRef
from bot.i18n import t
from bot.services.views import Feedback, QuestionView, Summary

from . import render
from .buttons import Buttons, StatefulButton
from .reports import report_button
from .text import fit


def _button(custom_id: str, label: str, style=discord.ButtonStyle.secondary, row: int | None = None):
    return StatefulButton(custom_id=custom_id, label=fit(label, 80), style=style, row=row)


def question_message(view: QuestionView, picked: str = "") -> tuple[list[discord.Embed], Buttons]:
    """The question, and buttons to answer it. `picked`: for ordering, the display indices clicked so far.

    Choices are listed once, whole, in the embed, and answered with letter buttons in one row: on a phone a
    row of letters is one line, where a button per choice (its text cut at 80 characters) was a line or two
    each, under the same text listed above it."""
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
        for i in range(len(view.choices)):
            if i not in chosen:
                ui.add_item(_button(f"q:o:{sid}:{pos}:{picked}:{i}", LETTERS[i], discord.ButtonStyle.primary, row=0))
        # a misclick is taken back before the last pick (which answers): one step, or all of them
        if chosen:
            ui.add_item(_button(f"q:s:{sid}:{pos}:{picked[:-1]}", "↩ " + t("quiz.undo", lang), row=1))
        if len(chosen) > 1:  # with one pick, undoing it is starting over (and two buttons may not share an id)
            ui.add_item(_button(f"q:s:{sid}:{pos}:", t("quiz.reset", lang), row=1))
    elif view.choices:
        for i in range(len(view.choices)):
            ui.add_item(_button(f"q:a:{sid}:{pos}:{i}", LETTERS[i], discord.ButtonStyle.primary, row=0))
    else:
        ui.add_item(_button(f"q:m:{sid}:{pos}", t("quiz.type_answer", lang), discord.ButtonStyle.primary))
    return [embed], ui


def feedback_message(fb: Feedback) -> tuple[list[discord.Embed], Buttons]:
    """The question with the right choice and the learner's marked, the verdict, the running score, Next and
    "Report a problem" (rp:); after a right answer in a review, Hard / Good / Easy to rate it (q:h:; without a
    click it counts as Good)."""
    view = fb.question
    ui = next_button(view.session_id, view.position, fb.is_last, view.lang)
    ui.add_item(report_button(ItemRef("question", view.item.id), view.lang, row=0))
    if view.mode == "review" and fb.grade.correct and not fb.again:
        for rating in (2, 3, 4):  # fsrs's Hard, Good, Easy
            ui.add_item(_button(f"q:h:{view.session_id}:{view.position}:{rating}",
                                t(f"review.rate_{rating}", view.lang), row=1))
    return [render.question(view, render.choice_marks(fb)), render.feedback(fb)], ui


def next_button(session_id: int, position: int, is_last: bool, lang: str) -> Buttons:
    ui = Buttons()
    label = t("quiz.finish" if is_last else "quiz.next", lang)
    ui.add_item(_button(f"q:n:{session_id}:{position}", label, discord.ButtonStyle.success, row=0))
    return ui


def notice_message(session_id: int, position: int, text: str, lang: str) -> tuple[list[discord.Embed], Buttons]:
    """Why a question cannot be shown as it was (removed or changed in the course), with Next to go on."""
    ui = Buttons()
    ui.add_item(_button(f"q:n:{session_id}:{position}", t("quiz.next", lang), discord.ButtonStyle.success))
    return [render.notice(t("quiz.question_number", lang, number=position + 1), text)], ui


def summary_message(summary: Summary, lang: str) -> tuple[list[discord.Embed], Buttons]:
    """The score and what was missed, with somewhere to go: those questions again (q:r: reads them from the
    finished quiz), another quiz like this one (q:x:), or the topic most of the misses belong to."""
    from .learn_views import learn_button

    sid = summary.session_id
    ui = Buttons()
    if summary.missed:
        ui.add_item(_button(f"q:r:{sid}", t("quiz.review_missed", lang), discord.ButtonStyle.primary))
    ui.add_item(_button(f"q:x:{sid}", t("quiz.another", lang), discord.ButtonStyle.success))
    if summary.weakest is not None:
        ui.add_item(learn_button(summary.weakest.id, 0,
                                 t("quiz.learn_weakest", lang, topic=summary.weakest.title.get(lang)),
                                 discord.ButtonStyle.secondary))
    return [render.summary(summary, lang)], ui
