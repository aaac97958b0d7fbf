"""The one error handler: domain errors become friendly ephemeral text; anything else is logged with
its traceback and the user gets a short apology with a reference."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Awaitable

import discord
from discord import app_commands

from bot.domain.errors import DomainError
from bot.i18n import error_text, t
from bot.storage import StorageError

from .locale import lang_for

log = logging.getLogger(__name__)
SILENT = discord.AllowedMentions.none()


def message_for(error: BaseException, lang: str) -> tuple[str, bool]:
    """The text to show, and whether the error was expected (a refusal rather than a fault)."""
    if isinstance(error, app_commands.CommandInvokeError | app_commands.TransformerError):
        error = error.__cause__ or error
    if isinstance(error, DomainError):
        return error_text(error, lang), True
    if isinstance(error, app_commands.CommandOnCooldown):
        return t("error.cooldown", lang, seconds=max(1, round(error.retry_after))), True
    if isinstance(error, app_commands.CheckFailure):
        return t("error.not_moderator", lang), True
    ref = secrets.token_hex(3)
    if isinstance(error, StorageError):  # one line for the operator: what, which file, what to do
        log.error("storage problem (ref %s, %s): %s", ref, error.kind, error)
        return t("error.storage", lang, ref=ref), False
    log.error("unexpected error (ref %s)", ref, exc_info=error)
    return t("error.unexpected", lang, ref=ref), False


async def reply_error(interaction: discord.Interaction, error: BaseException) -> None:
    text, _ = message_for(error, lang_for(interaction))
    try:
        if interaction.response.is_done():
            await interaction.followup.send(text, ephemeral=True, allowed_mentions=SILENT)
        else:
            await interaction.response.send_message(text, ephemeral=True, allowed_mentions=SILENT)
    except discord.HTTPException as exc:
        log.warning("could not deliver an error message: %s", exc)


async def guarded(interaction: discord.Interaction, work: Awaitable[None]) -> None:
    """Run a component or modal handler, routing any failure through the same handler."""
    try:
        await work
    except Exception as exc:  # noqa: BLE001 - this is the error boundary
        await reply_error(interaction, exc)
