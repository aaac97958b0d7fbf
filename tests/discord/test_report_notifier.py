"""The "fixed, thank you" DM to a reporter, sent by the real discord.py over the double: in the language they
reported in, naming the item as they saw it, with the moderator's note; a reporter whose DMs are closed (Discord's
50007) is PostRefused('dms_closed'), tried once, which the service records and never retries."""

from __future__ import annotations

import discord
import pytest

from bot.content import load_course
from bot.discord.reports import DiscordReportNotifier
from bot.domain.reports import ItemRef
from bot.services.posting import PostRefused
from tests.conftest import FIXTURE_COURSE
from tests.discord_double.discordpy import client_kwargs, running_client
from tests.discord_double.fixtures import serving_double


@pytest.fixture
async def notifier():
    catalog = load_course(FIXTURE_COURSE)
    async with serving_double() as double:
        client = discord.Client(**client_kwargs(intents=discord.Intents.none()))
        async with running_client(double, client):
            yield double, DiscordReportNotifier(client, lambda: catalog)


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "Fixed, thank you! The problem you reported in the question “Which is right?” has been fixed.\n"
           "The moderator's note: Reworded"),
    ("es", "¡Corregido, gracias! El problema del que informaste en la pregunta «¿Cuál es la correcta?» se ha "
           "corregido.\nLa nota de la moderación: Reworded"),
])
async def test_the_dm_names_the_item_in_the_reporters_language(notifier, lang, text):
    double, dms = notifier
    await dms.tell_fixed(double.user.id, lang, ItemRef("question", "a-mc"), "Reworded")
    (dm,) = double.dm_messages(double.user)
    assert dm.content == text


@pytest.mark.parametrize(("lang", "item", "named"), [
    ("en", ItemRef("question", "a-who"), "the question on who said “The alpha quotation.”"),
    ("es", ItemRef("question", "a-who"), "la pregunta sobre quién dijo «La cita alfa.»"),
    ("en", ItemRef("term", "g-alpha"), "the term “Alpha”"),
    ("es", ItemRef("question", "gone"), "question:gone"),  # no longer in the course: its name
])
async def test_a_who_said_it_a_term_and_a_removed_item_are_named_as_well(notifier, lang, item, named):
    double, dms = notifier
    await dms.tell_fixed(double.user.id, lang, item, "")
    (dm,) = double.dm_messages(double.user)
    assert named in dm.content and "\n" not in dm.content  # no note: no second line


async def test_closed_dms_are_refused_once(notifier):
    double, dms = notifier
    quiet = double.add_user("quiet", dms_open=False)
    with pytest.raises(PostRefused) as refused:
        await dms.tell_fixed(quiet.id, "en", ItemRef("term", "g-alpha"), "")
    assert refused.value.reason == "dms_closed"
    assert len(double.refused_dms(quiet)) == 1 and double.dm_messages(quiet) == []
