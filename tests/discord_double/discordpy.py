"""Pointing the real discord.py at a double, in-process.

discord.py has no setting for its endpoints; two class attributes decide them:

* ``discord.http.Route.BASE`` (default ``https://discord.com/api/v10``): every REST call and every
  interaction webhook (callbacks, followups) is built from it when the Route is created;
* ``discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY`` (a ``yarl.URL``): ``Client.connect`` opens the
  first websocket there (2.7 does not call GET /gateway/bot for an unsharded Client), and goes back to it
  after an INVALID_SESSION; resumes go to READY's ``resume_gateway_url``.

Both must be set before ``client.start``/``client.login`` and are process-global, hence the context
manager that restores them.

An ``AutoShardedClient`` given no ``shard_count`` asks GET /gateway/bot for the count and the gateway URL (the
double answers with its own URL and ``recommended_shards``). It opens its shards one after the other, calling
``before_identify_hook`` before each IDENTIFY but the first; the default sleeps 5 s there, which
:class:`NoIdentifyWait` skips.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Iterator
from typing import Any

import discord
import discord.gateway
import discord.http
import yarl

from .double import DiscordDouble


@contextlib.contextmanager
def point_discord_py_at(api_base: str, gateway_url: str) -> Iterator[None]:
    old_base = discord.http.Route.BASE
    old_gateway = discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    discord.http.Route.BASE = api_base
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)
    try:
        yield
    finally:
        discord.http.Route.BASE = old_base
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = old_gateway


class NoIdentifyWait:
    """Mix in before a discord.py client class (``class Bot(NoIdentifyWait, discord.AutoShardedClient)``) so
    that no IDENTIFY waits: discord.py's default ``before_identify_hook`` (a public hook) sleeps 5 s before
    every IDENTIFY but the first, to respect Discord's rate of session starts, which the double does not limit."""

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        return None


def first_shard(client: discord.Client) -> int:
    """The shard ``client`` identifies first: the first of an AutoShardedClient's ``shard_ids``, a Client's
    ``shard_id``, else 0."""
    shard_ids = getattr(client, "shard_ids", None)
    return shard_ids[0] if shard_ids else client.shard_id or 0


@contextlib.asynccontextmanager
async def running_client(
    double: DiscordDouble, client: discord.Client, *, timeout: float = 5.0, wait_ready: bool = True
) -> AsyncIterator[discord.Client]:
    """Start ``client`` against ``double``, wait for on_ready, and close it afterwards.

    Pass ``guild_ready_timeout=0.05`` (or similar) to the client: discord.py waits that long after the last
    GUILD_CREATE before firing on_ready (2 s by default). A sharded client is ready once all its shards are
    (discord.py fires on_ready then); give it :class:`NoIdentifyWait` or each shard after the first costs 5 s.
    """
    with point_discord_py_at(double.api_base, double.gateway_url):
        task = asyncio.create_task(client.start(double.token), name="discord-double-client")
        try:
            if wait_ready:
                shard = first_shard(client)
                await _unless_client_dies(task, double.wait_for_ready(timeout, shard=shard), timeout, "IDENTIFY")
                await _unless_client_dies(task, client.wait_until_ready(), timeout, "on_ready")
            yield client
        finally:
            await client.close()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await asyncio.wait_for(task, timeout)


async def _unless_client_dies(task: asyncio.Task[None], awaitable: Any, timeout: float, what: str) -> None:
    """Await ``awaitable``, but surface the client's own exception if ``client.start`` fails first
    (e.g. a setup_hook whose tree.sync() was refused)."""
    waiter = asyncio.ensure_future(awaitable)
    done, _ = await asyncio.wait({waiter, task}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
    if waiter in done:
        waiter.result()
        return
    waiter.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await waiter
    if task.done():
        task.result()  # re-raises the client's failure
        raise AssertionError(f"discord.py client stopped before {what}")
    raise AssertionError(f"discord.py client did not reach {what} within {timeout}s")


def client_kwargs(**overrides: Any) -> dict[str, Any]:
    """Constructor arguments that make a test client fast and safe by default."""
    kwargs: dict[str, Any] = {
        "intents": discord.Intents.default(),
        "guild_ready_timeout": 0.05,
        "allowed_mentions": discord.AllowedMentions.none(),
    }
    kwargs.update(overrides)
    return kwargs
