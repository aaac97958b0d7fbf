"""/class report [topic] [period] and /class export [topic] [period]: the server's class report for its moderators
(and the bot's operators), as an embed with a participation chart, or as CSV files; always ephemeral. Who may read
it is checked by the service, on the server side, whatever the command's visibility."""

from __future__ import annotations

import asyncio

import discord
from discord import app_commands
from discord.app_commands import locale_str as _
from discord.ext import commands

from bot.app import App
from bot.discord.autocomplete import topic_choices
from bot.discord.class_report import export_files, period_text, report_message
from bot.discord.cogs.moderation import application_operators
from bot.discord.cooldown import MODERATION
from bot.discord.errors import SILENT
from bot.discord.locale import lang_for
from bot.discord.translator import Labelled
from bot.domain.class_report import DEFAULT_PERIOD
from bot.i18n import t
from bot.services.class_report import ClassReport

ReportPeriod = app_commands.Transform[str, Labelled({"week": "this week", "4weeks": "4 weeks",
                                                     "12weeks": "12 weeks", "all": "all time"})]


class ClassReports(commands.Cog):
    group = app_commands.Group(name=_("class"), description=_("Moderators: this server's class report"),
                               guild_only=True, default_permissions=discord.Permissions(manage_guild=True))

    def __init__(self, app: App):
        self.app = app

    async def _report(self, interaction: discord.Interaction, topic: str | None, period: str,
                      places: str) -> tuple[ClassReport, str]:
        service = self.app.class_report
        if service.editors.owners is None:  # read once: discord.py fetched the application's info at login
            client = interaction.client
            service.editors.set_owners(application_operators(client.application or await client.application_info()))
        roles = [r.id for r in getattr(interaction.user, "roles", [])]
        await service.require_reader(interaction.user.id, interaction.guild_id, interaction.permissions.manage_guild,
                                     roles)
        lang = lang_for(interaction)
        topic_id = service.find_topic(topic, lang) if topic else None
        await interaction.response.defer(ephemeral=True, thinking=True)
        return await service.report(interaction.guild_id, topic_id, period, lang, places), lang

    @group.command(name=_("report"), description=_("Active learners, mastery, hardest questions, who may need help"))
    @app_commands.describe(topic=_("Mastery and hardest questions of this topic only"),
                           period=_("Which weeks (default: the last 4)"))
    @app_commands.autocomplete(topic=topic_choices)
    @MODERATION
    async def report(self, interaction: discord.Interaction, topic: app_commands.Range[str, 1, 100] | None = None,
                     period: ReportPeriod = DEFAULT_PERIOD) -> None:
        report, lang = await self._report(interaction, topic, period, "hardest")
        embed, chart = await asyncio.to_thread(report_message, report, lang)
        await interaction.followup.send(embed=embed, file=chart, ephemeral=True, allowed_mentions=SILENT)

    @group.command(name=_("export"), description=_("The class report as CSV files"))
    @app_commands.describe(topic=_("Mastery and hardest questions of this topic only"),
                           period=_("Which weeks (default: the last 4)"))
    @app_commands.autocomplete(topic=topic_choices)
    @MODERATION
    async def export(self, interaction: discord.Interaction, topic: app_commands.Range[str, 1, 100] | None = None,
                     period: ReportPeriod = DEFAULT_PERIOD) -> None:
        report, lang = await self._report(interaction, topic, period, "all")
        files = export_files(report, self.app.course.catalog, lang)
        await interaction.followup.send(t("class.exported", lang, period=period_text(report, lang)), files=files,
                                        ephemeral=True, allowed_mentions=SILENT)
