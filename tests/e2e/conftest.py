"""End-to-end: the real bot (`python -m bot`) as a subprocess, over the loopback Discord double.

Every test that uses `world`, `fresh_world`, `database` (or the in-process `bot_and_double`) runs twice: once
on a SQLite file, once on a fresh database of the session's PostgreSQL server; a module's `world` is one bot on
one database per engine. Only a module about one engine's own files or faults says otherwise, with a comment
saying why: ENGINES = ("sqlite",) for a full disk or a locked file, ENGINES = ("postgresql",) for a killed
server connection. A single test of its own bot (`fresh_world`, `database`) that looks into SQLite's file says
`@pytest.mark.parametrize("engine", ["sqlite"])`, its module staying on both. (test_lifecycle.py starts its
bots on a SQLite file of its own, without these fixtures: `python -m bot health` finds the heartbeat beside it.)"""

from __future__ import annotations

import asyncio
import contextlib
import json
import shutil
import sqlite3
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio

from bot.storage.engine import is_url
from bot.storage.postgres import placeholders
from tests.conftest import ROOT, SHIPPED_COURSE
from tests.discord_double import BotProcess, DiscordDouble, Perm

pytestmark = pytest.mark.slow


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """`engine` per module (a module's `world` is one bot on one database), from the module's ENGINES."""
    engines = getattr(metafunc.module, "ENGINES", ("sqlite", "postgresql"))
    chosen = any(m.args and m.args[0] == "engine" for m in metafunc.definition.iter_markers("parametrize"))
    if "engine" in metafunc.fixturenames and tuple(engines) != ("sqlite",) and not chosen:
        metafunc.parametrize("engine", engines, scope="module")


@pytest.fixture(scope="module")
def engine() -> str:
    """The database engine of a module that runs on SQLite only (module-scoped: a module's `world` uses it)."""
    return "sqlite"


def bot_env(workdir: Path, content: Path, database: str | None = None) -> dict[str, str]:
    return {"TUTOR_DATABASE": database or str(workdir / "tutor.db"), "TUTOR_CONTENT_DIR": str(content),
            "TUTOR_LOG_LEVEL": "INFO"}


@contextlib.asynccontextmanager
async def engine_database(request: pytest.FixtureRequest, engine: str, workdir: Path) -> AsyncIterator[str]:
    """TUTOR_DATABASE for `engine`: a file in `workdir`, or a new database on the session's PostgreSQL server
    (dropped after the block)."""
    if engine != "postgresql":
        yield str(workdir / "tutor.db")
        return
    async with request.getfixturevalue("postgres_server").database() as dsn:
        yield dsn


async def fetch(database: str, sql: str, *params: Any) -> list[tuple]:
    """Rows of the bot's database read from outside the bot, on either engine (`sql` with `?` placeholders)."""
    if is_url(database):
        import asyncpg

        conn = await asyncpg.connect(database)
        try:
            return [tuple(row) for row in await conn.fetch(placeholders(sql), *params)]
        finally:
            await conn.close()
    with contextlib.closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as con:
        return con.execute(sql, params).fetchall()


async def execute(database: str, sql: str, *params: Any) -> None:
    """One statement on the bot's database from outside the bot, committed."""
    if is_url(database):
        import asyncpg

        conn = await asyncpg.connect(database)
        try:
            await conn.execute(placeholders(sql), *params)
        finally:
            await conn.close()
        return
    with contextlib.closing(sqlite3.connect(database)) as con, con:
        con.execute(sql, params)


async def count(database: str, sql: str, *params: Any) -> int:
    return (await fetch(database, sql, *params))[0][0]


async def eventually(check: Callable[[], Awaitable[Any]], timeout: float = 10.0, what: str = "") -> Any:
    """The first true value of `check`, polled every 0.1 s."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not (value := await check()):
        if loop.time() > deadline:
            raise AssertionError(f"timed out waiting for {what or check}")
        await asyncio.sleep(0.1)
    return value


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
        self.database = bot.extra_env["TUTOR_DATABASE"]  # a file's path or a postgresql:// URL
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
async def world(request, engine, tmp_path_factory):
    """One bot for a whole module (fast), on one database; tests must not depend on each other's state."""
    workdir = tmp_path_factory.mktemp("e2e")
    async with engine_database(request, engine, workdir) as database, \
            running_world(workdir, TUTOR_DATABASE=database) as w:
        yield w


@pytest_asyncio.fixture
async def database(request, engine, tmp_path):
    """TUTOR_DATABASE for a test that starts its own bot: a file in tmp_path, or a new PostgreSQL database."""
    async with engine_database(request, engine, tmp_path) as target:
        yield target


@pytest_asyncio.fixture
async def fresh_world(tmp_path, database):
    """A bot of its own, for tests that kill it or change its course."""
    async with running_world(tmp_path, TUTOR_DATABASE=database) as w:
        yield w
