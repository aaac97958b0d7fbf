"""How many shards, and how many may IDENTIFY at once (the turns they take: bot/services/identify.py).

Discord says both in GET /gateway/bot: the recommended shard count, and `max_concurrency`, how many shards may
IDENTIFY at once (1 for most bots, 16 or more for large ones; shard `i` is in bucket `i % max_concurrency`, and a
bucket takes one IDENTIFY per 5 seconds). The bot asks once at start. discord.py asks too when it is given no
shard count, but then it also takes the gateway's address from the answer, which would bypass a gateway proxy
(DISCORD_GATEWAY_URL); and its default pacing waits 5 s before every shard but the first, whatever the
concurrency: four shards took 15 s before the last one connected."""

from __future__ import annotations

from dataclasses import dataclass

import aiohttp
import discord


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
