"""The daily-quote loop: sleep until the earliest due post (capped), post, repeat; wake early on change.

It never scans every server: the next due time of each schedule is stored and indexed, so the loop
wakes once per distinct due time however many servers there are.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from datetime import timedelta

from bot.domain.clock import Clock
from bot.domain.shards import ALL, Shards
from bot.services.daily import DailyPoster, DailyService

log = logging.getLogger(__name__)
CAP = timedelta(hours=1)  # re-check at least this often (a suspended host, a clock step)
AFTER_ERROR = timedelta(seconds=30)


class DailyScheduler:
    def __init__(self, daily: DailyService, clock: Clock, *, cap: timedelta = CAP,
                 sleep: Callable[[float], Awaitable[object]] = asyncio.sleep, shards: Shards = ALL):
        self.daily = daily
        self.shards = shards  # this process posts for the servers of its shards only
        self.clock = clock
        self.cap = cap
        self._sleep = sleep
        self.wakes = 0  # loop iterations, for tests and benchmarks of idle cost

    async def run(self, poster: DailyPoster) -> None:
        while True:
            self.wakes += 1
            self.daily.changed.clear()
            try:
                await self.daily.run_due(poster, shards=self.shards)
                delay = await self._delay()
            except Exception:  # noqa: BLE001 - the loop must outlive a bad moment (e.g. a locked database)
                log.exception("daily-quote scheduler hit an error; trying again in %s", AFTER_ERROR)
                delay = AFTER_ERROR.total_seconds()
            await self._wait(delay)

    async def _delay(self) -> float:
        wake_at = await self.daily.next_wake(self.shards)
        if wake_at is None:
            return self.cap.total_seconds()
        return max(0.0, min((wake_at - self.clock.now()).total_seconds(), self.cap.total_seconds()))

    async def _wait(self, seconds: float) -> None:
        """Sleep `seconds`, or less if a schedule changes meanwhile."""
        if self.daily.changed.is_set():
            return
        sleeper = asyncio.ensure_future(self._sleep(seconds))
        changed = asyncio.ensure_future(self.daily.changed.wait())
        try:
            await asyncio.wait({sleeper, changed}, return_when=asyncio.FIRST_COMPLETED)
            if sleeper.done():
                sleeper.result()  # a sleeper that failed (a test's virtual clock ending) ends the loop
        finally:
            for task in (sleeper, changed):
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
