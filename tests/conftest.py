"""Shared fixtures: a tiny fixture course, a fake clock, and an App on a real SQLite file."""

from __future__ import annotations

import random
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.app import build_app
from bot.config import Settings
from bot.domain.clock import FakeClock

ROOT = Path(__file__).resolve().parents[1]
FIXTURE_COURSE = ROOT / "tests" / "fixtures" / "course"
SHIPPED_COURSE = ROOT / "content"


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


@pytest.fixture
async def app(tmp_path: Path, course_copy: Path, clock: FakeClock):
    application = await build_app(make_settings(tmp_path, course_copy), clock=clock, rng=random.Random(7))
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
