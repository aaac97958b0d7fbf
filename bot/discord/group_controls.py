"""A group quiz's controls: Pause (Resume), Skip and Stop, as buttons under each of its questions (g:, in
routes.py). They are on the question's message, where the host is looking, and work there after a restart as
every button does; anyone sees them, and the service refuses anyone but the quiz's host or a moderator of its
server (an ephemeral reply, through the one error handler). What they did is said in the channel, in the
quiz's language: everyone there is playing."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import discord

from bot.domain.errors import QuizNotFound
from bot.i18n import t
from bot.services.group import Controller

from .errors import SILENT
from .group_quiz import group_question

if TYPE_CHECKING:
    from .client import TutorBot

_CONTROL = re.compile(r"(?P<sid>\d{1,18}):(?P<pos>\d{1,2}):(?P<action>[prsx])")  # pause, resume, skip, stop


async def control(interaction: discord.Interaction, rest: str) -> None:
    match = _CONTROL.fullmatch(rest)
    if match is None:
        raise QuizNotFound()
    client: TutorBot = interaction.client  # type: ignore[assignment]
    group, runner = client.app.group, client.groups
    sid, pos, action = int(match["sid"]), int(match["pos"]), match["action"]
    # the member as this server sees them: Discord resolves their permissions and roles for the click
    by = Controller(interaction.user.id, interaction.channel_id, interaction.permissions.manage_guild,
                    tuple(r.id for r in getattr(interaction.user, "roles", [])))
    who = interaction.user.mention
    if action in "pr":
        paused = action == "p"
        view = await (group.pause if paused else group.resume)(sid, pos, by)
        embeds, ui = group_question(view, paused)
        await interaction.response.edit_message(embeds=embeds, view=ui)
        notice = t("group.paused_by", view.lang, who=who) if paused else t(
            "group.resumed_by", view.lang, who=who, number=pos + 1,
            when=discord.utils.format_dt(view.closes_at, "R") if view.closes_at else "")
        await interaction.followup.send(notice, allowed_mentions=SILENT)
    elif action == "s":
        lang = await group.skip(sid, pos, by)
        await interaction.response.send_message(t("group.skipped_by", lang, who=who, number=pos + 1),
                                                allowed_mentions=SILENT)
    else:
        lang = await group.stop(sid, by)
        await interaction.response.send_message(t("group.stopped_by", lang, who=who), allowed_mentions=SILENT)
    runner.run(sid, interaction.channel_id or 0)  # what is due changed: step now (a resume starts it again)
