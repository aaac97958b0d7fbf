"""The bot's life as its supervisor sees it: `python -m bot health` says ready once it is and unhealthy
as soon as the process is gone; SIGTERM closes the gateway, keeps what was written and exits 0 with a
clean log; a gateway that cannot be reached is one log line per try, not a traceback."""

from __future__ import annotations

import asyncio
import contextlib
import os
import socket
import sqlite3
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.discord_double import BotProcess, DiscordDouble
from tests.e2e.conftest import bot_env, running_world
from tests.e2e.test_quiz_flow import answer_current

pytestmark = [pytest.mark.slow, pytest.mark.asyncio(loop_scope="function")]


async def health(workdir: Path) -> tuple[int, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TUTOR_", "DISCORD_"))}
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "health", cwd=ROOT, env={**env, "TUTOR_DATABASE": str(workdir / "tutor.db")},
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    out, _ = await proc.communicate()
    return proc.returncode, out.decode().strip()


def attempts(workdir: Path) -> int:
    with contextlib.closing(sqlite3.connect(f"file:{workdir / 'tutor.db'}?mode=ro", uri=True)) as con:
        return con.execute("SELECT COUNT(*) FROM attempts").fetchone()[0]


async def start_and_answer(world) -> None:
    double, user = world.double, world.learner
    message = await (await double.slash("quiz", {"topic": "revolution-1905", "length": 3},
                                        user=user)).response_message()
    feedback, _ = await answer_current(double, message, user)
    assert feedback.embeds[-1]["title"] in ("Right!", "Not quite.", "Close, but not quite."), feedback


async def test_ready_at_once_then_sigterm_closes_cleanly_and_exits_0(tmp_path):
    async with running_world(tmp_path) as world:
        code, said = await health(tmp_path)  # "ready as" is in the log: the heartbeat says so too, already
        assert code == 0 and said.startswith("healthy: ready"), said
        await start_and_answer(world)
        connection = world.double.gateway.live_connection()

        assert await world.bot.stop(timeout=10) == 0
        log = world.bot.output(since_start=True)
        assert "SIGTERM: stopping" in log and log.rstrip().endswith("stopped"), world.bot.tail()
        assert "Traceback" not in log and " ERROR " not in log and " WARNING bot" not in log, world.bot.tail()
        assert connection.ws.close_code == 1000  # Discord is told the bot left (it shows offline at once)
        assert attempts(tmp_path) == 1  # the answer given before the signal is kept
        code, said = await health(tmp_path)
        assert code == 1 and "is not running; its last state was stopped" in said, said


async def test_a_killed_bot_is_unhealthy_within_seconds(tmp_path):
    async with running_world(tmp_path) as world:
        await start_and_answer(world)
        assert (await health(tmp_path))[0] == 0
        await world.bot.kill()
        killed = time.monotonic()
        code, said = await health(tmp_path)
        assert code == 1 and "is not running" in said, said
        assert time.monotonic() - killed < 5


async def test_an_unreachable_gateway_is_one_line_per_try(tmp_path):
    """Logged in over REST, the gateway out of reach: the bot keeps trying, one line per try."""
    with socket.socket() as closed:  # a loopback port nothing listens on
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    content = ROOT / "tests" / "fixtures" / "course"
    async with DiscordDouble(timeout=10.0) as double:
        bot = BotProcess(double, [sys.executable, "-m", "bot"], log_path=tmp_path / "bot.log", cwd=ROOT,
                         env={**bot_env(tmp_path, content), "DISCORD_GATEWAY_URL": f"ws://127.0.0.1:{port}"})
        async with bot:
            await double.wait_until(lambda: bot.output().count("cannot reach Discord") >= 2, timeout=30,
                                    what="two tries to reach the gateway")
            code, said = await health(tmp_path)
            assert code == 1 and said.startswith("unhealthy: cannot reach Discord ("), said
            assert await bot.stop(timeout=10) == 0
        log = bot.output()
    assert "Traceback" not in log, log
    errors = [line for line in log.splitlines() if " ERROR " in line]
    assert len(errors) >= 2, log  # discord.py tries the shard's connection again every 5 s
    for line in errors:
        assert line.endswith(f"[Connect call failed ('127.0.0.1', {port})]); check the network, and "
                             "DISCORD_API_BASE and DISCORD_GATEWAY_URL"), errors
