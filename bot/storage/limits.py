"""Per-learner budgets' windows, shared by every process of the bot (the rules: bot/services/limits.py)."""

from __future__ import annotations

from bot.storage.engine import Database

# One statement a use, in a transaction of its own, and atomic on both engines: PostgreSQL locks the row for
# ON CONFLICT ... DO UPDATE, so two processes counting one learner's uses at once count them one after the
# other. A window that has ended starts afresh; in an open one, the use counts only while fewer than the rate
# were made (the WHERE): a refused use changes nothing, so it reports no row changed.
_USE = (
    "INSERT INTO cooldowns (budget, user_id, uses, ends_at) VALUES (?1, ?2, 1, ?4)"
    " ON CONFLICT (budget, user_id) DO UPDATE SET"
    " uses = CASE WHEN cooldowns.ends_at <= ?3 THEN 1 ELSE cooldowns.uses + 1 END,"
    " ends_at = CASE WHEN cooldowns.ends_at <= ?3 THEN ?4 ELSE cooldowns.ends_at END"
    " WHERE cooldowns.ends_at <= ?3 OR cooldowns.uses < ?5")


class CooldownRepository:
    def __init__(self, db: Database):
        self.db = db

    async def use(self, budget: str, user_id: int, now: float, rate: int, per: float) -> bool:
        """Count one use at `now` (seconds) in the user's window of `budget`; False if the window already holds
        `rate` uses (nothing is changed then)."""
        return await self.db.execute(_USE, (budget, user_id, now, now + per, rate)) == 1

    async def ends(self, budget: str, user_id: int) -> float | None:
        """When the user's window of `budget` ends (seconds), if they have one."""
        return await self.db.scalar("SELECT ends_at FROM cooldowns WHERE budget = ? AND user_id = ?",
                                    (budget, user_id))

    async def prune(self, now: float) -> int:
        """Delete the windows that have ended by `now`: the number deleted."""
        return await self.db.execute("DELETE FROM cooldowns WHERE ends_at <= ?", (now,))
