"""Per-learner cooldowns in the Discord adapter: a budget's check refuses with discord.py's cooldown error and a
clear message, counted by the app's limits; a storage fault while counting gets the storage apology, not
silence; every budget has a name of its own. (How uses are counted: tests/services/test_limits.py.)"""

from datetime import UTC, datetime
from types import SimpleNamespace

import pytest
from discord import app_commands

from bot.discord.cooldown import BUDGETS, per_user
from bot.discord.errors import message_for
from bot.domain.errors import StorageError
from bot.services.limits import LocalLimits

T0 = datetime(2026, 11, 24, 20, 0, tzinfo=UTC).timestamp()


def interaction(user_id: int, at: float, limits, command=None):
    return SimpleNamespace(user=SimpleNamespace(id=user_id), created_at=datetime.fromtimestamp(at, UTC),
                           client=SimpleNamespace(app=SimpleNamespace(limits=limits)), command=command)


async def test_the_check_refuses_with_discords_cooldown_error_and_a_clear_message():
    @per_user("test", 2, 30.0)
    async def command(interaction) -> None: ...

    (check,) = command.__discord_app_commands_checks__
    limits = LocalLimits()
    assert await check(interaction(7, T0, limits)) and await check(interaction(7, T0 + 1, limits))
    with pytest.raises(app_commands.CommandOnCooldown) as refused:
        await check(interaction(7, T0 + 6, limits))
    assert refused.value.retry_after == pytest.approx(24.0)
    assert message_for(refused.value, "en") == ("Easy there: try again in 24 s.", True)
    assert await check(interaction(7, T0 + 31, limits))  # the window is over


class Unreachable:
    async def use(self, budget, user_id, now):
        raise StorageError("the database server cannot be reached", kind="unavailable")


async def test_a_storage_fault_while_counting_gets_the_storage_apology():
    @app_commands.command(name="test", description="a command with a budget")
    @per_user("test", 2, 30.0)
    async def command(interaction) -> None: ...

    (check,) = command.checks
    with pytest.raises(app_commands.AppCommandError) as failed:  # the tree's error handler gets only these
        await check(interaction(7, T0, Unreachable(), command))
    text, expected = message_for(failed.value, "en")
    assert not expected and text.startswith("Sorry, the bot could not save or read that just now")


def test_every_budget_has_a_name_of_its_own():
    names = [budget.rate.name for budget in BUDGETS]
    assert len(set(names)) == len(names)  # two budgets of one name would share their uses
