"""/progress, /leaderboard and /mydata (export, anki, delete, leaderboard opt-out, progress visibility, time
zone)."""

from __future__ import annotations

import asyncio
import contextlib
import io
import logging

import discord
from discord import app_commands
from discord.app_commands import locale_str as _
from discord.ext import commands

from bot.app import App
from bot.discord import render
from bot.discord.autocomplete import topic_choices, zone_choices
from bot.discord.buttons import Buttons, StatefulButton
from bot.discord.cooldown import ANKI, DELETE, EXPORT, PROGRESS
from bot.discord.errors import SILENT
from bot.discord.locale import lang_for
from bot.discord.translator import AnkiScope, Period
from bot.domain.errors import NotYourDataRequest
from bot.i18n import plural, t
from bot.services import activity, views
from bot.services.learners import Deletion

COOLDOWN = PROGRESS
EXPORT_COOLDOWN = EXPORT
DELETE_COOLDOWN = DELETE  # /mydata delete and its confirmation button together: two deletions
ATTACHMENT_LIMIT = 8 * 1024 * 1024  # the most Discord takes in one file on any server


log = logging.getLogger(__name__)


def _charts(progress: views.Progress, lang: str) -> tuple[bytes, bytes | None]:
    """The mastery chart, and the activity calendar when the last four weeks have answers."""
    # Pillow is imported by the first chart, on its worker thread: not at start, where it took ~15 ms
    from bot.discord.chart import mastery_chart
    from bot.discord.heatmap import activity_heatmap

    calendar = progress.activity if progress.activity and progress.activity.answers else None
    return mastery_chart(progress, lang), calendar and activity_heatmap(calendar, lang)


