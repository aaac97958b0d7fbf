"""What quiz buttons and forms do when clicked or submitted (routes.py maps each custom_id prefix to one of
these). Their custom_id says everything they need, so they work after a restart; parts that do not parse get
an ephemeral refusal and write nothing."""

from __future__ import annotations

import functools
import re
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

import discord

from bot.domain.errors import (
    AlreadyAnswered,
    BadOption,
    DomainError,
    ItemRemoved,
    NothingDue,
    NotYourQuiz,
    QuizNotFound,
)
from bot.domain.quiz_items import OpenAnswer, Ordering
from bot.i18n import error_text, t
from bot.services.notes import review_note
from bot.services.views import QuestionView

from . import quiz_flow, render
from .cooldown import QUIZ
from .errors import SILENT
from .locale import lang_for

if TYPE_CHECKING:
    from .client import TutorBot

_QUESTION = r"(?P<sid>\d{1,18}):(?P<pos>\d{1,2})"  # a quiz's id and a question's position in it
_AT = re.compile(_QUESTION)
_CHOICE = re.compile(_QUESTION + r":(?P<choice>\d{1,4})")
_TRUE_FALSE = re.compile(_QUESTION + r":(?P<value>[01])")
_PICK = re.compile(_QUESTION + r":(?P<picked>\d{0,4}):(?P<choice>\d)")
_PICKED = re.compile(_QUESTION + r":(?P<picked>\d{0,4})")
_QUIZ = re.compile(r"\d{1,18}")

QuestionClick = Callable[[discord.Interaction, int, int, re.Match[str]], Awaitable[None]]


def app_of(interaction: discord.Interaction):
    client: TutorBot = interaction.client  # type: ignore[assignment]
    return client.app


def _on_question(parts: re.Pattern[str]) -> Callable[[QuestionClick], Callable[..., Awaitable[None]]]:
    """A click on question POS of quiz SID: its parts must be `parts` (else the click is refused). A question
    removed or changed in the course since, or answered before it changed, is told with Next (`with_next`)."""

    def wrap(act: QuestionClick) -> Callable[..., Awaitable[None]]:
        @functools.wraps(act)
        async def handler(interaction: discord.Interaction, rest: str) -> None:
            match = parts.fullmatch(rest)
            if match is None:
                raise QuizNotFound()
            sid, pos = int(match["sid"]), int(match["pos"])
            try:
                await act(interaction, sid, pos, match)
            except (ItemRemoved, AlreadyAnswered) as exc:
                await with_next(interaction, sid, pos, exc)

        return handler

    return wrap


@_on_question(_CHOICE)
async def answer_choice(interaction: discord.Interaction, sid: int, pos: int, match: re.Match[str]) -> None:
    await _answer(interaction, sid, pos, int(match["choice"]))


@_on_question(_TRUE_FALSE)
async def answer_true_false(interaction: discord.Interaction, sid: int, pos: int, match: re.Match[str]) -> None:
    await _answer(interaction, sid, pos, match["value"] == "1")


@_on_question(_PICK)
async def pick_event(interaction: discord.Interaction, sid: int, pos: int, match: re.Match[str]) -> None:
    """One more event picked, in order: the question again with it, or, with the last one, the answer."""
    await _ordering(interaction, sid, pos, match["picked"] + match["choice"], undo=False)


@_on_question(_PICKED)
async def undo_picks(interaction: discord.Interaction, sid: int, pos: int, match: re.Match[str]) -> None:
    """The ordering with only PICKED picked: one step back, or (none) starting over."""
    await _ordering(interaction, sid, pos, match["picked"], undo=True)


@_on_question(_AT)
async def open_answer_form(interaction: discord.Interaction, sid: int, pos: int, match: re.Match[str]) -> None:
    question = await app_of(interaction).quiz.question(sid, pos)
    _check_owner(question, interaction.user.id, OpenAnswer)
    await interaction.response.send_modal(OpenAnswerModal(sid, pos, question))


