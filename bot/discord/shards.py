"""How many shards, and the pace at which they IDENTIFY.

Discord says both in GET /gateway/bot: the recommended shard count, and `max_concurrency`, how many shards may
IDENTIFY at once (1 for most bots, 16 or more for large ones; shard `i` is in bucket `i % max_concurrency`, and a
bucket takes one IDENTIFY per 5 seconds). The bot asks once at start. discord.py asks too when it is given no
shard count, but then it also takes the gateway's address from the answer, which would bypass a gateway proxy
(DISCORD_GATEWAY_URL); and its default pacing waits 5 s before every shard but the first, whatever the
concurrency: four shards took 15 s before the last one connected."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass

import aiohttp
import discord

IDENTIFY_EVERY = 5.0  # seconds between two IDENTIFYs of one bucket (Discord's rule)


@dataclass(frozen=True)
class GatewayAdvice:
    shards: int
    max_concurrency: int


async def gateway_advice(api_base: str, token: str, timeout: float = 10.0) -> GatewayAdvice:
    """Discord's GET /gateway/bot. Raises discord.LoginFailure for a refused token, aiohttp's errors for a
    network fault (the runner tells the operator and tries again)."""
    headers = {"Authorization": f"Bot {token}", "User-Agent": "DiscordBot (study-tutor-bot, 1.0)"}
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout)) as session, \
            session.get(f"{api_base}/gateway/bot", headers=headers) as response:
        if response.status == 401:
            raise discord.LoginFailure("Improper token has been passed.")
        response.raise_for_status()
        data = await response.json()
    limit = data.get("session_start_limit") or {}
    return GatewayAdvice(max(1, int(data.get("shards") or 1)), max(1, int(limit.get("max_concurrency") or 1)))


class IdentifyPacer:
    """Waits before a shard's IDENTIFY only as long as its bucket requires: with a concurrency of 16, sixteen
    shards connect at once."""

    def __init__(self, max_concurrency: int = 1, clock: Callable[[], float] = time.monotonic):
        self.max_concurrency = max_concurrency
        self._clock = clock
        self._last: dict[int, float] = {}  # bucket -> when its last IDENTIFY was let through
        self._locks: dict[int, asyncio.Lock] = {}

    def delay(self, shard_id: int) -> float:
        """Seconds shard `shard_id` must wait now before it may IDENTIFY."""
        last = self._last.get(shard_id % self.max_concurrency)
        return 0.0 if last is None else max(0.0, last + IDENTIFY_EVERY - self._clock())

    async def wait(self, shard_id: int) -> None:
        bucket = shard_id % self.max_concurrency
        # two shards of one bucket (reconnecting together, say) go one after the other
        async with self._locks.setdefault(bucket, asyncio.Lock()):
            while (delay := self.delay(shard_id)) > 0:
                await asyncio.sleep(delay)
            self._last[bucket] = self._clock()
