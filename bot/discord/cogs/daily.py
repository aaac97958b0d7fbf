"""/daily set | off | status | preview: moderators choose a channel and a local time for the quote of
the day. A problem that stopped the posts is shown to the next moderator who runs any of them."""

from __future__ import annotations

import discord
from discord import app_commands
from discord.app_commands import locale_str as _
from discord.ext import commands

from bot.app import App
from bot.discord.autocomplete import topic_choices, zone_choices
from bot.discord.cogs.moderation import require_moderator
from bot.discord.daily import daily_message
from bot.discord.errors import SILENT
from bot.discord.locale import lang_for
from bot.domain.catalog import Catalog
from bot.i18n import t
from bot.services.daily import DailyStatus


def problem_text(problem: str, status: DailyStatus, lang: str, catalog: Catalog) -> str:
    """Why the posts stopped, and what a moderator can do about it."""
    topic = catalog.topics.get(status.topic_id or "")
    pool = (t("daily.topic", lang, topic=topic.title.get(lang) if topic else status.topic_id)
            if status.topic_id else t("daily.whole_course", lang))
    return "⚠️ " + t(f"daily.problem.{problem}", lang, channel=f"<#{status.channel_id}>", pool=pool)


def status_lines(status: DailyStatus, lang: str, guild_id: int, catalog: Catalog) -> list[str]:
    topic = catalog.topics.get(status.topic_id or "")
    catalog_topic = f" · {t('daily.topic', lang, topic=topic.title.get(lang))}" if topic else ""
    lines = [t("daily.where", lang, channel=f"<#{status.channel_id}>", time=status.local_time.strftime("%H:%M"),
               zone=status.timezone) + catalog_topic]
    if not status.enabled:
        lines.append(t("daily.is_off", lang))
    elif status.next_local is not None:
        lines.append(t("daily.next", lang, local=status.next_local.strftime("%Y-%m-%d %H:%M %Z"),
                       relative=discord.utils.format_dt(status.next_due_at, "R")))
    if status.last_sent_on is not None:
        link = (f"https://discord.com/channels/{guild_id}/{status.channel_id}/{status.last_message_id}"
                if status.last_message_id else "")
        lines.append(t("daily.last", lang, date=status.last_sent_on.isoformat(), link=link).rstrip())
    else:
        lines.append(t("daily.never", lang))
    if status.problem:
        lines.append(problem_text(status.problem, status, lang, catalog))
    return lines


NEEDED = ("view_channel", "send_messages", "embed_links", "read_message_history")


def missing_permissions(channel: discord.abc.GuildChannel, me: discord.Member | None) -> list[str]:
    """What the bot lacks to post there, as far as the cached server tells (empty when unknown)."""
    if me is None:
        return []
    have = channel.permissions_for(me)
    return [name for name in NEEDED if not getattr(have, name)]


class Daily(commands.Cog):
    daily = app_commands.Group(name=_("daily"), description=_("Moderators: the quote of the day"),
                               guild_only=True, default_permissions=discord.Permissions(manage_guild=True))

    def __init__(self, app: App):
        self.app = app

    async def _reply(self, interaction: discord.Interaction, text: str, **kwargs) -> None:
        """Answer, telling the moderator first about a problem that stopped the posts (once)."""
        lang = lang_for(interaction)
        problem = await self.app.daily.untold_problem(interaction.guild_id)
        if problem is not None:
            status = await self.app.daily.status(interaction.guild_id)
            text = problem_text(problem, status, lang, self.app.course.catalog) + "\n\n" + text
        await interaction.response.send_message(text, ephemeral=True, allowed_mentions=SILENT, **kwargs)

    @daily.command(name=_("set"), description=_("Post a quote every day in a channel at a local time"))
    @app_commands.describe(channel=_("Where to post"), time=_("Local time, HH:MM (24-hour clock)"),
                           timezone=_("Your time zone, e.g. Europe/Madrid"), topic=_("Only quotes on this topic"))
    @app_commands.autocomplete(timezone=zone_choices, topic=topic_choices)
    async def set(self, interaction: discord.Interaction, channel: discord.TextChannel, time: str, timezone: str,
                  topic: str | None = None) -> None:
        await require_moderator(interaction)
        lang = lang_for(interaction)
        status = await self.app.daily.configure(interaction.guild_id, channel.id, time, timezone, topic, lang)
        lines = status_lines(status, lang, interaction.guild_id, self.app.course.catalog)
        missing = missing_permissions(channel, interaction.guild.me if interaction.guild else None)
        if missing:
            lines.append("⚠️ " + t("daily.missing", lang, channel=channel.mention,
                                   permissions=", ".join(t(f"perm.{p}", lang) for p in missing)))
        text = t("daily.saved", lang) + "\n" + "\n".join(lines)
        await self._reply(interaction, text)

    @daily.command(name=_("off"), description=_("Stop the quote of the day"))
    async def off(self, interaction: discord.Interaction) -> None:
        await require_moderator(interaction)
        await self.app.daily.turn_off(interaction.guild_id)
        await self._reply(interaction, t("daily.turned_off", lang_for(interaction)))

    @daily.command(name=_("status"), description=_("Where and when the quote of the day is posted"))
    async def status(self, interaction: discord.Interaction) -> None:
        await require_moderator(interaction)
        lang = lang_for(interaction)
        status = await self.app.daily.status(interaction.guild_id)
        await self.app.daily.untold_problem(interaction.guild_id)  # the status shows it: it has been told
        lines = status_lines(status, lang, interaction.guild_id, self.app.course.catalog)
        await interaction.response.send_message("\n".join(lines), ephemeral=True, allowed_mentions=SILENT)

    @daily.command(name=_("preview"), description=_("See the next quote of the day, only for you"))
    @app_commands.describe(topic=_("Only quotes on this topic"))
    @app_commands.autocomplete(topic=topic_choices)
    async def preview(self, interaction: discord.Interaction, topic: str | None = None) -> None:
        await require_moderator(interaction)
        lang = lang_for(interaction)
        topic = self.app.daily.find_topic(topic, lang)  # the buttons under the quote need its id
        quote, day = await self.app.daily.preview(interaction.guild_id, topic, lang)
        embed, ui = daily_message(quote, day, lang, self.app.course.catalog, topic)
        await self._reply(interaction, t("daily.preview", lang), embed=embed, view=ui)