@_on_question(_AT)
async def next_question(interaction: discord.Interaction, sid: int, pos: int, match: re.Match[str]) -> None:
    nxt = await app_of(interaction).quiz.next(sid, pos, interaction.user.id)
    if isinstance(nxt, QuestionView):
        embeds, ui = quiz_flow.question_message(nxt)
    else:
        embeds, ui = quiz_flow.summary_message(nxt, lang_for(interaction))
    await interaction.response.edit_message(embeds=embeds, view=ui)


async def review_missed(interaction: discord.Interaction, rest: str) -> None:
    await _after(interaction, "r", rest)


async def another_quiz(interaction: discord.Interaction, rest: str) -> None:
    await _after(interaction, "x", rest)


async def start_review(interaction: discord.Interaction) -> None:
    """The learner's review (what is due, else their weakest topic) in an ephemeral message where they are: for
    /review, and for "Start review" under a reminder in their DMs (reminders.review_from_reminder)."""
    app, user, lang = app_of(interaction), interaction.user.id, lang_for(interaction)
    plan = await app.review.plan(user)
    try:
        view = await app.review.start(user_id=user, lang=lang, guild_id=interaction.guild_id,
                                      channel_id=interaction.channel_id, plan=plan)
    except NothingDue as nothing:
        if nothing.next_due is None:
            raise
        # the next review's date as a Discord timestamp: the reader's client shows it on their clock, in their
        # language ("December 8, 2026", "8 de diciembre de 2026"), where the service's date is a plain one
        raise NothingDue(when=discord.utils.format_dt(nothing.next_due, "D"), next_due=nothing.next_due) from None
    embeds, ui = quiz_flow.question_message(view)
    note = review_note(plan, app.course.catalog, lang, lambda when: discord.utils.format_dt(when, "R"))
    await interaction.response.send_message(note, embeds=embeds, view=ui, ephemeral=True, allowed_mentions=SILENT)


async def _ordering(interaction: discord.Interaction, sid: int, pos: int, picked: str, undo: bool) -> None:
    question = await app_of(interaction).quiz.question(sid, pos)
    _check_owner(question, interaction.user.id, Ordering)
    if len(set(picked)) != len(picked) or any(int(c) >= len(question.choices) for c in picked) or (
            undo and len(picked) >= len(question.choices)):
        raise BadOption(option="order", hint="A-D")
    if len(picked) < len(question.choices):
        embeds, ui = quiz_flow.question_message(question, picked)
        await interaction.response.edit_message(embeds=embeds, view=ui)
        return
    await _answer(interaction, sid, pos, [int(c) for c in picked])


async def _answer(interaction: discord.Interaction, sid: int, pos: int, response: object) -> None:
    message = interaction.message
    feedback = await app_of(interaction).quiz.answer(sid, pos, interaction.user.id, response,
                                                     channel_id=interaction.channel_id,
                                                     message_id=message.id if message is not None else None)
    if feedback.question.mode == "group":  # the message is everyone's: the answer is told only to its author
        lang = lang_for(interaction)
        closes = feedback.question.closes_at
        await interaction.response.send_message(
            t("group.already" if feedback.again else "group.recorded", lang,
              answer=render.answer_text(feedback.grade.given, lang),
              when=discord.utils.format_dt(closes, "R") if closes else ""),
            ephemeral=True, allowed_mentions=SILENT)
        return
    embeds, ui = quiz_flow.feedback_message(feedback)
    await interaction.response.edit_message(embeds=embeds, view=ui)


