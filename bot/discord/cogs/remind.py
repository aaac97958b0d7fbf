"""/remind on | off | status: a learner's review reminders, a DM once a day at their local time when reviews are
due. A learner whose DMs Discord refused is told so once, after the next slash command they use."""

from __future__ import annotations

import logging

import discord
from discord import app_commands
from discord.app_commands import locale_str as _
from discord.ext import commands

from bot.app import App
from bot.discord.autocomplete import zone_choices
from bot.discord.errors import SILENT
from bot.discord.locale import lang_for
from bot.i18n import t
from bot.services.reminders import DEFAULT_TIME, ReminderStatus

log = logging.getLogger(__name__)


def status_lines(status: ReminderStatus, lang: str) -> list[str]:
    """Why they stopped, if they did; else on or off, and when on the time and zone, the next check as a Discord
    timestamp (each reader sees it in their own time) and that nothing comes on days with nothing due; the last
    DM."""
    if status.problem:  # stopped until turned on again: why, and what to do
        lines = [t(f"remind.problem.{status.problem}", lang)]
    elif not status.enabled:
        lines = [t("remind.off", lang)]
    else:
        lines = [t("remind.on", lang, time=status.local_time.strftime("%H:%M"), zone=status.timezone)]
        if status.next_at is not None:
            lines.append(t("remind.next", lang, when=discord.utils.format_dt(status.next_at, "F"),
                           relative=discord.utils.format_dt(status.next_at, "R")))
        lines.append(t("remind.how", lang))
    if status.last_sent_on is not None:
        lines.append(t("remind.last", lang, date=status.last_sent_on.isoformat()))
    return lines


class Remind(commands.Cog):
    remind = app_commands.Group(name=_("remind"), description=_("Review reminders by direct message"))

    def __init__(self, app: App):
        self.app = app

    @remind.command(name=_("on"), description=_("A direct message each day at your time, when reviews are due"))
    @app_commands.describe(time=_(f"Local time, HH:MM (24-hour clock; {DEFAULT_TIME} if not given)"),
                           timezone=_("Your time zone, e.g. Europe/Madrid"))
    @app_commands.autocomplete(timezone=zone_choices)
    async def on(self, interaction: discord.Interaction, time: str | None = None,
                 timezone: str | None = None) -> None:
        # the DM is written in the learner's language as stored: their Discord language, kept up to date here
        await self.app.learners.ensure(interaction.user.id, str(interaction.locale))
        status = await self.app.reminders.turn_on(interaction.user.id, time, timezone)
        await self._reply(interaction, status_lines(status, lang_for(interaction)))

    @remind.command(name=_("off"), description=_("Stop the review reminders"))
    async def off(self, interaction: discord.Interaction) -> None:
        await self.app.reminders.turn_off(interaction.user.id)
        await self.app.reminders.untold_problem(interaction.user.id)  # stopped either way: nothing left to tell
        await self._reply(interaction, [t("remind.off", lang_for(interaction))])

    @remind.command(name=_("status"), description=_("Whether reminders are on, and when the next one comes"))
    async def status(self, interaction: discord.Interaction) -> None:
        status = await self.app.reminders.status(interaction.user.id)
        await self.app.reminders.untold_problem(interaction.user.id)  # the status shows it: it has been told
        await self._reply(interaction, status_lines(status, lang_for(interaction)))

    @staticmethod
    async def _reply(interaction: discord.Interaction, lines: list[str]) -> None:
        await interaction.response.send_message("\n".join(lines), ephemeral=True, allowed_mentions=SILENT)

    @commands.Cog.listener()
    async def on_app_command_completion(self, interaction: discord.Interaction, command: object) -> None:
        """After any slash command: a learner whose reminders stopped because Discord refused their DM is told
        so, once, in a short ephemeral follow-up. For everyone else `untold_problem` costs no database trip."""
        try:
            problem = await self.app.reminders.untold_problem(interaction.user.id)
            if problem is None:
                return
            text = t(f"remind.problem.{problem}", lang_for(interaction))
            if interaction.response.is_done():
                await interaction.followup.send(text, ephemeral=True, allowed_mentions=SILENT)
            else:
                await interaction.response.send_message(text, ephemeral=True, allowed_mentions=SILENT)
        except Exception:  # noqa: BLE001 - the command itself is done; this notice must never look like its failure
            log.exception("could not tell user %s why their review reminders stopped", interaction.user.id)
