"""Shards: which servers are this process's, the settings that say so, and what Discord advises (their turns to
connect: tests/services/test_identify.py)."""

import discord
import pytest

from bot.config import ConfigError, Settings
from bot.discord.shards import gateway_advice
from bot.domain.shards import Shards, parse_ids, shard_of
from tests.discord_double.fixtures import serving_double


def test_a_server_belongs_to_the_shard_discord_sends_it_to():
    guild = 81384788765712384  # Discord's documented example: shard 0 of 1, and (id >> 22) % n in general
    assert shard_of(guild, 1) == 0
    assert shard_of(guild, 4) == (guild >> 22) % 4
    one = Shards.of(4, [shard_of(guild, 4)])
    assert one.owns(guild) and not Shards.of(4, [(shard_of(guild, 4) + 1) % 4]).owns(guild)
    assert Shards.of(4, [0]).owns(None) and not Shards.of(4, [1, 2]).owns(None)  # a person's work: shard 0
    assert Shards().everything and Shards.of(3).everything and not one.everything
    assert Shards.of(8, [0, 1, 2, 5, 7]).describe() == "shards 0-2,5,7 of 8"


def test_shard_ranges_are_read_as_operators_write_them():
    assert parse_ids("0-3") == [0, 1, 2, 3]
    assert parse_ids("4, 6-7") == [4, 6, 7]
    for bad in ("", "a", "3-1", "1,1", "-2", "1-"):
        with pytest.raises(ValueError):
            parse_ids(bad)


def settings(**env):
    return Settings.from_env({"DISCORD_TOKEN": "t", **env}, env_file=None)


def test_the_shard_settings_are_checked_with_a_fix_in_the_message():
    assert (settings().shard_count, settings().shard_ids) == (None, None)  # Discord's count, every shard
    chosen = settings(TUTOR_SHARD_COUNT="8", TUTOR_SHARD_IDS="4-7")
    assert (chosen.shard_count, chosen.shard_ids) == (8, (4, 5, 6, 7))
    for env, said in (({"TUTOR_SHARD_COUNT": "0"}, "is not a number of shards"),
                      ({"TUTOR_SHARD_COUNT": "two"}, "is not a number of shards"),
                      ({"TUTOR_SHARD_IDS": "0-1"}, "needs TUTOR_SHARD_COUNT"),
                      ({"TUTOR_SHARD_COUNT": "4", "TUTOR_SHARD_IDS": "3-4"}, "shard 4 is not one of the 4 shards"),
                      ({"TUTOR_SHARD_COUNT": "4", "TUTOR_SHARD_IDS": "0..3"}, "such as 0-3 or 0,2,5")):
        with pytest.raises(ConfigError, match=said):
            settings(**env)


async def test_the_shard_count_and_concurrency_come_from_discord():
    async with serving_double() as double:
        double.recommended_shards, double.max_concurrency = 3, 16
        advice = await gateway_advice(double.api_base, double.token)
        assert (advice.shards, advice.max_concurrency) == (3, 16)
        with pytest.raises(discord.LoginFailure):
            await gateway_advice(double.api_base, "not-the-token")
