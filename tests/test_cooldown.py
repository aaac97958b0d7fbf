"""Per-learner cooldowns: how many uses a window allows, how long a refused learner waits, and that idle
learners are forgotten (a crowd's buckets do not pile up, and no use looks through all of them)."""

from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from discord import app_commands

from bot.discord.cooldown import PerUser, per_user
from bot.discord.errors import message_for

T0 = datetime(2026, 11, 24, 20, 0, tzinfo=UTC).timestamp()


def test_a_window_allows_rate_uses_then_refuses_until_it_ends():
    limit = PerUser(3, 30.0)
    assert [limit.use(1, T0 + s) for s in (0, 1, 2)] == [None, None, None]
    refused = limit.use(1, T0 + 10)
    assert refused is not None and refused.get_retry_after(T0 + 10) == pytest.approx(20.0)
    assert limit.use(2, T0 + 10) is None  # someone else is not held up
    assert limit.use(1, T0 + 29.5) is not None  # a refused use does not move the window
    assert limit.use(1, T0 + 30.5) is None  # the window is over: a new one starts


def test_idle_learners_are_forgotten_at_the_next_sweep():
    limit = PerUser(5, 30.0)
    for user in range(1000):
        limit.use(user, T0 + user * 0.01)  # a crowd, all within ten seconds
    assert len(limit) == 1000
    limit.use(5000, T0 + 31)  # 20 s after the last of them: some windows still run
    assert 1 < len(limit) < 1000
    limit.use(5001, T0 + 95)  # a quiet minute later: only the newest user is left
    assert len(limit) == 1


def interaction(user_id: int, at: float):
    return SimpleNamespace(user=SimpleNamespace(id=user_id), created_at=datetime.fromtimestamp(at, UTC))


async def test_the_check_refuses_with_discords_cooldown_error_and_a_clear_message():
    @per_user(2, 30.0)
    async def command(interaction) -> None: ...

    (check,) = command.__discord_app_commands_checks__
    assert check(interaction(7, T0)) and check(interaction(7, T0 + 1))
    with pytest.raises(app_commands.CommandOnCooldown) as refused:
        check(interaction(7, T0 + 6))
    assert refused.value.retry_after == pytest.approx(24.0)
    assert message_for(refused.value, "en") == ("Easy there: try again in 24 s.", True)
    assert check(interaction(7, T0 + 31))  # the window is over
