"""/content status | reload | validate | upload | reports | resolve | dismiss. Any server's moderators may look at
the course (status, validate); only the bot's operators may change it (reload, upload), since every server shares
it (bot.services.operators). Learners' reports: an operator sees and closes every server's, a server's moderators
their own server's (bot.services.reports). Checked here, on the server side, not only through
default_member_permissions."""

from __future__ import annotations

import asyncio
import logging
import tempfile
from collections.abc import Callable
from pathlib import Path

import discord
from discord import app_commands
from discord.app_commands import locale_str as _
from discord.ext import commands

from bot.app import App
from bot.content import staging
from bot.discord import reports as reporting
from bot.discord.autocomplete import topic_choices
from bot.discord.cooldown import MODERATION
from bot.discord.errors import SILENT
from bot.discord.item_stats import stats_message
from bot.discord.locale import lang_for
from bot.discord.text import fit
from bot.discord.translator import CourseFileKind
from bot.domain.errors import BadOption, ContentRejected, DomainError
from bot.domain.item_stats import Flag
from bot.i18n import plural, t
from bot.services.course import in_language
from bot.services.operators import CourseEditors
from bot.services.reports import Scope

log = logging.getLogger(__name__)
Kind = CourseFileKind  # the label in the user's language, the value in English
MAX_UPLOAD = 1_000_000
REPORT_LINES = 15
MAX_PROCESSES = 20  # /content status lists this many processes of a cluster, then counts the rest


async def require_moderator(interaction: discord.Interaction) -> None:
    """Manage Server (as Discord resolved it for this member in this channel, sent with the interaction),
    or the server's moderator role (/config modrole). Checked here, whatever the command's visibility."""
    app = interaction.client.app  # type: ignore[attr-defined]
    roles = [r.id for r in getattr(interaction.user, "roles", [])]
    await app.guilds.require_moderator(interaction.guild_id, interaction.permissions.manage_guild, roles)


def application_operators(info: discord.AppInfo) -> set[int]:
    """The application's owner; for a team's application, the team's owner and the members who accepted as
    admins or developers (as discord.py's Bot.is_owner counts them: read-only members do not edit)."""
    if info.team is None:
        return {info.owner.id}
    editing = (discord.TeamMemberRole.admin, discord.TeamMemberRole.developer)
    ids = {m.id for m in info.team.members
           if m.role in editing and m.membership_state is discord.TeamMembershipState.accepted}
    return ids | ({info.team.owner_id} if info.team.owner_id else set())


def report(errors: list[str], lang: str) -> str:
    """The first problems, one a line (file:line: what to do), and how many more there are."""
    shown = errors[:REPORT_LINES]
    more = len(errors) - len(shown)
    text = "\n".join(shown) + ("\n" + plural("n.more_problems", lang, more) if more > 0 else "")
    return fit(f"```\n{text}\n```", 1800)


COOLDOWN = MODERATION


