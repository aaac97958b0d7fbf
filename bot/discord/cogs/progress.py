"""/progress, /leaderboard and /mydata (export, delete, leaderboard opt-out)."""

from __future__ import annotations

import asyncio
import io
import json
import logging
from typing import Literal

import discord
from discord import app_commands
from discord.app_commands import locale_str as _
from discord.ext import commands

from bot.app import App
from bot.discord import render
from bot.discord.buttons import Buttons, StatefulButton
from bot.discord.cooldown import per_user
from bot.discord.errors import SILENT
from bot.discord.locale import lang_for
from bot.discord.release import release_buffer
from bot.i18n import t
from bot.services import views

COOLDOWN = per_user(5, 30.0)
EXPORT_COOLDOWN = per_user(2, 300.0)


log = logging.getLogger(__name__)


def _chart(progress: views.Progress, lang: str) -> bytes:
    # Pillow is imported by the first chart, on its worker thread: not at start, where it took ~15 ms
    from bot.discord.chart import mastery_chart

    return mastery_chart(progress, lang)


class Progress(commands.Cog):
    def __init__(self, app: App):
        self.app = app

    @app_commands.command(name=_("progress"), description=_("Mastery per topic, accuracy, streak and reviews due"))
    @app_commands.describe(member=_("Whose progress (default: yours)"))
    @COOLDOWN
    async def progress(self, interaction: discord.Interaction, member: discord.User | None = None) -> None:
        target = member or interaction.user
        lang = lang_for(interaction)
        if member is not None and member.id != interaction.user.id and await self.app.learners.opted_out(member.id):
            await interaction.response.send_message(t("progress.private", lang), ephemeral=True,
                                                    allowed_mentions=SILENT)
            return
        progress = await self.app.progress.progress(target.id)
        embed = render.progress(progress, lang, target.display_name)
        # the figures go out at once; then the chart is drawn, off the event loop, and added to the same message
        # (drawn while the reply is sent, it competes with it for the interpreter lock)
        await interaction.response.send_message(embed=embed, ephemeral=target.id == interaction.user.id,
                                                allowed_mentions=SILENT)
        try:
            png = await asyncio.to_thread(_chart, progress, lang)
            buffer = io.BytesIO(png)
            chart = discord.File(buffer, filename="progress.png", description=t("progress.alt", lang))
            embed.set_image(url="attachment://progress.png")
            try:
                await interaction.edit_original_response(embed=embed, attachments=[chart], allowed_mentions=SILENT)
            finally:
                release_buffer(buffer)
        except (discord.HTTPException, OSError, ValueError) as exc:  # the text is already there; the chart is extra
            log.warning("could not add the progress chart: %s", exc)

    @app_commands.command(name=_("leaderboard"), description=_("This server's best learners"))
    @app_commands.describe(period=_("This week or all time"))
    @app_commands.guild_only()
    @COOLDOWN
    async def leaderboard(self, interaction: discord.Interaction,
                          period: Literal["week", "all"] = "week") -> None:
        lang = lang_for(interaction)
        entries = await self.app.progress.leaderboard(interaction.guild_id, period)
        names = {}
        for e in entries:
            member = interaction.guild.get_member(e.user_id) if interaction.guild else None
            names[e.user_id] = member.display_name if member else f"<@{e.user_id}>"
        await interaction.response.send_message(embed=render.leaderboard(entries, names, lang, period),
                                                allowed_mentions=SILENT)

    mydata = app_commands.Group(name=_("mydata"), description=_("Your data: export it, delete it, or hide it"))

    @mydata.command(name=_("export"), description=_("Everything stored about you, as a JSON file"))
    @EXPORT_COOLDOWN
    async def export(self, interaction: discord.Interaction) -> None:
        data = await self.app.learners.export(interaction.user.id)
        raw = json.dumps({"user_id": interaction.user.id, **data}, indent=2, ensure_ascii=False).encode()
        buffer = io.BytesIO(raw)
        try:
            await interaction.response.send_message(
                t("mydata.export", lang_for(interaction)), ephemeral=True, allowed_mentions=SILENT,
                file=discord.File(buffer, filename="my-study-data.json"))
        finally:
            release_buffer(buffer)

    @mydata.command(name=_("delete"), description=_("Delete everything stored about you"))
    async def delete(self, interaction: discord.Interaction) -> None:
        lang = lang_for(interaction)
        ui = Buttons()
        ui.add_item(DeleteMyData(custom_id=f"my:del:{interaction.user.id}", label=t("mydata.confirm", lang),
                                 style=discord.ButtonStyle.danger))
        await interaction.response.send_message(t("mydata.ask", lang), view=ui, ephemeral=True,
                                                allowed_mentions=SILENT)

    @mydata.command(name=_("leaderboard"), description=_("Show or hide yourself on leaderboards"))
    @app_commands.describe(visible=_("Appear on leaderboards?"))
    async def visibility(self, interaction: discord.Interaction, visible: bool) -> None:
        await self.app.learners.set_opt_out(interaction.user.id, not visible, self.app.clock.now())
        key = "mydata.visible" if visible else "mydata.hidden"
        await interaction.response.send_message(t(key, lang_for(interaction)), ephemeral=True,
                                                allowed_mentions=SILENT)


class DeleteMyData(StatefulButton, template=r"my:(?P<rest>[\s\S]{0,96})"):
    """my:del:USER: only USER's own click deletes USER's data."""

    async def handle(self, interaction: discord.Interaction) -> None:
        from bot.domain.errors import NotYourQuiz

        app = interaction.client.app  # type: ignore[attr-defined]
        _, _, owner = (self.custom_id or "").partition("my:del:")
        if not owner.isdigit() or int(owner) != interaction.user.id:
            raise NotYourQuiz()
        removed = await app.learners.delete(interaction.user.id)
        await interaction.response.edit_message(content=t("mydata.deleted", lang_for(interaction), rows=removed),
                                                view=None)