async def _after(interaction: discord.Interaction, kind: str, rest: str) -> None:
    """From a finished quiz's summary: its missed questions again, as a review (r), or another quiz with the
    same topic, difficulty and length (x). Either starts a quiz, so it spends /quiz's budget."""
    if not _QUIZ.fullmatch(rest):
        raise QuizNotFound()
    sid = int(rest)
    app, user, lang = app_of(interaction), interaction.user.id, lang_for(interaction)
    summary = await app.quiz.summary(sid, user, details=kind == "r")
    if summary.mode == "group":  # a group's scoreboard has no such buttons: forged
        raise QuizNotFound()
    if summary.owner_id != user:
        raise NotYourQuiz()
    items = list({m.item.id: m.item for m in summary.missed}.values())
    if kind == "r" and not items:  # nothing was missed: the summary showed no such button
        raise QuizNotFound()
    await QUIZ.spend(interaction)
    where = {"user_id": user, "lang": lang, "guild_id": interaction.guild_id, "channel_id": interaction.channel_id}
    if kind == "r":
        view = await app.quiz.start(**where, length=len(items), mode="review", items=items)
    else:
        view = await app.quiz.start(**where, topic=summary.topic, difficulty=summary.difficulty, length=summary.total)
    embeds, ui = quiz_flow.question_message(view)
    await interaction.response.send_message(embeds=embeds, view=ui, ephemeral=True, allowed_mentions=SILENT)


async def with_next(interaction: discord.Interaction, sid: int, pos: int, error: DomainError) -> None:
    """A question that cannot be shown as it was: removed or changed in the course since the quiz began (it is
    skipped), or already answered before it changed. On the learner's own quiz message the reason replaces the
    question, with Next, so the quiz never stalls there; a group's message is everyone's: only tell."""
    message = interaction.message
    if message is None or not message.flags.ephemeral:
        raise error
    embeds, ui = quiz_flow.notice_message(sid, pos, error_text(error, lang_for(interaction)), lang_for(interaction))
    await interaction.response.edit_message(embeds=embeds, view=ui)


def _check_owner(question: QuestionView, user_id: int, kind: type) -> None:
    """Buttons that act before the service sees an answer (a modal, an ordering step) check here that the
    clicker owns the quiz and that the question is of the kind the button is for. Group quizzes have neither
    kind (their questions take one click), so such a click on a group's public message is forged."""
    if question.mode == "group" or not isinstance(question.item, kind):
        raise QuizNotFound()
    if question.owner_id != user_id:
        raise NotYourQuiz()


class OpenAnswerModal(discord.ui.Modal):
    """Sent for open-answer questions; its submission is routed by custom_id to `submit_open_answer` (so it
    works after a restart too, when this object is long gone)."""

    def is_finished(self) -> bool:
        # nothing to wait for (the submission is routed by custom_id): discord.py then keeps no copy of the
        # form, which it would hold until submitted (forever, for a form the learner closes) and dispatch twice
        return True

    def __init__(self, sid: int, pos: int, question: QuestionView):
        from bot.i18n import t

        super().__init__(title=t("quiz.modal_title", question.lang, number=question.number)[:45],
                         custom_id=f"q:M:{sid}:{pos}", timeout=None)
        self.add_item(discord.ui.TextInput(label=t("quiz.modal_label", question.lang)[:45], custom_id="answer",
                                           max_length=200, min_length=1))


async def submit_open_answer(interaction: discord.Interaction, rest: str) -> None:
    """An open question answered in its form (OpenAnswerModal)."""
    match = _AT.fullmatch(rest)
    if match is None:  # a form the bot did not send (or no longer knows): answered, never left hanging
        raise QuizNotFound()
    values = {c.get("custom_id"): c.get("value") for row in (interaction.data or {}).get("components", [])
              for c in row.get("components", [row.get("component")] if row.get("component") else [])
              if isinstance(c, dict)}
    sid, pos = int(match["sid"]), int(match["pos"])
    try:
        feedback = await app_of(interaction).quiz.answer(sid, pos, interaction.user.id, values.get("answer") or "")
    except (ItemRemoved, AlreadyAnswered) as exc:
        await with_next(interaction, sid, pos, exc)
        return
    embeds, ui = quiz_flow.feedback_message(feedback)
    if interaction.message is not None:
        await interaction.response.edit_message(embeds=embeds, view=ui)
    else:
        await interaction.response.send_message(embeds=embeds, view=ui, ephemeral=True, allowed_mentions=SILENT)
