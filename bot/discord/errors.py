"""The one error handler: domain errors become friendly ephemeral text; anything else is logged with
its traceback and the user gets a short apology with a reference. Whatever the error carries, the reply
fits in one Discord message."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Awaitable

import discord
from discord import app_commands

from bot.domain import limits as L
from bot.domain.errors import DomainError, StorageError
from bot.i18n import error_text, excerpt, t

from .locale import lang_for
from .text import fit

log = logging.getLogger(__name__)
SILENT = discord.AllowedMentions.none()


def quoted(value: str) -> str:
    """Someone's text inside a reply: a short excerpt, its Markdown shown as typed, its mentions inert."""
    return discord.utils.escape_mentions(discord.utils.escape_markdown(excerpt(value)))


def message_for(error: BaseException, lang: str) -> tuple[str, bool]:
    """The text to show (within Discord's limit for a message), and whether the error was expected (a
    refusal rather than a fault)."""
    text, expected = _message_for(error, lang)
    return fit(text, L.MESSAGE_CONTENT), expected


def _message_for(error: BaseException, lang: str) -> tuple[str, bool]:
    if isinstance(error, app_commands.CommandInvokeError | app_commands.TransformerError):
        error = error.__cause__ or error
    if isinstance(error, DomainError):
        return error_text(error, lang, quoted), True
    if isinstance(error, app_commands.CommandNotFound | app_commands.CommandSignatureMismatch):
        # an old client's copy of a command the bot has changed or removed: Discord's own copy is updated
        # at the bot's start, and the client catches up in a moment
        name = (" ".join([*error.parents, error.name]) if isinstance(error, app_commands.CommandNotFound)
                else error.command.qualified_name)
        log.info("out-of-date command /%s (%s); the user was asked to try again", excerpt(name),
                 type(error).__name__)
        return t("error.command_updated", lang), True
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
        if interaction.type is discord.InteractionType.autocomplete:
            if not interaction.response.is_done():  # a list of choices is the only answer it can take
                await interaction.response.autocomplete([])
        elif interaction.response.is_done():
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
