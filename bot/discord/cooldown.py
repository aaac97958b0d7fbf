"""Per-learner cooldowns for slash commands and buttons, and every budget the bot has.

A budget is checked here, as discord.py's `app_commands.checks.cooldown` would be (a command check that raises
`CommandOnCooldown`, which the one error handler words), but counted by the app's `limits`
(bot/services/limits.py): in memory for one process, in the database when several processes serve the bot,
so that a learner's budget is the same in every server whichever process serves it. The check is a coroutine
(discord.py awaits a check that is one), as the count may be a trip to the database.
"""

from __future__ import annotations

from typing import TypeVar

import discord
from discord import app_commands

from bot.domain.errors import StorageError
from bot.services.limits import Rate

T = TypeVar("T")


class Budget:
    """Each user may spend `rate` uses per `per` seconds, across every command and button given this budget.
    Used as a decorator, it is a command check; a button that starts the same work calls `spend`: a way round
    a command's limit through one of its buttons would be no limit."""

    def __init__(self, name: str, rate: int, per: float):
        self.rate = Rate(name, rate, per)

    async def spend(self, interaction: discord.Interaction) -> bool:
        """Count one use; raise discord.py's `CommandOnCooldown` (which the error handler words) when refused."""
        now = interaction.created_at.timestamp()  # Discord's time: the same for every process of the bot
        limits = interaction.client.app.limits  # type: ignore[attr-defined]
        wait = await limits.use(self.rate, interaction.user.id, now)
        if wait is not None:
            raise app_commands.CommandOnCooldown(app_commands.Cooldown(self.rate.rate, self.rate.per), wait)
        return True

    async def _check(self, interaction: discord.Interaction) -> bool:
        try:
            return await self.spend(interaction)
        except StorageError as exc:
            # only discord.py's own errors reach the tree's error handler from a check: the storage fault goes
            # there as the command's error, and the learner gets the storage apology rather than silence
            raise app_commands.CommandInvokeError(interaction.command, exc) from exc  # type: ignore[arg-type]

    def __call__(self, command: T) -> T:
        return app_commands.check(self._check)(command)


def per_user(name: str, rate: int, per: float) -> Budget:
    """A budget of `rate` uses per `per` seconds for each user, shared by what it decorates or is spent by;
    `name` keys it in every process (two budgets must not share one)."""
    return Budget(name, rate, per)


# Every budget, by name. Some are shared by a command and the buttons that do the same work.
QUIZ = per_user("quiz", 3, 30.0)  # /quiz, /review, "Quiz me on this", a summary's "Review" and "Again"
QUOTE = per_user("quote", 10, 30.0)  # /quote, "Another"
PROGRESS = per_user("progress", 5, 30.0)  # /progress, /leaderboard
EXPORT = per_user("export", 2, 300.0)  # /mydata export
ANKI = per_user("anki", 4, 300.0)  # /mydata anki: a deck is built for each
DELETE = per_user("delete", 4, 300.0)  # /mydata delete and its confirmation button together: two deletions
MODERATION = per_user("moderation", 3, 60.0)  # /content reload, validate, upload
ASK = per_user("ask", 5, 30.0)  # /ask
BUDGETS = (QUIZ, QUOTE, PROGRESS, EXPORT, ANKI, DELETE, MODERATION, ASK)