class Moderation(commands.Cog):
    content = app_commands.Group(name=_("content"), description=_("Moderators: the course in service"),
                                 guild_only=True, default_permissions=discord.Permissions(manage_guild=True))

    def __init__(self, app: App):
        self.app = app
        settings = app.settings
        self.editors = CourseEditors(app.guilds, settings.operator_ids, settings.home_guild_id)

    async def read_owners(self, interaction: discord.Interaction, editors: CourseEditors) -> None:
        if editors.owners is None:  # read once: discord.py fetched the application's info at login
            client = interaction.client
            editors.set_owners(application_operators(client.application or await client.application_info()))

    async def require_editor(self, interaction: discord.Interaction) -> None:
        """An operator anywhere, or a moderator of the operators' home server."""
        await self.read_owners(interaction, self.editors)
        roles = [r.id for r in getattr(interaction.user, "roles", [])]
        await self.editors.require_editor(interaction.user.id, interaction.guild_id,
                                          interaction.permissions.manage_guild, roles)

    @content.command(name=_("status"), description=_("Version, counts, last reload and errors"))
    async def status(self, interaction: discord.Interaction) -> None:
        await require_moderator(interaction)
        lang, course = lang_for(interaction), self.app.course
        kinds = course.catalog.counts()["kinds"]
        lines = [t("content.version", lang, version=course.catalog.course.version,
                   fingerprint=course.catalog.fingerprint),
                 t("content.loaded", lang, when=discord.utils.format_dt(course.loaded_at, "R")),
                 ", ".join(plural(f"n.{kind}", lang, n) for kind, n in kinds.items())]
        lines += await self.processes(lang)
        if course.last_errors:
            errors = in_language(course.last_problems, course.last_errors, lang)
            lines.append(t("content.last_errors", lang) + "\n" + report(errors, lang))
        await interaction.response.send_message(fit("\n".join(lines), 2000), ephemeral=True,
                                                allowed_mentions=SILENT)

    async def report_scope(self, interaction: discord.Interaction) -> Scope:
        """Every server's reports for an operator, this server's for its moderators; anyone else is refused."""
        reports = self.app.reports
        await self.read_owners(interaction, reports.editors)
        roles = [r.id for r in getattr(interaction.user, "roles", [])]
        return await reports.scope(interaction.user.id, interaction.guild_id, interaction.permissions.manage_guild,
                                   roles)

    @content.command(name=_("reports"), description=_("Open reports from learners, by item, with file:line"))
    async def reports(self, interaction: discord.Interaction) -> None:
        scope = await self.report_scope(interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)
        groups = await self.app.reports.queue(scope)
        await interaction.followup.send(embed=reporting.queue_embed(groups, scope, lang_for(interaction)),
                                        ephemeral=True, allowed_mentions=SILENT)

    @content.command(name=_("resolve"), description=_("Close an item's reports as fixed, and tell who asked"))
    @app_commands.describe(item=_("The item, as /content reports names it (e.g. question:some-id)"),
                           note=_("A note on what was done"))
    async def resolve(self, interaction: discord.Interaction, item: app_commands.Range[str, 3, 100],
                      note: app_commands.Range[str, 1, 300] | None = None) -> None:
        scope = await self.report_scope(interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)
        app = self.app
        notifier = reporting.DiscordReportNotifier(interaction.client, lambda: app.course.catalog)
        closing = await app.reports.resolve(scope, item, note or "", interaction.user.id, notifier)
        await interaction.followup.send(reporting.closing_text(closing, lang_for(interaction)), ephemeral=True,
                                        allowed_mentions=SILENT)

    @content.command(name=_("dismiss"), description=_("Close an item's reports as not a problem"))
    @app_commands.describe(item=_("The item, as /content reports names it (e.g. question:some-id)"),
                           note=_("A note on what was done"))
    async def dismiss(self, interaction: discord.Interaction, item: app_commands.Range[str, 3, 100],
                      note: app_commands.Range[str, 1, 300] | None = None) -> None:
        scope = await self.report_scope(interaction)
        closing = await self.app.reports.dismiss(scope, item, note or "", interaction.user.id)
        await interaction.response.send_message(reporting.closing_text(closing, lang_for(interaction)),
                                                ephemeral=True, allowed_mentions=SILENT)

    @resolve.autocomplete("item")
    @dismiss.autocomplete("item")
    async def open_items(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        """The items with open reports this moderator may close, the most reported first."""
        try:
            scope = await self.report_scope(interaction)
        except DomainError:
            return []
        keys = [g.item.key for g in await self.app.reports.queue(scope, locate=False)]
        return [app_commands.Choice(name=k, value=k) for k in keys if current.lower() in k][:25]

    @content.command(name=_("stats"), description=_("Item statistics: share right, discrimination, flags"))
    @app_commands.describe(topic=_("Only this topic's items"), flag=_("Only the items with this flag"))
    @app_commands.choices(flag=[
        app_commands.Choice(name=_("negative discrimination"), value="negative_discrimination"),
        app_commands.Choice(name=_("too hard"), value="too_hard"),
        app_commands.Choice(name=_("too easy"), value="too_easy"),
        app_commands.Choice(name=_("unused distractor"), value="unused_distractor")])
    @app_commands.autocomplete(topic=topic_choices)
    async def stats(self, interaction: discord.Interaction, topic: app_commands.Range[str, 1, 100] | None = None,
                    flag: app_commands.Choice[str] | None = None) -> None:
        """Any server's moderators: the figures are the whole course's, shared by every server."""
        await require_moderator(interaction)
        lang, service = lang_for(interaction), self.app.item_stats
        topic_id = service.find_topic(topic, lang) if topic else None
        await interaction.response.defer(ephemeral=True, thinking=True)
        embed, ui = await stats_message(service, topic_id, Flag(flag.value) if flag else None, 0, lang)
        await interaction.followup.send(embed=embed, view=ui, ephemeral=True, allowed_mentions=SILENT)

    async def processes(self, lang: str) -> list[str]:
        """Each process of the cluster and the course it serves ([] for a bot that runs as one process)."""
        cluster = self.app.cluster
        servers = await cluster.servers()
        if not servers:
            return []
        shown = servers[:MAX_PROCESSES]
        lines = [t("content.processes", lang)] + [
            "• " + t("content.process", lang, label=s.label, shards=s.shards, fingerprint=s.fingerprint)
            + (t("content.this_process", lang) if s.label == cluster.label else "") for s in shown]
        if len(servers) > len(shown):
            lines.append(plural("n.more_processes", lang, len(servers) - len(shown)))
        return lines

    @content.command(name=_("reload"), description=_("Reload the course files (all or nothing)"))
    @COOLDOWN
    async def reload(self, interaction: discord.Interaction) -> None:
        await self.require_editor(interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)
        result = await self.app.course.reload(user_id=interaction.user.id, guild_id=interaction.guild_id)
        lang = lang_for(interaction)
        if not result.ok:
            raise ContentRejected(report=report(result.errors_in(lang), lang))
        await interaction.followup.send(t("content.reloaded", lang, version=result.catalog.course.version,
                                          fingerprint=result.catalog.fingerprint), ephemeral=True,
                                        allowed_mentions=SILENT)

    @content.command(name=_("validate"), description=_("Check a course file without installing it"))
    @app_commands.describe(file=_("A .yaml course file"), kind=_("Which kind of course file it is"))
    @COOLDOWN
    async def validate(self, interaction: discord.Interaction, file: discord.Attachment, kind: Kind) -> None:
        await require_moderator(interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)
        lang = lang_for(interaction)
        _raw, errors = await self._trial(file, kind, lang)
        if errors:
            raise ContentRejected(report=report(errors, lang))
        await interaction.followup.send(t("content.valid", lang, name=file.filename),
                                        ephemeral=True, allowed_mentions=SILENT)

    @content.command(name=_("upload"), description=_("Validate, back up, install and reload a course file"))
    @app_commands.describe(file=_("A .yaml course file"), kind=_("Which kind of course file it is"))
    @COOLDOWN
    async def upload(self, interaction: discord.Interaction, file: discord.Attachment, kind: Kind) -> None:
        await self.require_editor(interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)
        lang = lang_for(interaction)
        raw, errors = await self._trial(file, kind, lang)
        if errors:
            raise ContentRejected(report=report(errors, lang))
        course, now = self.app.course, self.app.clock.now()
        shown = staging.target_path(course.folder, kind, file.filename).relative_to(course.folder).as_posix()
        backups: list[Path | None] = []

        def install(folder: Path) -> Callable[[], None]:
            path, backup = staging.install(folder, kind, file.filename, raw, now)
            backups.append(backup)
            return lambda: staging.restore(path, backup)  # refused (changed on disk meanwhile): the old file back

        result = await course.reload(user_id=interaction.user.id, guild_id=interaction.guild_id,
                                     action="upload", file=shown, install=install)
        if not result.ok:
            raise ContentRejected(report=report(result.errors_in(lang), lang))
        log.info("user %s installed %s (backup: %s)", interaction.user.id, shown, backups[0])
        await interaction.followup.send(t("content.installed", lang, file=shown,
                                          version=result.catalog.course.version), ephemeral=True,
                                        allowed_mentions=SILENT)

    async def _trial(self, file: discord.Attachment, kind: str, lang: str) -> tuple[bytes, list[str]]:
        """Validate the upload as part of a copy of the course; the course in service is not touched. The
        problems come written in `lang`."""
        if file.size > MAX_UPLOAD:
            raise BadOption(option="file", hint=f"≤ {MAX_UPLOAD:,} bytes")
        raw = await file.read()
        with tempfile.TemporaryDirectory() as tmp:
            errors = await asyncio.to_thread(staging.trial_course, self.app.course.folder, Path(tmp), kind,
                                             file.filename, raw, lang)
        return raw, errors