class Progress(commands.Cog):
    def __init__(self, app: App):
        self.app = app
        self._finishing: asyncio.Task | None = None

    async def cog_load(self) -> None:
        self._finishing = asyncio.create_task(self._finish_deletions(), name="finish-deletions")

    async def cog_unload(self) -> None:
        if self._finishing is not None:
            self._finishing.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._finishing

    async def _finish_deletions(self) -> None:
        """Finish the /mydata delete runs a crash or a storage fault interrupted."""
        try:
            finished, unfinished = await self.app.learners.finish_interrupted()
        except Exception:  # noqa: BLE001 - the next start tries again
            log.exception("could not finish the interrupted data deletions")
            return
        if unfinished:
            log.info("finished %d of %d interrupted data deletion(s)", finished, unfinished)

    @app_commands.command(name=_("progress"), description=_("Mastery per topic, accuracy, streak and reviews due"))
    @app_commands.describe(member=_("Whose progress (default: yours)"))
    @COOLDOWN
    async def progress(self, interaction: discord.Interaction, member: discord.User | None = None) -> None:
        target = member or interaction.user
        lang = lang_for(interaction)
        # someone else's figures only if they chose to share them, and then only to the one who asked
        if not await self.app.learners.may_see_progress(interaction.user.id, target.id):
            await interaction.response.send_message(t("progress.private", lang), ephemeral=True,
                                                    allowed_mentions=SILENT)
            return
        progress = await self.app.progress.progress(target.id)
        embed = render.progress(progress, lang, target.display_name)
        # the figures go out at once; then the chart is drawn, off the event loop, and added to the same message
        # (drawn while the reply is sent, it competes with it for the interpreter lock)
        await interaction.response.send_message(embed=embed, ephemeral=True, allowed_mentions=SILENT)
        if not progress.answered:  # a chart of zeros says nothing: the reply says where to begin instead
            return
        try:
            png, calendar = await asyncio.to_thread(_charts, progress, lang)
            files = [discord.File(io.BytesIO(png), filename="progress.png", description=t("progress.alt", lang))]
            embed.set_image(url="attachment://progress.png")
            embeds = [embed]
            if calendar is not None:  # no answers in four weeks: the text says so, and no empty calendar
                files.append(discord.File(io.BytesIO(calendar), filename="activity.png",
                                          description=activity.alt_text(progress.activity, lang)))
                embeds.append(render.activity_embed(progress, lang, "attachment://activity.png"))
            await interaction.edit_original_response(embeds=embeds, attachments=files, allowed_mentions=SILENT)
        except (discord.HTTPException, OSError, ValueError) as exc:  # the text is already there; the chart is extra
            log.warning("could not add the progress chart: %s", exc)

    @app_commands.command(name=_("leaderboard"), description=_("This server's best learners"))
    @app_commands.describe(period=_("This week or all time"))
    @app_commands.guild_only()
    @COOLDOWN
    async def leaderboard(self, interaction: discord.Interaction,
                          period: Period = "week") -> None:
        lang = lang_for(interaction)
        entries = await self.app.progress.leaderboard(interaction.guild_id, period)
        names = {}
        for e in entries:
            member = interaction.guild.get_member(e.user_id) if interaction.guild else None
            names[e.user_id] = member.display_name if member else f"<@{e.user_id}>"
        await interaction.response.send_message(embed=render.leaderboard(entries, names, lang, period),
                                                allowed_mentions=SILENT)

    mydata = app_commands.Group(name=_("mydata"),
                                description=_("Your data: export it, delete it, choose who sees it"))

    @mydata.command(name=_("export"), description=_("Everything stored about you, as JSON in a zip file"))
    @EXPORT_COOLDOWN
    async def export(self, interaction: discord.Interaction) -> None:
        lang = lang_for(interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)  # a heavy learner's takes a moment
        files = await self.app.learners.export_archives(interaction.user.id, ATTACHMENT_LIMIT)
        for number, archive in enumerate(files, 1):
            text = t("mydata.export", lang) if len(files) == 1 else t("mydata.export_part", lang, part=number,
                                                                           parts=len(files))
            # one file per message: each message carries at most the limit
            await interaction.followup.send(text, ephemeral=True, allowed_mentions=SILENT,
                                            file=discord.File(io.BytesIO(archive.data), filename=archive.filename))

    @mydata.command(name=_("anki"),
                    description=_("Your cards as an Anki deck: what you missed, a topic or the whole course"))
    @app_commands.describe(scope=_("missed: questions you got wrong; topic: one topic; all: the whole course"),
                           topic=_("The topic (for scope topic; with missed, only that topic's)"))
    @app_commands.autocomplete(topic=topic_choices)
    @ANKI
    async def anki(self, interaction: discord.Interaction, scope: AnkiScope = "missed",
                   topic: str | None = None) -> None:
        lang = lang_for(interaction)
        await interaction.response.defer(ephemeral=True, thinking=True)  # the whole course's deck takes a moment
        deck = await self.app.anki.deck(interaction.user.id, scope, topic, lang)
        if deck is None:
            await interaction.followup.send(t("mydata.anki_empty", lang), ephemeral=True, allowed_mentions=SILENT)
            return
        text = t("mydata.anki", lang, cards=plural("n.anki_cards", lang, deck.cards))
        await interaction.followup.send(text, ephemeral=True, allowed_mentions=SILENT,
                                        file=discord.File(io.BytesIO(deck.data), filename=deck.filename))

    @mydata.command(name=_("delete"), description=_("Delete everything stored about you"))
    @DELETE_COOLDOWN
    async def delete(self, interaction: discord.Interaction) -> None:
        lang = lang_for(interaction)
        await interaction.response.send_message(t("mydata.ask", lang), view=confirmation(interaction.user.id, lang),
                                                ephemeral=True, allowed_mentions=SILENT)

    @mydata.command(name=_("leaderboard"), description=_("Show or hide yourself on leaderboards"))
    @app_commands.describe(visible=_("Appear on leaderboards?"))
    async def visibility(self, interaction: discord.Interaction, visible: bool) -> None:
        await self.app.learners.set_leaderboard_visible(interaction.user.id, visible)
        key = "mydata.visible" if visible else "mydata.hidden"
        await interaction.response.send_message(t(key, lang_for(interaction)), ephemeral=True,
                                                allowed_mentions=SILENT)

    @mydata.command(name=_("progress"), description=_("Let other members see your progress, or not"))
    @app_commands.describe(visible=_("May other members see your /progress?"))
    async def progress_visibility(self, interaction: discord.Interaction, visible: bool) -> None:
        await self.app.learners.set_progress_visible(interaction.user.id, visible)
        key = "mydata.progress_shared" if visible else "mydata.progress_private"
        await interaction.response.send_message(t(key, lang_for(interaction)), ephemeral=True,
                                                allowed_mentions=SILENT)

    @mydata.command(name=_("timezone"), description=_("Your time zone: your streak, your day and your reminders"))
    @app_commands.describe(zone=_("Your time zone, e.g. Europe/Madrid (leave empty to see the one in use)"))
    @app_commands.autocomplete(zone=zone_choices)
    async def timezone(self, interaction: discord.Interaction, zone: str | None = None) -> None:
        lang, user_id = lang_for(interaction), interaction.user.id
        if zone is None:
            current = await self.app.learners.zone(user_id)
            key = "mydata.timezone_utc" if current.key == "UTC" else "mydata.timezone_shown"
            await interaction.response.send_message(t(key, lang, zone=current.key), ephemeral=True,
                                                    allowed_mentions=SILENT)
            return
        # their reminder moves with it; BadTimezone: the error handler's reply
        chosen = await self.app.reminders.set_zone(user_id, zone)
        await interaction.response.send_message(t("mydata.timezone_set", lang, zone=chosen.key), ephemeral=True,
                                                allowed_mentions=SILENT)


def deleted_text(deletion: Deletion, lang: str) -> str:
    text = t("mydata.deleted", lang, rows=deletion.rows)
    return text + " " + t("mydata.still_hidden", lang) if deletion.still_hidden else text


def confirmation(user_id: int, lang: str) -> Buttons:
    """The button that confirms /mydata delete: my:del:USER."""
    ui = Buttons()
    ui.add_item(StatefulButton(custom_id=f"my:del:{user_id}", label=t("mydata.confirm", lang),
                               style=discord.ButtonStyle.danger))
    return ui


async def confirm_deletion(interaction: discord.Interaction, rest: str) -> None:
    """my:del:USER: only USER's own click deletes USER's data."""
    app = interaction.client.app  # type: ignore[attr-defined]
    if not rest.isdigit() or int(rest) != interaction.user.id:
        raise NotYourDataRequest()
    await DELETE_COOLDOWN.spend(interaction)  # each deletion holds the writer a little: not on repeat
    lang = lang_for(interaction)
    # the button goes at once (no second click), and the deletion may take longer than a reply may wait
    await interaction.response.edit_message(content=t("mydata.deleting", lang), view=None)
    deletion = await app.learners.delete(interaction.user.id)  # DeletionUnfinished if a fault stops it
    await interaction.edit_original_response(content=deleted_text(deletion, lang))
