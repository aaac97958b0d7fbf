"""Quiz buttons and modals: their custom_id says what they do, so they work after a restart.
A malformed, stale or foreign custom_id gets an ephemeral refusal and writes nothing."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import discord

from bot.discord.buttons import StatefulButton
from bot.domain.errors import AlreadyAnswered, BadOption, DomainError, ItemRemoved, NotYourQuiz, QuizNotFound
from bot.domain.quiz_items import OpenAnswer, Ordering
from bot.i18n import error_text, t
from bot.services.views import QuestionView

from . import quiz_flow, render
from .cooldown import QUIZ
from .errors import SILENT, guarded
from .locale import lang_for

if TYPE_CHECKING:
    from .client import TutorBot

_AFTER = re.compile(r"(?P<kind>[rx]):(?P<sid>\d{1,18})")  # buttons on a finished quiz's summary
_QUIZ = re.compile(r"(?P<kind>[atomns]):(?P<sid>\d{1,18}):(?P<pos>\d{1,2})(?::(?P<a>\d{0,4}))?(?::(?P<b>\d))?")


def app_of(interaction: discord.Interaction):
    client: TutorBot = interaction.client  # type: ignore[assignment]
    return client.app


class QuizButton(StatefulButton, template=r"q:(?P<rest>[\s\S]{0,98})"):
    """q:a:SID:POS:I answer choice I · q:t:SID:POS:1|0 true/false · q:o:SID:POS:PICKED:I ordering pick ·
    q:s:SID:POS:PICKED the ordering with only PICKED picked (undo, start over) · q:m:SID:POS open answer (modal) ·
    q:n:SID:POS next · q:r:SID review what was missed in quiz SID · q:x:SID another quiz like SID."""

    async def handle(self, interaction: discord.Interaction) -> None:
        custom_id = self.custom_id
        after = _AFTER.fullmatch(custom_id[2:])
        if after is not None:
            await _after(interaction, after["kind"], int(after["sid"]))
            return
        parsed = _QUIZ.fullmatch(custom_id[2:])
        if parsed is None:
            raise QuizNotFound()
        try:
            await self._handle(interaction, parsed)
        except (ItemRemoved, AlreadyAnswered) as exc:
            await with_next(interaction, int(parsed["sid"]), int(parsed["pos"]), exc)

    async def _handle(self, interaction: discord.Interaction, parsed: re.Match[str]) -> None:
        kind, sid, pos = parsed["kind"], int(parsed["sid"]), int(parsed["pos"])
        app, user = app_of(interaction), interaction.user.id
        if kind == "n":
            nxt = await app.quiz.next(sid, pos, user)
            if isinstance(nxt, QuestionView):
                embeds, ui = quiz_flow.question_message(nxt)
            else:
                embeds, ui = quiz_flow.summary_message(nxt, lang_for(interaction))
            await interaction.response.edit_message(embeds=embeds, view=ui)
            return
        if kind == "m":
            question = await app.quiz.question(sid, pos)
            _check_owner(question, user, OpenAnswer)
            await interaction.response.send_modal(OpenAnswerModal(sid, pos, question))
            return
        if kind == "a" and parsed["a"] and parsed["b"] is None:
            response: object = int(parsed["a"])
        elif kind == "t" and parsed["a"] in ("0", "1") and parsed["b"] is None:
            response = parsed["a"] == "1"
        elif kind in "os" and (parsed["b"] is not None) == (kind == "o"):
            picked = (parsed["a"] or "") + (parsed["b"] or "")
            question = await app.quiz.question(sid, pos)
            _check_owner(question, user, Ordering)
            if len(set(picked)) != len(picked) or any(int(c) >= len(question.choices) for c in picked) or (
                    kind == "s" and len(picked) >= len(question.choices)):
                raise BadOption(option="order", hint="A-D")
            if len(picked) < len(question.choices):
                embeds, ui = quiz_flow.question_message(question, picked)
                await interaction.response.edit_message(embeds=embeds, view=ui)
                return
            response = [int(c) for c in picked]
        else:
            raise QuizNotFound()
        message = interaction.message
        feedback = await app.quiz.answer(sid, pos, user, response, channel_id=interaction.channel_id,
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


async def _after(interaction: discord.Interaction, kind: str, sid: int) -> None:
    """From a finished quiz's summary: its missed questions again, as a review (r), or another quiz with the
    same topic, difficulty and length (x). Either starts a quiz, so it spends /quiz's budget."""
    app, user, lang = app_of(interaction), interaction.user.id, lang_for(interaction)
    summary = await app.quiz.summary(sid, user, details=kind == "r")
    if summary.mode == "group":  # a group's scoreboard has no such buttons: forged
        raise QuizNotFound()
    if summary.owner_id != user:
        raise NotYourQuiz()
    items = list({m.item.id: m.item for m in summary.missed}.values())
    if kind == "r" and not items:  # nothing was missed: the summary showed no such button
        raise QuizNotFound()
    QUIZ.spend(interaction)
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
    """Sent for open-answer questions; its submission is handled by `handle_modal` (so it works after a
    restart too, when this object is long gone)."""

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


_MODAL = re.compile(r"q:M:(?P<sid>\d{1,18}):(?P<pos>\d{1,2})")


async def handle_modal(interaction: discord.Interaction) -> bool:
    """Answer an open question from a modal submission; any other form gets a polite refusal. Always True:
    every submission is answered."""
    custom_id = (interaction.data or {}).get("custom_id", "")
    match = _MODAL.fullmatch(custom_id) if isinstance(custom_id, str) else None

    async def run() -> None:
        if match is None:  # a form the bot did not send (or no longer knows): answered, never left hanging
            raise QuizNotFound()
        values = {c.get("custom_id"): c.get("value") for row in interaction.data.get("components", [])
                  for c in row.get("components", [row.get("component")] if row.get("component") else [])
                  if isinstance(c, dict)}
        app, sid, pos = app_of(interaction), int(match["sid"]), int(match["pos"])
        try:
            feedback = await app.quiz.answer(sid, pos, interaction.user.id, values.get("answer") or "")
        except (ItemRemoved, AlreadyAnswered) as exc:
            await with_next(interaction, sid, pos, exc)
            return
        embeds, ui = quiz_flow.feedback_message(feedback)
        if interaction.message is not None:
            await interaction.response.edit_message(embeds=embeds, view=ui)
        else:
            await interaction.response.send_message(embeds=embeds, view=ui, ephemeral=True, allowed_mentions=SILENT)

    await guarded(interaction, run())
    return True


class StaleButton(StatefulButton, template=r"[\s\S]*"):
    """Any custom_id no other kind claims (matched last): an old or forged button, including one with a known
    prefix and a body no kind accepts. Refused politely: every click gets an answer."""

    async def handle(self, interaction: discord.Interaction) -> None:
        raise QuizNotFound()


def button_kinds() -> tuple[type[StatefulButton], ...]:
    """Every kind of button, in the order clicks are matched (the catch-all last)."""
    from .cogs.progress import DeleteMyData
    from .learn_views import LearnButton
    from .paging import TimelineButton

    return (QuizButton, LearnButton, TimelineButton, DeleteMyData, StaleButton)
