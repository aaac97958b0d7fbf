"""Taking turns to IDENTIFY, as Discord requires of a bot's shards.

Discord lets a bot's shards IDENTIFY (start a gateway session) once per 5 seconds per bucket, shard `i` being in
bucket `i % max_concurrency` (`max_concurrency` comes from GET /gateway/bot: 1 for most bots, 16 or more for large
ones). The rule is the bot's, whichever process runs the shard; an IDENTIFY too soon is refused, and discord.py
tries again later: a slower start, and log noise that grows with the processes.

Where the turns are kept is chosen by the composition root (bot/app.py), by engine:
- `LocalPacer`, in the process's memory: one process (SQLite) runs every shard.
- `SharedPacer`, in the database: the processes of a cluster (PostgreSQL) claim each turn from one table, one
  statement a claim, so the whole cluster keeps Discord's pace. A database fault while claiming costs the
  shard discord.py's own default wait, not its connection.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Protocol

from bot.domain.errors import StorageError
from bot.storage.identify import IdentifySlots

log = logging.getLogger(__name__)
IDENTIFY_EVERY = 5.0  # seconds between two IDENTIFYs of one bucket (Discord's rule)
Sleep = Callable[[float], Awaitable[object]]


class Pacer(Protocol):
    async def wait_turn(self, shard_id: int, max_concurrency: int) -> None:
        """Return when shard `shard_id` may IDENTIFY; its turn is taken then."""


def bucket_of(shard_id: int, max_concurrency: int) -> int:
    return shard_id % max(1, max_concurrency)


class LocalPacer:
    """Turns kept in this process's memory: each shard waits only as long as its bucket requires, so with a
    concurrency of 16, sixteen shards connect at once."""

    def __init__(self, clock: Callable[[], float] = time.monotonic, sleep: Sleep = asyncio.sleep,
                 every: float = IDENTIFY_EVERY):
        self._clock = clock
        self._sleep = sleep
        self.every = every
        self._last: dict[int, float] = {}  # bucket -> when its last IDENTIFY was let through
        self._locks: dict[int, asyncio.Lock] = {}

    def delay(self, shard_id: int, max_concurrency: int) -> float:
        """Seconds shard `shard_id` must wait now before it may IDENTIFY."""
        last = self._last.get(bucket_of(shard_id, max_concurrency))
        return 0.0 if last is None else max(0.0, last + self.every - self._clock())

    async def wait_turn(self, shard_id: int, max_concurrency: int) -> None:
        bucket = bucket_of(shard_id, max_concurrency)
        # two shards of one bucket (reconnecting together, say) go one after the other
        async with self._locks.setdefault(bucket, asyncio.Lock()):
            while (delay := self.delay(shard_id, max_concurrency)) > 0:
                await self._sleep(delay)
            self._last[bucket] = self._clock()


class SharedPacer:
    """Turns claimed from the database, by every process of the cluster alike: a claim is one statement; a shard
    whose bucket is taken reads when it frees (a second statement), sleeps until then and claims again.

    If the database fails a claim, the shard waits `every` seconds and connects, as discord.py would without a
    pacer (its own default): a database outage must not keep the bot off Discord. One warning per outage."""

    def __init__(self, slots: IdentifySlots, every: float = IDENTIFY_EVERY, sleep: Sleep = asyncio.sleep):
        self.slots = slots
        self.every = every
        self._sleep = sleep
        self._locks: dict[int, asyncio.Lock] = {}
        self._failing = False

    async def wait_turn(self, shard_id: int, max_concurrency: int) -> None:
        bucket = bucket_of(shard_id, max_concurrency)
        # this process's shards of one bucket claim one after the other: one of them at a time asks the database
        async with self._locks.setdefault(bucket, asyncio.Lock()):
            try:
                while not await self.slots.claim(bucket, self.every):
                    # (a floor: a turn that frees this instant may still be a rounding away on the next claim)
                    await self._sleep(max(await self.slots.frees_in(bucket, self.every), 0.01))
            except StorageError as exc:
                if not self._failing:
                    log.warning("could not take shard %d's turn to connect from the database (%s); until it "
                                "answers, shards wait %.0f s each before connecting, and processes may connect "
                                "at once (Discord then refuses some, and they try again)", shard_id, exc,
                                self.every)
                self._failing = True
                await self._sleep(self.every)
                return
            if self._failing:
                log.info("shards take their turns to connect from the database again")
                self._failing = False
