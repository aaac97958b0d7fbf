"""Group quizzes on Discord: the messages (question with a countdown and the host's controls, results,
scoreboard), the `GroupChannel` port over discord.py, and the runner that steps each running quiz on its timer
(and picks the running ones up again after a restart; a control wakes it: group_controls.py)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import timedelta

import discord

from bot.domain import limits as L
from bot.domain.reports import ItemRef
from bot.domain.shards import Shards
from bot.i18n import t
from bot.services.group import QuestionResult, Standing
from bot.services.posting import PostRefused
from bot.services.views import QuestionView

from . import quiz_flow, render
from .buttons import Buttons, StatefulButton
from .errors import SILENT
from .posting import posting
from .reports import report_button
from .text import fit

log = logging.getLogger(__name__)
AFTER_ERROR = timedelta(seconds=5)
SHOWN_NAMES = 30  # 30 mentions of at most 24 characters each, and "+N more", fit in an embed field
BOARD_PLACES = 25  # 25 lines of at most ~60 characters each, and "+N more", fit in an embed description


def _people(ids: list[int], lang: str) -> str:
    """Mentions render as names and, with allowed_mentions none, ping nobody."""
    shown = " ".join(f"<@{i}>" for i in ids[:SHOWN_NAMES])
    hidden = len(ids) - SHOWN_NAMES
    return shown + (" " + t("group.more", lang, count=hidden) if hidden > 0 else "")


def group_question(view: QuestionView, paused: bool = False) -> tuple[list[discord.Embed], discord.ui.View]:
    """The question with its countdown and answer buttons, and under them the host's controls (g:), which anyone
    sees and only the host or a moderator may use. Paused: no countdown, the answer buttons greyed out, and
    Resume in Pause's place."""
    embeds, ui = quiz_flow.question_message(view)
    if paused:
        for button in ui.children:
            if isinstance(button, discord.ui.Button):
                button.disabled = True
        embeds[0].add_field(name=t("group.how", view.lang), value=t("group.paused", view.lang), inline=False)
    else:
        closes = discord.utils.format_dt(view.closes_at, "R") if view.closes_at else ""
        embeds[0].add_field(name=t("group.how", view.lang), value=t("group.closes", view.lang, when=closes),
                            inline=False)
    for button in controls(view.session_id, view.position, view.lang, paused).children:
        ui.add_item(button)
    return embeds, ui


def controls(session_id: int, position: int, lang: str, paused: bool) -> Buttons:
    """Pause (or Resume), Skip and Stop, in a row of their own below the answers."""
    ui = Buttons()
    first = ("r", "▶️", "group.resume") if paused else ("p", "⏸", "group.pause")
    for action, emoji, key in (first, ("s", "⏭️", "group.skip"), ("x", "⏹️", "group.stop")):
        style = discord.ButtonStyle.danger if action == "x" else discord.ButtonStyle.secondary
        ui.add_item(StatefulButton(custom_id=f"g:{session_id}:{position}:{action}", label=fit(t(key, lang), 80),
                                   emoji=emoji, style=style, row=2))
    return ui


def group_results(result: QuestionResult) -> list[discord.Embed]:
    view, lang = result.question, result.question.lang
    answered = len(result.right) + len(result.wrong)
    expected = render.answer_text(result.expected, lang)
    embed = discord.Embed(title=fit(t("group.results", lang, right=len(result.right), answered=answered),
                                    L.EMBED_TITLE),
                          description=fit(t("quiz.answer_was", lang, answer=expected), L.EMBED_DESCRIPTION),
                          colour=render.GREEN)
    embed.add_field(name=t("quiz.why", lang), value=fit(result.explanation, L.EMBED_FIELD_VALUE), inline=False)
    if result.note:
        embed.add_field(name=t("note.title", lang), value=fit(result.note, L.EMBED_FIELD_VALUE), inline=False)
    if result.right:
        embed.add_field(name=t("group.got_it", lang), value=fit(_people(result.right, lang), L.EMBED_FIELD_VALUE),
                        inline=False)
    embed.set_footer(text=fit(t("quiz.sources", lang, sources="; ".join(s.title for s in result.sources)), 2048))
    # ✅ on the right choice, as a solo answer shows it; no ❌, since there is no one learner's pick to mark
    marks = {view.choices.index(result.expected): "✅"} if result.expected in view.choices else {}
    return [render.question(view, marks), embed]


def results_buttons(result: QuestionResult) -> Buttons:
    """Under a question's results: "Report a problem" (rp:), for anyone who took part or watched."""
    ui = Buttons()
    ui.add_item(report_button(ItemRef("question", result.question.item.id), result.question.lang))
    return ui


