"""End-to-end: the real bot (`python -m bot`) as a subprocess, over the loopback Discord double."""

from __future__ import annotations

import contextlib
import json
import shutil
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

from tests.conftest import ROOT, SHIPPED_COURSE
from tests.discord_double import BotProcess, DiscordDouble, Perm

pytestmark = pytest.mark.slow


def bot_env(workdir: Path, content: Path) -> dict[str, str]:
    return {"TUTOR_DATABASE": str(workdir / "tutor.db"), "TUTOR_CONTENT_DIR": str(content),
            "TUTOR_LOG_LEVEL": "INFO"}


def home_server(double: DiscordDouble) -> dict[str, str]:
    """The double's first server is the operators' home: its moderators may change the course. (A moderator
    of any other server may not: tests/e2e/test_content_upload.py.)"""
    return {"TUTOR_HOME_GUILD_ID": str(double.guild.id)}


class World:
    """A double with a moderator and a learner, and the bot running against it."""

    def __init__(self, double: DiscordDouble, bot: BotProcess, content: Path):
        self.double = double
        self.bot = bot
        self.content = content
        guild = double.guild
        mods = guild.add_role("Moderators", Perm.MEMBER_DEFAULT | Perm.MANAGE_GUILD)
        self.moderator = double.add_user("mod")
        guild.add_member(self.moderator, roles=[mods])
        self.learner = double.user


@contextlib.asynccontextmanager
async def running_world(workdir: Path, **env: str) -> AsyncIterator[World]:
    """A double, a copy of the shipped course, and `python -m bot` started against them (with `env`
    added to the bot's environment)."""
    content = workdir / "content"
    shutil.copytree(SHIPPED_COURSE, content)
    async with DiscordDouble(timeout=10.0) as double:
        bot = BotProcess(double, [sys.executable, "-m", "bot"], log_path=workdir / "bot.log",
                         env={**bot_env(workdir, content), **home_server(double), **env}, cwd=ROOT)
        async with bot:
            await bot.wait_until_identified(30)
            await double.wait_for_sync(timeout=30)
            await bot.wait_for_output("ready as", 30)  # the course is in: a test may edit its files now
            yield World(double, bot, content)
        assert not double.unexpected, double.unexpected
        # whatever happened in the test, the token never reached the bot's logs (it runs at INFO) or anything
        # it posted, replied or edited
        assert double.token not in bot.output(), "the bot token appeared in its log"
        assert double.sent and not [s for s in double.sent if double.token in json.dumps(s.payload)], \
            "the bot token appeared in a message"


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def world(tmp_path_factory):
    """One bot for a whole module (fast); tests must not depend on each other's state."""
    async with running_world(tmp_path_factory.mktemp("e2e")) as w:
        yield w


@pytest_asyncio.fixture
async def fresh_world(tmp_path):
    """A bot of its own, for tests that kill it or change its course."""
    async with running_world(tmp_path) as w:
        yield w
