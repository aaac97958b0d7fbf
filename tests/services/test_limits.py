"""Per-learner budgets: how many uses a window allows, how long a refused learner waits, that a refused use is not
counted, and where the uses are counted: in memory on SQLite (one process, no write per command), in the database
on PostgreSQL, so that every process of a cluster sees the same budget."""

import asyncio
import random
from datetime import UTC, datetime

import pytest

from bot.app import build_app
from bot.services.limits import LocalLimits, Rate, SharedLimits, Windows
from bot.storage.limits import CooldownRepository
from tests.conftest import make_settings

T0 = datetime(2026, 11, 24, 20, 0, tzinfo=UTC).timestamp()
QUIZ, QUOTE = Rate("quiz", 3, 30.0), Rate("quote", 10, 30.0)


@pytest.fixture(params=["in memory", "in the database"])
def limits(request, app):
    """Each way of counting; the database's on both engines (the `app` fixture's)."""
    return LocalLimits() if request.param == "in memory" else SharedLimits(CooldownRepository(app.db))


async def uses(limits, budget: Rate, user: int, *times: float) -> list[float | None]:
    return [await limits.use(budget, user, T0 + t) for t in times]


async def test_a_window_allows_rate_uses_then_refuses_until_it_ends(limits):
    assert await uses(limits, QUIZ, 1, 0, 1, 2) == [None, None, None]
    assert await limits.use(QUIZ, 1, T0 + 10) == pytest.approx(20.0)  # the window opened at the first use
    assert await limits.use(QUIZ, 2, T0 + 10) is None  # someone else is not held up
    assert await limits.use(QUOTE, 1, T0 + 10) is None  # nor another budget
    assert await limits.use(QUIZ, 1, T0 + 29.5) == pytest.approx(0.5)  # a refused use does not move the window
    assert await uses(limits, QUIZ, 1, 30.5, 31, 32) == [None, None, None]  # a new window, whole
    assert await limits.use(QUIZ, 1, T0 + 33) == pytest.approx(27.5)


async def test_refused_uses_are_not_counted(limits):
    budget = Rate("quiz", 2, 30.0)
    assert await uses(limits, budget, 1, 0, 1) == [None, None]
    refused = await uses(limits, budget, 1, *range(2, 30))  # a learner hammering the command
    assert all(r is not None for r in refused) and refused[-1] == pytest.approx(1.0)
    # the next window has its two uses, and ends 30 s after its own first, not after the refusals
    assert await uses(limits, budget, 1, 30, 31, 32) == [None, None, pytest.approx(28.0)]
    assert await limits.use(budget, 1, T0 + 60) is None


def test_idle_learners_are_forgotten_at_the_next_sweep():
    windows = Windows(5, 30.0)
    for user in range(1000):
        windows.use(user, T0 + user * 0.01)  # a crowd, all within ten seconds
    assert len(windows) == 1000
    windows.use(5000, T0 + 31)  # 20 s after the last of them: some windows still run
    assert 1 < len(windows) < 1000
    windows.use(5001, T0 + 95)  # a quiet minute later: only the newest user is left
    assert len(windows) == 1


async def rows(db) -> int:
    return await db.scalar("SELECT COUNT(*) FROM cooldowns")


async def test_ended_windows_do_not_pile_up_in_the_database(app):
    limits = SharedLimits(CooldownRepository(app.db), sweep_every=60.0)
    for user in range(50):
        assert await limits.use(QUIZ, user, T0 + user * 0.1) is None
    assert await rows(app.db) == 50
    assert await limits.use(QUIZ, 0, T0 + 40) is None  # the learner's ended window is started afresh in place
    assert await rows(app.db) == 50
    assert await limits.use(QUIZ, 999, T0 + 61) is None  # the sweep: only the windows still open are left
    assert await rows(app.db) == 2


async def test_on_sqlite_uses_are_counted_in_memory_without_a_write(app):
    if app.db.dialect.name != "sqlite":
        assert isinstance(app.limits, SharedLimits)
        return
    assert await uses(app.limits, QUIZ, 1, 0, 1, 2, 3) == [None, None, None, pytest.approx(27.0)]
    assert await rows(app.db) == 0


@pytest.mark.parametrize("engine", ["postgresql"])
async def test_two_processes_on_one_postgresql_database_share_a_learners_budget(app, tmp_path, course_copy,
                                                                             database_target):
    other = await build_app(make_settings(tmp_path, course_copy, TUTOR_DATABASE=database_target),
                            rng=random.Random(8))
    try:
        first, second = app.limits, other.limits
        assert await uses(first, QUIZ, 1, 0, 1) == [None, None]
        assert await second.use(QUIZ, 1, T0 + 2) is None
        assert await second.use(QUIZ, 1, T0 + 3) == pytest.approx(27.0)  # the third was on the other process
        assert await first.use(QUIZ, 1, T0 + 4) == pytest.approx(26.0)
        # twenty uses at once, ten from each process, by a learner with a fresh budget: three go through
        both = [limits.use(QUIZ, 2, T0 + 5) for _ in range(10) for limits in (first, second)]
        results = await asyncio.gather(*both)
        assert sum(r is None for r in results) == 3
    finally:
        await other.close()
