"""pytest fixtures. To share them, in tests/conftest.py:
``from tests.discord_double.fixtures import discord_double  # noqa: F401``"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

import pytest

from .double import DiscordDouble

__all__ = ["discord_double", "serving_double"]


@contextlib.asynccontextmanager
async def serving_double(**kwargs: Any) -> AsyncIterator[DiscordDouble]:
    """Run a double; on exit, fail (pytest.fail) if the bot called a route the double does not implement."""
    kwargs.setdefault("timeout", 3.0)
    async with DiscordDouble(**kwargs) as double:
        yield double
    if double.unexpected:
        pytest.fail(f"the bot called routes the discord double does not implement: {double.unexpected}",
                    pytrace=False)


@pytest.fixture
async def discord_double() -> AsyncIterator[DiscordDouble]:
    """A running double (3 s default waits). Fails the test at teardown if ``double.unexpected`` is not
    empty. Tune per test: ``discord_double.ack_window = 0.2``, ``discord_double.token_ttl = 0.5``."""
    async with serving_double() as double:
        yield double
