"""The one error handler's text: whatever a refusal carries, it fits in a Discord message, quotes what
someone typed as a short inert excerpt, and an out-of-date command is asked to try again."""

from __future__ import annotations

import logging

import pytest
from discord import app_commands

from bot.discord.errors import message_for
from bot.domain.errors import BadTimezone, CannotPostHere, ContentRejected, NotFound
from bot.i18n import error_text, excerpt

HOSTILE = "@everyone <@123456789012345678> ```py\nprint('x')\n``` **bold** ||spoiler|| " + "z" * 6000


def test_an_excerpt_is_one_short_line_without_code_fences():
    text = excerpt(HOSTILE)
    assert len(text) == 60 and text.endswith("…") and "\n" not in text and "`" not in text
    assert excerpt("  Europe/\n Madrid ") == "Europe/ Madrid" and excerpt("x" * 60) == "x" * 60


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_huge_value_is_echoed_as_an_inert_excerpt_in_both_languages(lang):
    text, expected = message_for(NotFound(what="topic", name=HOSTILE), lang)
    assert expected and len(text) < 300
    assert "z" * 61 not in text and "…" in text
    assert "@everyone" not in text and "<@1234" not in text  # no ping, no rendered mention
    assert "```" not in text and "\n" not in text and "**bold**" not in text and "||spoiler||" not in text
    assert ("topic" if lang == "en" else "tema") in text  # the kind of thing is still translated


def test_the_console_gets_the_excerpt_without_discord_escapes():
    assert error_text(BadTimezone(value="Mars/Olympus_Mons"), "en").startswith("'Mars/Olympus_Mons' is not")


def test_text_the_bot_composed_is_shown_whole():
    permissions = "View Channel, Send Messages, Embed Links, Read Message History, Attach Files"
    text, _ = message_for(CannotPostHere(permissions=permissions), "en")
    assert permissions in text


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_refusal_fits_in_one_message(lang):
    report = "\n".join(f"topics/t{i}.yaml:{i}: the title is missing" for i in range(500))
    text, expected = message_for(ContentRejected(report=report), lang)
    assert expected and len(text) <= 2000 and text.endswith("…")


@pytest.mark.parametrize("error", [
    app_commands.CommandNotFound("flashcards", []),
    app_commands.CommandNotFound("purge", ["content"]),
    app_commands.CommandSignatureMismatch(app_commands.Command(name="learn", description="x",
                                                               callback=lambda interaction: None)),
])
def test_an_out_of_date_command_is_asked_to_try_again_and_logged_without_a_traceback(error, caplog):
    with caplog.at_level(logging.INFO, logger="bot.discord.errors"):
        en, expected = message_for(error, "en")
        es, _ = message_for(error, "es")
    assert expected
    assert en.startswith("This command was updated; try again in a moment.")
    assert es.startswith("Este comando se ha actualizado; vuelve a intentarlo en un momento.")
    assert caplog.records and all(r.levelno <= logging.WARNING and r.exc_info is None for r in caplog.records)
