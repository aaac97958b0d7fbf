"""Shared fixtures: a tiny fixture course, a fake clock, an App on a real SQLite file, and a real PostgreSQL
server (tests/pg_server.py) with a fresh database per test."""

from __future__ import annotations

import os
import random
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.app import build_app
from bot.config import Settings
from bot.domain.clock import FakeClock
from tests import pg_server

ROOT = Path(__file__).resolve().parents[1]
FIXTURE_COURSE = ROOT / "tests" / "fixtures" / "course"
SHIPPED_COURSE = ROOT / "content"


@pytest.fixture(scope="session")
def postgres_server():
    """One PostgreSQL server for the session. Without the binaries its tests are skipped, or fail when
    TUTOR_REQUIRE_POSTGRES=1 (CI, which installs them: a skipped engine must not pass for a tested one)."""
    bindir = pg_server.find_bindir()
    if bindir is None:
        if os.environ.get("TUTOR_REQUIRE_POSTGRES") == "1":
            pytest.fail(f"TUTOR_REQUIRE_POSTGRES=1 but {pg_server.INSTALL_HINT}", pytrace=False)
        pytest.skip(pg_server.INSTALL_HINT)
    server = pg_server.PostgresServer(bindir)
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Every test skipped for want of PostgreSQL reported at one place, so `-ra` folds them into one line
    (pytest puts a fixture's skip at each test, one summary line per test function)."""
    report = yield
    if report.skipped and isinstance(report.longrepr, tuple) and pg_server.INSTALL_HINT in report.longrepr[2]:
        report.longrepr = (__file__, None, report.longrepr[2])
    return report


@pytest.fixture
async def postgres_dsn(postgres_server):
    """A new empty database on the session's server, as a postgresql:// DSN; dropped after the test."""
    async with postgres_server.database() as dsn:
        yield dsn


@pytest.fixture
def course_copy(tmp_path: Path) -> Path:
    """A writable copy of the fixture course."""
    target = tmp_path / "course"
    shutil.copytree(FIXTURE_COURSE, target)
    return target


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))  # a Monday


def make_settings(tmp_path: Path, content: Path, **extra: str) -> Settings:
    env = {"TUTOR_DATABASE": str(tmp_path / "data" / "tutor.db"), "TUTOR_CONTENT_DIR": str(content), **extra}
    return Settings.from_env(env, env_file=None)


# The suites that run on both engines: every test of theirs that uses `app` runs once on each.
BOTH_ENGINES = ("tests/services/", "tests/storage/")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    where = Path(metafunc.definition.path).relative_to(ROOT).as_posix()
    if "app" in metafunc.fixturenames and where.startswith(BOTH_ENGINES) and "engine" not in metafunc.fixturenames:
        metafunc.fixturenames.append("engine")
    chosen = any(m.args and m.args[0] == "engine" for m in metafunc.definition.iter_markers("parametrize"))
    if "engine" in metafunc.fixturenames and where.startswith(BOTH_ENGINES) and not chosen:
        # a module about one engine's own faults or files says so: ENGINES = ("sqlite",)
        metafunc.parametrize("engine", getattr(metafunc.module, "ENGINES", ("sqlite", "postgresql")))


@pytest.fixture
def engine() -> str:
    """The database engine under test: SQLite unless the suite runs on both (BOTH_ENGINES)."""
    return "sqlite"


@pytest.fixture
def database_target(request: pytest.FixtureRequest, engine: str, tmp_path: Path) -> str:
    """TUTOR_DATABASE for the engine under test: a file, or a fresh PostgreSQL database."""
    if engine == "postgresql":
        return request.getfixturevalue("postgres_dsn")
    return str(tmp_path / "data" / "tutor.db")


@pytest.fixture
async def app(tmp_path: Path, course_copy: Path, clock: FakeClock, database_target: str):
    settings = make_settings(tmp_path, course_copy, TUTOR_DATABASE=database_target)
    application = await build_app(settings, clock=clock, rng=random.Random(7))
    yield application
    await application.close()


@pytest.fixture
async def bot_and_double(app):
    """The real bot (TutorBot), in this process, connected to a running Discord double."""
    from bot.discord.client import TutorBot
    from tests.discord_double.discordpy import running_client
    from tests.discord_double.fixtures import serving_double

    async with serving_double() as double:
        bot = TutorBot(app)
        async with running_client(double, bot):
            yield bot, double
