"""Finding a post of ours again (a claim a crash left unconfirmed), by the real discord.py over the double: the
daily quote's poster finds the day's post by the date in its embed's header, and no other day's, nor one from
before the claim, nor a learner's message saying the same; the one look both the daily quote's poster and the
review reminder's sender use (bot.discord.posting.find_own) reads only the client's own messages, the latest
first, within the limit it is given."""

from __future__ import annotations

from datetime import UTC, date, datetime

import discord
import pytest

from bot.content import load_course
from bot.discord.daily import DiscordDailyPoster
from bot.discord.posting import find_own
from bot.domain import daily as rules
from bot.services.daily import DailyPost
from tests.conftest import FIXTURE_COURSE
from tests.discord_double.discordpy import client_kwargs, running_client
from tests.discord_double.fixtures import serving_double

EARLIER = datetime(2026, 1, 1, tzinfo=UTC)  # before any message the double makes


def catalog():
    found = load_course(FIXTURE_COURSE)
    return getattr(found, "catalog", found)


def post(double, day: str) -> DailyPost:
    on = date.fromisoformat(day)
    quote = next(iter(catalog().quotes.values()))
    return DailyPost(guild_id=double.guild.id, channel_id=double.channel.id, local_date=on, quote=quote,
                     topic_id=None, nonce=rules.post_nonce(double.guild.id, on), marker=rules.post_marker(on))


@pytest.fixture
async def world():
    async with serving_double() as double:
        client = discord.Client(**client_kwargs(intents=discord.Intents.none()))
        async with running_client(double, client):
            yield double, client


async def test_the_days_quote_is_found_again_and_no_other(world):
    double, client = world
    poster = DiscordDailyPoster(client, catalog)
    monday, tuesday = post(double, "2026-03-02"), post(double, "2026-03-03")
    assert await poster.find(monday, EARLIER) is None
    sent = await poster.send(monday)
    await double.user_message("2026-03-03 is tomorrow")  # a learner's message with the next day's date
    assert await poster.find(monday, EARLIER) == sent
    assert await poster.find(tuesday, EARLIER) is None
    assert await poster.find(monday, datetime.now(UTC)) is None  # posted before `since`: not this claim's


async def test_only_the_clients_own_messages_are_found_the_latest_first(world):
    double, client = world
    channel = client.get_partial_messageable(double.channel.id, guild_id=double.guild.id)
    first = (await channel.send("marked one")).id
    latest = (await channel.send("marked two")).id
    await channel.send("not this")
    await double.user_message("marked by a learner")

    def marked(message: discord.Message) -> bool:
        return message.content.startswith("marked")

    assert await find_own(client, channel, EARLIER, 10, marked) == latest != first
    assert await find_own(client, channel, EARLIER, 10, lambda m: m.content.endswith("one")) == first
    assert await find_own(client, channel, EARLIER, 2, lambda m: m.content.endswith("one")) is None  # past the limit
    assert await find_own(client, channel, EARLIER, 10, lambda m: "learner" in m.content) is None