def scoreboard(lang: str, total: int, standings: list[Standing], stopped: bool = False) -> discord.Embed:
    """The first places, best first, and how many more took part when there are more than fit (`stopped`: the
    quiz was stopped, and `total` is the questions it asked)."""
    medals = ("🥇", "🥈", "🥉")
    lines = [f"{medals[i] if i < 3 else f'**{i + 1}.**'} <@{s.user_id}>: "
             + t("group.score", lang, correct=s.correct, total=total)
             for i, s in enumerate(standings[:BOARD_PLACES])]
    if len(standings) > BOARD_PLACES:
        lines.append(t("group.more", lang, count=len(standings) - BOARD_PLACES))
    return discord.Embed(title=t("group.scoreboard_stopped" if stopped else "group.scoreboard", lang),
                         description=fit("\n".join(lines) or t("group.nobody", lang), L.EMBED_DESCRIPTION),
                         colour=render.GOLD)


class DiscordGroupChannel:
    """The `GroupChannel` port: posts in the quiz's channel through discord.py."""

    def __init__(self, client: discord.Client, channel_id: int):
        self.channel = client.get_partial_messageable(channel_id)

    async def post_question(self, view: QuestionView, nonce: str, paused: bool = False) -> int:
        embeds, ui = group_question(view, paused)
        message = await posting(self.channel.send(embeds=embeds, view=ui, nonce=nonce,
                                                                  allowed_mentions=SILENT))
        return message.id

    async def show_results(self, message_id: int, result: QuestionResult) -> None:
        message = self.channel.get_partial_message(message_id)
        try:
            await posting(message.edit(embeds=group_results(result), view=results_buttons(result)))
        except PostRefused as exc:
            if exc.reason != "message_gone":
                raise
            # someone deleted the question: the results come as a message of their own
            await posting(self.channel.send(embeds=group_results(result), view=results_buttons(result),
                                            allowed_mentions=SILENT))

    async def show_skipped(self, message_id: int, lang: str, position: int) -> None:
        notice = render.notice(t("quiz.question_number", lang, number=position + 1), t("error.item_removed", lang))
        await posting(self.channel.get_partial_message(message_id).edit(embeds=[notice], view=None))

    async def post_scoreboard(self, session_id: int, lang: str, total: int, standings: list[Standing],
                              nonce: str, stopped: bool = False) -> None:
        await posting(self.channel.send(embed=scoreboard(lang, total, standings, stopped), nonce=nonce,
                                                        allowed_mentions=SILENT))


class GroupQuizRunner:
    """One task per running group quiz, sleeping until its next step or until a control wakes it."""

    def __init__(self, client: discord.Client, app):
        self.client = client
        self.app = app
        self.tasks: dict[int, asyncio.Task] = {}
        self.wakes: dict[int, asyncio.Event] = {}

    def run(self, session_id: int, channel_id: int) -> None:
        """Run the quiz's steps, or wake its task to step now (a control changed what is due)."""
        if session_id in self.tasks and not self.tasks[session_id].done():
            self.wake(session_id)
            return
        self.wakes[session_id] = asyncio.Event()
        self.tasks[session_id] = asyncio.create_task(self._run(session_id, channel_id), name=f"group-quiz-{session_id}")

    def wake(self, session_id: int) -> None:
        if (event := self.wakes.get(session_id)) is not None:
            event.set()

    async def resume(self, shards: Shards) -> None:
        """Take up the group quizzes of this process's servers that a stop or a crash left running."""
        for session_id, channel_id in await self.app.group.running(shards):
            log.info("resuming group quiz %s", session_id)
            self.run(session_id, channel_id)

    async def _run(self, session_id: int, channel_id: int) -> None:
        channel = DiscordGroupChannel(self.client, channel_id)
        clock = self.app.clock
        woken = self.wakes[session_id]
        while True:
            woken.clear()  # a wake from here on steps again, even one that comes during this step
            try:
                wake = await self.app.group.step(session_id, channel)
            except Exception:  # noqa: BLE001 - keep the quiz alive through a bad moment
                log.exception("group quiz %s: step failed; trying again in %s", session_id, AFTER_ERROR)
                wake = clock.now() + AFTER_ERROR
            if wake is None:
                if woken.is_set():  # resumed while this step found it paused: step again
                    continue
                self.wakes.pop(session_id, None)
                return
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(woken.wait(), max(0.0, (wake - clock.now()).total_seconds()))

    async def close(self) -> None:
        for task in self.tasks.values():
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
