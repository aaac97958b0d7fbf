"""Per-learner budgets: `rate` uses per `per` seconds for each user, across everything given the same budget.

A budget is a fixed window per user, as discord.py's cooldowns are: the first use opens a window of `per`
seconds, which allows `rate` uses; a use past that is refused, and told how long until the window ends. A
refused use is not counted: it neither spends the next window nor moves this one.

Where the uses are counted is chosen by the composition root (bot/app.py):
- `LocalLimits`, in the process's memory: one process (SQLite) sees every use, and a use costs no write.
- `SharedLimits`, in the database: every process of a cluster (PostgreSQL) counts the same uses, so a learner
  cannot escape a budget by going to a server that another process serves. One statement a counted use.
Times are seconds since the epoch as Discord stamps the interaction, so every process agrees on them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from bot.storage.limits import CooldownRepository


@dataclass(frozen=True)
class Rate:
    name: str  # the budget's key, the same in every process of the bot
    rate: int
    per: float


class Limits(Protocol):
    async def use(self, budget: Rate, user_id: int, now: float) -> float | None:
        """Count one use of `budget` by `user_id` at `now`: None, or the seconds to wait when it is refused."""


class Windows:
    """One budget's windows, by user. Ended windows are dropped in one sweep at most once per `per`, so a use
    costs the same whatever the crowd, and memory holds the users of the last two windows at most."""

    def __init__(self, rate: int, per: float):
        self.rate = rate
        self.per = per
        self._open: dict[int, tuple[float, int]] = {}  # user -> (the end of their window, uses in it)
        self._next_sweep = 0.0

    def __len__(self) -> int:
        return len(self._open)

    def use(self, user_id: int, now: float) -> float | None:
        if now >= self._next_sweep:
            self._open = {user: w for user, w in self._open.items() if w[0] > now}
            self._next_sweep = now + self.per
        ends, uses = self._open.get(user_id, (0.0, 0))
        if ends <= now:
            ends, uses = now + self.per, 0
        if uses >= self.rate:
            return ends - now
        self._open[user_id] = (ends, uses + 1)
        return None


class LocalLimits:
    """Budgets counted in this process's memory: right when one process sees every use."""

    def __init__(self) -> None:
        self._budgets: dict[str, Windows] = {}

    async def use(self, budget: Rate, user_id: int, now: float) -> float | None:
        windows = self._budgets.get(budget.name)
        if windows is None:
            windows = self._budgets[budget.name] = Windows(budget.rate, budget.per)
        return windows.use(user_id, now)


SWEEP_EVERY = 600.0  # seconds between two deletions of ended windows by one process (longer than any budget)


class SharedLimits:
    """Budgets counted in the database, for every process of the bot alike: one statement a use (a refused
    use reads when its window ends, a second). A user's ended window is overwritten by their next use; the
    windows of users who did not come back are deleted by one statement every SWEEP_EVERY seconds, so the
    table holds about the users of the last sweep."""

    def __init__(self, windows: CooldownRepository, sweep_every: float = SWEEP_EVERY):
        self.windows = windows
        self.sweep_every = sweep_every
        self._next_sweep = 0.0

    async def use(self, budget: Rate, user_id: int, now: float) -> float | None:
        if now >= self._next_sweep:
            self._next_sweep = now + self.sweep_every
            await self.windows.prune(now)
        if await self.windows.use(budget.name, user_id, now, budget.rate, budget.per):
            return None
        ends = await self.windows.ends(budget.name, user_id)
        # (None or past: the window ended between the two statements; a moment's wait is still a refusal)
        return max(0.0, (ends or now) - now)
