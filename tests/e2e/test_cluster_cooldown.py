"""A cluster of two bot processes (shards 0 and 1 of 2) on one PostgreSQL database: a learner's per-user
cooldown is the same whichever process serves the server they use, so another server is no way round it."""

from __future__ import annotations

import contextlib
import shutil
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SHIPPED_COURSE
from tests.discord_double import BotProcess, DiscordDouble
from tests.discord_double.shards import shard_of
from tests.e2e.conftest import bot_env

pytestmark = pytest.mark.slow

ENGINES = ("postgresql",)  # a cluster's processes share one PostgreSQL database; SQLite is one process's


def servers_on_each_shard(double: DiscordDouble) -> tuple:
    """A server of shard 0 and one of shard 1 (of 2), the learner a member of both."""
    while len({shard_of(g, 2) for g in double.guilds}) < 2:
        double.add_guild(f"Server {len(double.guilds)}")
    by_shard = {shard_of(g.id, 2): g for g in double.guilds.values()}
    return by_shard[0], by_shard[1]


async def test_a_per_user_cooldown_holds_across_servers_on_different_shards(tmp_path: Path, database: str):
    content = tmp_path / "content"
    shutil.copytree(SHIPPED_COURSE, content)
    async with DiscordDouble(timeout=10.0) as double:
        first, second = servers_on_each_shard(double)
        learner, other = double.add_user("hopper"), double.add_user("bystander")
        for server in (first, second):
            server.add_member(learner)
        second.add_member(other)
        env = {**bot_env(tmp_path, content, database), "TUTOR_SHARD_COUNT": "2"}
        bots = [BotProcess(double, [sys.executable, "-m", "bot"], log_path=tmp_path / f"bot-{shard}.log",
                           env={**env, "TUTOR_SHARD_IDS": str(shard)}, cwd=ROOT) for shard in (0, 1)]
        async with contextlib.AsyncExitStack() as stack:
            for bot in bots:
                await stack.enter_async_context(bot)
            for shard, bot in enumerate(bots):
                await bot.wait_until_identified(30, shards=[shard])
                await bot.wait_for_output("ready as", 30)
            await double.wait_for_sync(timeout=30)

            # /quiz allows three per 30 s: all three in a server of shard 0, served by the first process
            for _ in range(3):
                started = await (await double.slash("quiz", {"length": 1}, user=learner, guild=first)).reply()
                assert started.embeds and not started.content, started.content
            # the fourth, in a server of shard 1: only the second process receives it, and it refuses
            refused = await (await double.slash("quiz", {"length": 1}, user=learner, guild=second)).reply()
            assert refused.ephemeral and (refused.content or "").startswith("Easy there: try again in"), refused
            # that process serves everyone else as before
            served = await (await double.slash("quiz", {"length": 1}, user=other, guild=second)).reply()
            assert served.embeds and not served.content, served.content
        assert not double.unexpected, double.unexpected
