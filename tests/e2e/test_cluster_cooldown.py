"""A cluster of two bot processes (shards 0 and 1 of 2) on one PostgreSQL database: a learner's per-user
cooldown is the same whichever process serves the server they use, so another server is no way round it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.e2e.test_cluster import running_cluster

pytestmark = pytest.mark.slow

ENGINES = ("postgresql",)  # a cluster's processes share one PostgreSQL database; SQLite is one process's


async def test_a_per_user_cooldown_holds_across_servers_on_different_shards(tmp_path: Path, database: str):
    async with running_cluster(tmp_path, database) as cluster:
        double = cluster.double
        first, second = cluster.servers(0)[0], cluster.servers(1)[0]
        learner, other = double.add_user("hopper"), double.add_user("bystander")
        for server in (first, second):
            server.add_member(learner)
        second.add_member(other)

        # /quiz allows three per 30 s: all three in a server of shard 0, served by the first process
        for _ in range(3):
            it = await double.slash("quiz", {"length": 1}, user=learner, guild=first)
            started = await it.reply()
            assert started.embeds and not started.content, started.content
            assert cluster.answered_by(it) == {0}
        # the fourth, in a server of shard 1: only the second process receives it, and it refuses
        it = await double.slash("quiz", {"length": 1}, user=learner, guild=second)
        refused = await it.reply()
        assert refused.ephemeral and (refused.content or "").startswith("Easy there: try again in"), refused
        assert cluster.answered_by(it) == {1}
        # that process serves everyone else as before
        served = await (await double.slash("quiz", {"length": 1}, user=other, guild=second)).reply()
        assert served.embeds and not served.content, served.content
