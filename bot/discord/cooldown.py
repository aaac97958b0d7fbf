"""Per-learner cooldowns for slash commands.

`per_user(rate, per)` is discord.py's `app_commands.checks.cooldown(rate, per)` keyed by the user: the same
windows (discord.py's `Cooldown`), the same refusal (`CommandOnCooldown`, which the error handler words), and
one budget shared by the commands it decorates. What differs is the forgetting. discord.py's check looks at every
user's bucket on every use, to drop the idle ones: with 500 learners active in the last 30 s that was ~22 us a
command, with 2,000 ~85 us, all on the event loop. Here idle buckets are dropped in one sweep at most once per
window, so a use costs the same whatever the crowd, and memory holds the users of the last two windows at most.
"""

from __future__ import annotations

from typing import TypeVar

import discord
from discord import app_commands

T = TypeVar("T")


class PerUser:
    """`rate` uses per `per` seconds for each user; times are seconds (the interaction's, from Discord)."""

    def __init__(self, rate: int, per: float):
        self.rate = rate
        self.per = per
        self._buckets: dict[int, app_commands.Cooldown] = {}
        self._next_sweep = 0.0

    def __len__(self) -> int:
        return len(self._buckets)

    def use(self, user_id: int, now: float) -> app_commands.Cooldown | None:
        """Count one use by `user_id` at `now`; return None, or the bucket that refuses it (its
        `get_retry_after(now)` says how long to wait). A refused use is not counted."""
        if now >= self._next_sweep:  # a bucket whose window is over holds nothing: forget it
            self._buckets = {k: b for k, b in self._buckets.items() if b.get_tokens(now) < self.rate}
            self._next_sweep = now + self.per
        bucket = self._buckets.get(user_id)
        if bucket is None:
            bucket = self._buckets[user_id] = app_commands.Cooldown(self.rate, self.per)
        return None if bucket.update_rate_limit(now) is None else bucket


class Budget:
    """Each user may spend `rate` uses per `per` seconds, across every command and button given this budget.
    Used as a decorator, it is a command check; a button that starts the same work calls `spend`: a way round
    a command's limit through one of its buttons would be no limit."""

    def __init__(self, rate: int, per: float):
        self.limit = PerUser(rate, per)

    def spend(self, interaction: discord.Interaction) -> bool:
        """Count one use; raise discord.py's `CommandOnCooldown` (which the error handler words) when refused."""
        now = interaction.created_at.timestamp()
        refused = self.limit.use(interaction.user.id, now)
        if refused is not None:
            raise app_commands.CommandOnCooldown(refused, refused.get_retry_after(now))
        return True

    def __call__(self, command: T) -> T:
        return app_commands.check(self.spend)(command)


def per_user(rate: int, per: float) -> Budget:
    """A budget of `rate` uses per `per` seconds for each user, shared by what it decorates or is spent by."""
    return Budget(rate, per)


# Budgets shared by a command and the buttons that do the same work.
QUIZ = per_user(3, 30.0)  # /quiz, /review, "Quiz me on this"
QUOTE = per_user(10, 30.0)  # /quote, "Another"
