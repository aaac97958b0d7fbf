"""Sharding, as Discord does it: which session of a bot receives which dispatch.

A bot identifies once per shard with ``shard: [i, n]`` (none means ``[0, 1]``). Discord then sends shard ``i``
only the servers with ``(guild_id >> 22) % n == i``: in READY, as GUILD_CREATEs, and every later event of such a
server. Events without a server (direct messages and DM interactions) go to shard 0. Every live shard of a bot
must use the same ``n``: an IDENTIFY with a shard outside ``[0, n)`` or a different ``n`` is closed with 4010
(Invalid shard), and one with fewer shards than Discord requires of a large bot with 4011 (Sharding required).
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .state import DISCORD_EPOCH_MS

if TYPE_CHECKING:
    from .gateway import GatewayConnection, GatewaySession
    from .state import Guild

INVALID_SHARD = 4010
SHARDING_REQUIRED = 4011

# Dispatches whose payload is the server itself (its id under "id"); every other server event carries guild_id.
_GUILD_ITSELF = frozenset({"GUILD_CREATE", "GUILD_UPDATE", "GUILD_DELETE"})


def shard_of(guild_id: int | None, count: int) -> int:
    """Discord's formula: the shard of server ``guild_id`` among ``count``; no server (DMs) is shard 0."""
    return 0 if guild_id is None else (guild_id >> 22) % count


def guild_of(event: str, data: Any) -> int | None:
    """The server a dispatch belongs to, or None (a DM, or an event of no server)."""
    if not isinstance(data, dict):
        return None
    raw = data.get("id") if event in _GUILD_ITSELF else data.get("guild_id")
    return int(raw) if raw is not None else None


def requested_shard(identify: dict[str, Any]) -> tuple[int, int] | None:
    """IDENTIFY's ``shard`` as (i, n); [0, 1] when absent; None when it is not a pair of integers."""
    shard = identify.get("shard")
    if shard is None:
        return 0, 1
    try:
        index, count = (int(x) for x in shard)
    except (TypeError, ValueError):
        return None
    return index, count


class GuildIds:
    """Server ids one millisecond apart in their timestamp bits, so that ``(id >> 22) % n`` deals servers made in
    a burst out over the shards in turn, as servers made over the years are spread on Discord. The double's
    other ids come from one clock (servers made in the same millisecond would all land on one shard); these are
    dated a day back, worker 2, so they never meet those."""

    def __init__(self) -> None:
        self._next_ms = int(time.time() * 1000) - DISCORD_EPOCH_MS - 86_400_000

    def next(self) -> int:
        self._next_ms += 1
        return (self._next_ms << 22) | (2 << 17)


class ShardTable:
    """The session serving each shard of the bot, and the shard count they share."""

    def __init__(self) -> None:
        self.count = 1
        self.sessions: dict[int, GatewaySession] = {}
        self.identify_counts: Counter[int] = Counter()

    def refusal(self, index: int, count: int, *, required: int) -> tuple[int, bytes] | None:
        """The close code and reason Discord would answer IDENTIFY for shard [index, count] with, or None."""
        if count < 1 or not 0 <= index < count:
            return INVALID_SHARD, b"Invalid shard."
        others = {s.shard_count for i, s in self.sessions.items() if i != index and s.live}
        if others and others != {count}:
            return INVALID_SHARD, b"Invalid shard."
        if count < required:
            return SHARDING_REQUIRED, b"Sharding required."
        return None

    def serve(self, session: GatewaySession) -> None:
        """``session`` now receives its shard's dispatches. A new count drops the sessions of the old one
        (none of them is live, or ``refusal`` would have refused it)."""
        if session.shard_count != self.count:
            self.sessions = {i: s for i, s in self.sessions.items() if s.shard_count == session.shard_count}
            self.count = session.shard_count
        self.sessions[session.shard_id] = session

    def session_for(self, guild_id: int | None) -> GatewaySession | None:
        return self.sessions.get(shard_of(guild_id, self.count))

    def connection(self, shard: int = 0) -> GatewayConnection | None:
        session = self.sessions.get(shard)
        return session.connection if session is not None and session.live else None


class ShardDriver:
    """Test-driver helpers about shards; mixed into DiscordDouble (needs ``gateway``, ``guilds``, ``wait_until``)."""

    gateway: Any
    guilds: dict[int, Guild]
    wait_until: Callable[..., Any]

    def shard_of(self, guild: Guild | int | None) -> int:
        """The shard (of the bot's current count) that receives ``guild``'s events; None (DMs) is 0."""
        guild_id = guild if guild is None or isinstance(guild, int) else guild.id
        return shard_of(guild_id, self.gateway.shards.count)

    @property
    def shard_count(self) -> int:
        """The shard count of the bot's sessions (1 until a sharded IDENTIFY)."""
        return self.gateway.shards.count

    def live_connection(self, shard: int = 0) -> GatewayConnection | None:
        """The live socket of ``shard`` (``gateway.live_connection`` with the shard named)."""
        return self.gateway.live_connection(shard)

    def shard_sessions(self) -> dict[int, GatewaySession]:
        """The session serving each shard (live or waiting for a RESUME)."""
        return dict(self.gateway.shards.sessions)

    def identifies(self, shard: int) -> int:
        """How many IDENTIFYs shard ``shard`` has made (of any count)."""
        return self.gateway.shards.identify_counts[shard]

    def guilds_of_shard(self, shard: int, count: int | None = None) -> list[Guild]:
        count = self.gateway.shards.count if count is None else count
        return [g for g in self.guilds.values() if shard_of(g.id, count) == shard]

    async def wait_for_shards(self, count: int, timeout: float | None = None) -> dict[int, GatewayConnection]:
        """Every shard of ``count`` has identified (or resumed) with ``count`` and has a live connection."""
        table: ShardTable = self.gateway.shards

        def all_up() -> dict[int, GatewayConnection] | None:
            if table.count != count:
                return None
            conns = {i: table.connection(i) for i in range(count)}
            return conns if all(c is not None and c.established for c in conns.values()) else None

        def missing() -> str:
            up = sorted(i for i in range(count) if table.connection(i) is not None)
            return f"{count} shards to be established (count now {table.count}, live: {up})"

        return await self.wait_until(all_up, timeout, missing)
