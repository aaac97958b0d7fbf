"""/assign create | list | cancel | results for a server's moderators (and the bot's operators), and /assignments for
its learners. Who may do what is checked by the service, on the server side, whatever the commands' visibility:
bot/services/assignments.py."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.app_commands import locale_str as _
from discord.ext import commands

from bot.app import App
from bot.discord import assignments as views
from bot.discord.autocomplete import topic_choices, zone_choices
from bot.discord.cogs.daily import missing_permissions
from bot.discord.cogs.moderation import application_operators
from bot.discord.errors import SILENT
from bot.discord.locale import lang_for
from bot.domain import limits as L
from bot.domain.errors import DomainError
from bot.i18n import t
from bot.services.assignments import DEFAULT_LENGTH, Teacher


def role_ids(interaction: discord.Interaction) -> list[int]:
    return [r.id for r in getattr(interaction.user, "roles", [])]


class Assign(commands.Cog):
    assign = app_commands.Group(name=_("assign"), description=_("Moderators: quizzes set for a due time"),
                                guild_only=True, default_permissions=discord.Permissions(manage_guild=True))

    def __init__(self, app: App):
        self.app = app

    async def teacher(self, interaction: discord.Interaction) -> Teacher:
        """A moderator of this server (Manage Server, or its moderator role), or one of the bot's operators."""
        editors = self.app.assignments.editors
        if editors.owners is None:  # read once: discord.py fetched the application's info at login
            client = interaction.client
            editors.set_owners(application_operators(client.application or await client.application_info()))
        return await self.app.assignments.teacher(interaction.user.id, interaction.guild_id,
                                                  interaction.permissions.manage_guild, role_ids(interaction))

    @assign.command(name=_("create"), description=_("Set a quiz on a topic, due at a local date and time"))
    @app_commands.describe(topic=_("The topic of the quiz"),
                           due=_("Due date and time, YYYY-MM-DD HH:MM (a date alone: the end of that day)"),
                           role=_("Only for members with this role (default: everyone)"),
                           channel=_("Where the reminder is posted (default: here)"),
                           length=_("How many questions (1-20)"),
                           timezone=_("The due time's time zone (default: the server's)"))
    @app_commands.autocomplete(topic=topic_choices, timezone=zone_choices)
    async def create(self, interaction: discord.Interaction, topic: str, due: str, role: discord.Role | None = None,
                     channel: discord.TextChannel | None = None,
                     length: app_commands.Range[int, 1, 20] = DEFAULT_LENGTH,
                     timezone: str | None = None) -> None:
        teacher = await self.teacher(interaction)
        lang = lang_for(interaction)
        channel_id = channel.id if channel is not None else interaction.channel_id
        made = await self.app.assignments.create(teacher, topic=topic, due=due, channel_id=channel_id,
                                                 role_id=role.id if role else None, length=length,
                                                 timezone=timezone, lang=lang)
        text = views.created_text(made, self.app.course.catalog, lang, role.mention if role else None,
                                  f"<#{channel_id}>")
        missing = missing_permissions(channel, interaction.guild.me) if channel and interaction.guild else []
        if missing:
            text += "\n⚠️ " + t("daily.missing", lang, channel=channel.mention,
                               permissions=", ".join(t(f"perm.{p}", lang) for p in missing))
        await interaction.response.send_message(text, ephemeral=True, allowed_mentions=SILENT)

    @assign.command(name=_("list"), description=_("The server's open assignments, with who started and finished"))
    async def list_open(self, interaction: discord.Interaction) -> None:
        teacher = await self.teacher(interaction)
        listing = await self.app.assignments.listing(teacher)
        embed = views.listing_embed(listing, self.app.course.catalog, lang_for(interaction))
        await interaction.response.send_message(embed=embed, ephemeral=True, allowed_mentions=SILENT)

    @assign.command(name=_("cancel"), description=_("Cancel an open assignment"))
    @app_commands.describe(assignment=_("The assignment, by its number"))
    async def cancel(self, interaction: discord.Interaction, assignment: int) -> None:
        teacher = await self.teacher(interaction)
        lang = lang_for(interaction)
        gone = await self.app.assignments.cancel(teacher, assignment)
        await interaction.response.send_message(
            t("assign.cancelled", lang, id=gone.id, topic=views.topic_title(self.app.course.catalog,
                                                                            gone.row.topic_id, lang)),
            ephemeral=True, allowed_mentions=SILENT)

    @assign.command(name=_("results"), description=_("An assignment's results: who finished, scores, hardest question"))
    @app_commands.describe(assignment=_("The assignment, by its number"))
    async def results(self, interaction: discord.Interaction, assignment: int) -> None:
        teacher = await self.teacher(interaction)
        summary = await self.app.assignments.results(teacher, assignment)
        embed = views.summary_embed(summary, self.app.course.catalog, lang_for(interaction), names=True)
        await interaction.response.send_message(embed=embed, ephemeral=True, allowed_mentions=SILENT)

    @cancel.autocomplete("assignment")
    async def open_ones(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[int]]:
        return await self._choices(interaction, current, everything=False)

    @results.autocomplete("assignment")
    async def recent_ones(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[int]]:
        return await self._choices(interaction, current, everything=True)

    async def _choices(self, interaction: discord.Interaction, current: str,
                       everything: bool) -> list[app_commands.Choice[int]]:
        try:
            teacher = await self.teacher(interaction)
        except DomainError:
            return []
        service, lang, catalog = self.app.assignments, lang_for(interaction), self.app.course.catalog
        found = await (service.recent(teacher) if everything else service.listing(teacher))
        names = [(a.id, views.choice_name(a, catalog, lang)) for a in found]
        wanted = str(current).strip().casefold()
        return [app_commands.Choice(name=name, value=number) for number, name in names
                if wanted in name.casefold()][: L.AUTOCOMPLETE_CHOICES]

    @app_commands.command(name=_("assignments"), description=_("Your open assignments in this server"))
    @app_commands.guild_only()
    async def assignments(self, interaction: discord.Interaction) -> None:
        lang = lang_for(interaction)
        entries = await self.app.assignments.for_learner(interaction.user.id, interaction.guild_id,
                                                         role_ids(interaction))
        embed, ui = views.learner_message(entries, self.app.course.catalog, lang)
        await interaction.response.send_message(embed=embed, view=ui, ephemeral=True, allowed_mentions=SILENT)
