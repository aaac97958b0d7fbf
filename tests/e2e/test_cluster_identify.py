"""A cluster of two bot processes (shards 0 and 1 of 2) on one PostgreSQL database, started together: Discord
takes one IDENTIFY per 5 s per bucket from the whole bot (max_concurrency 1: one bucket), and the two processes
keep that pace between them, so neither IDENTIFY would be refused. (The double does not refuse one too soon; it
notes when each came.)"""

from __future__ import annotations

import contextlib
import shutil
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SHIPPED_COURSE
from tests.discord_double import BotProcess, DiscordDouble
from tests.e2e.conftest import bot_env

pytestmark = pytest.mark.slow

ENGINES = ("postgresql",)  # a cluster's processes share one PostgreSQL database; SQLite is one process's


async def test_two_processes_starting_together_identify_a_turn_apart(tmp_path: Path, database: str):
    content = tmp_path / "content"
    shutil.copytree(SHIPPED_COURSE, content)
    async with DiscordDouble(timeout=10.0) as double:
        assert double.max_concurrency == 1
        env = {**bot_env(tmp_path, content, database), "TUTOR_SHARD_COUNT": "2"}
        bots = [BotProcess(double, [sys.executable, "-m", "bot"], log_path=tmp_path / f"bot-{shard}.log",
                           env={**env, "TUTOR_SHARD_IDS": str(shard)}, cwd=ROOT) for shard in (0, 1)]
        async with contextlib.AsyncExitStack() as stack:
            for bot in bots:
                await stack.enter_async_context(bot)
            for shard, bot in enumerate(bots):
                await bot.wait_until_identified(30, shards=[shard])
            sessions = double.shard_sessions()
            # 5 s by the database's clock between the claims; each IDENTIFY follows its claim by a connection
            gap = abs(sessions[0].identified_at - sessions[1].identified_at)
            assert gap >= 4.5, f"IDENTIFYs {gap:.2f} s apart"
            assert sum(double.identifies(shard) for shard in (0, 1)) == 2  # one each: none refused and retried
