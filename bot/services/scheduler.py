"""The scheduler loops (the daily quote, review reminders): sleep until the earliest due item (capped), run what is
due, repeat; wake early on change.

They never scan every server or learner: each one's next due time is stored and indexed, so a loop wakes once
per distinct due time however many there are.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Generic, TypeVar

from bot.domain.clock import Clock
from bot.domain.shards import ALL, Shards
from bot.services.daily import DailyPoster, DailyService
from bot.services.reminders import ReminderSender, ReminderService

log = logging.getLogger(__name__)
CAP = timedelta(hours=1)  # re-check at least this often (a suspended host, a clock step)
AFTER_ERROR = timedelta(seconds=30)
Sender = TypeVar("Sender")


class Scheduler(Generic[Sender]):
    """The loop; a subclass says what runs (`run_due`), when next (`next_wake`) and what wakes it (`changed`)."""

    what = "scheduler"  # for the log

    def __init__(self, changed: asyncio.Event, clock: Clock, *, cap: timedelta = CAP,
                 sleep: Callable[[float], Awaitable[object]] = asyncio.sleep):
        self.changed = changed
        self.clock = clock
        self.cap = cap
        self._sleep = sleep
        self.wakes = 0  # loop iterations, for tests and benchmarks of idle cost

    async def run_due(self, sender: Sender) -> object:
        raise NotImplementedError

    async def next_wake(self) -> datetime | None:
        raise NotImplementedError

    async def run(self, sender: Sender) -> None:
        while True:
            self.wakes += 1
            self.changed.clear()
            try:
                await self.run_due(sender)
                delay = await self._delay()
            except Exception:  # noqa: BLE001 - the loop must outlive a bad moment (e.g. a locked database)
                log.exception("%s hit an error; trying again in %s", self.what, AFTER_ERROR)
                delay = AFTER_ERROR.total_seconds()
            await self._wait(delay)

    async def _delay(self) -> float:
        wake_at = await self.next_wake()
        if wake_at is None:
            return self.cap.total_seconds()
        return max(0.0, min((wake_at - self.clock.now()).total_seconds(), self.cap.total_seconds()))

    async def _wait(self, seconds: float) -> None:
        """Sleep `seconds`, or less if something changes meanwhile."""
        if self.changed.is_set():
            return
        sleeper = asyncio.ensure_future(self._sleep(seconds))
        changed = asyncio.ensure_future(self.changed.wait())
        try:
            await asyncio.wait({sleeper, changed}, return_when=asyncio.FIRST_COMPLETED)
            if sleeper.done():
                sleeper.result()  # a sleeper that failed (a test's virtual clock ending) ends the loop
        finally:
            for task in (sleeper, changed):
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task


class DailyScheduler(Scheduler[DailyPoster]):
    what = "daily-quote scheduler"

    def __init__(self, daily: DailyService, clock: Clock, *, cap: timedelta = CAP,
                 sleep: Callable[[float], Awaitable[object]] = asyncio.sleep, shards: Shards = ALL):
        super().__init__(daily.changed, clock, cap=cap, sleep=sleep)
        self.daily = daily
        self.shards = shards  # this process posts for the servers of its shards only

    async def run_due(self, sender: DailyPoster) -> object:
        return await self.daily.run_due(sender, shards=self.shards)

    async def next_wake(self) -> datetime | None:
        return await self.daily.next_wake(self.shards)


class ReminderScheduler(Scheduler[ReminderSender]):
    """Every process of a cluster runs one: each reminder is claimed in the database, so one process sends it."""

    what = "review-reminder scheduler"

    def __init__(self, reminders: ReminderService, clock: Clock, *, cap: timedelta = CAP,
                 sleep: Callable[[float], Awaitable[object]] = asyncio.sleep):
        super().__init__(reminders.changed, clock, cap=cap, sleep=sleep)
        self.reminders = reminders

    async def run_due(self, sender: ReminderSender) -> object:
        return await self.reminders.run_due(sender)

    async def next_wake(self) -> datetime | None:
        return await self.reminders.next_wake()
