"""The gateway half of the double: a websocket speaking Discord's gateway protocol (v10, JSON).

Frames are plain-text JSON. discord.py 2.7 always asks for transport compression in the URL
(``compress=zlib-stream``, or ``zstd-stream`` when a zstd module is importable) but reads text frames
without decompressing them, so the double ignores the parameter unless ``honour_compression`` is set,
in which case it speaks zlib-stream (binary frames ending in Z_SYNC_FLUSH) like Discord does.
"""

from __future__ import annotations

import asyncio
import json
import logging
import secrets
import time
import zlib
from typing import TYPE_CHECKING, Any

from aiohttp import WSMsgType, web

from .shards import ShardTable, guild_of, requested_shard, shard_of

if TYPE_CHECKING:
    from .double import DiscordDouble

log = logging.getLogger("discord_double.gateway")

# opcodes
DISPATCH, HEARTBEAT, IDENTIFY, PRESENCE, VOICE, RESUME, RECONNECT, REQUEST_MEMBERS = 0, 1, 2, 3, 4, 6, 7, 8
INVALID_SESSION, HELLO, HEARTBEAT_ACK = 9, 10, 11

INTENT_GUILDS = 1 << 0
INTENT_MEMBERS = 1 << 1
INTENT_PRESENCES = 1 << 8
INTENT_GUILD_MESSAGES = 1 << 9
INTENT_DM_MESSAGES = 1 << 12
INTENT_MESSAGE_CONTENT = 1 << 15
PRIVILEGED_INTENTS = INTENT_MEMBERS | INTENT_PRESENCES | INTENT_MESSAGE_CONTENT


class GatewaySession:
    """One identified session of one shard: its sequence counter and the dispatches it was sent, as
    (seq, event, JSON text), for RESUME replay and for tests to read (``events``)."""

    def __init__(self, identify: dict[str, Any], shard: tuple[int, int] = (0, 1)) -> None:
        self.id = secrets.token_hex(16)
        self.identify = identify
        self.identified_at = time.monotonic()  # when its IDENTIFY came: the pace shards keep
        self.intents: int = int(identify.get("intents", 0))
        self.shard_id, self.shard_count = shard
        self.seq = 0
        self.sent: list[tuple[int, str, str]] = []
        self.connection: GatewayConnection | None = None
        self.invalidated = False

    def __repr__(self) -> str:
        return f"<GatewaySession shard [{self.shard_id}, {self.shard_count}] seq={self.seq} live={self.live}>"

    def has_intent(self, bit: int) -> bool:
        return bool(self.intents & bit)

    @property
    def live(self) -> bool:
        return self.connection is not None and not self.connection.closed

    def events(self, name: str | None = None) -> list[str]:
        """The dispatch names sent on this session, in order (only those called ``name`` if given)."""
        return [event for _, event, _ in self.sent if name is None or event == name]

    def payloads(self, name: str) -> list[dict[str, Any]]:
        """The data of every ``name`` dispatch sent on this session."""
        return [json.loads(text)["d"] for _, event, text in self.sent if event == name]

    def record(self, event: str, data: Any) -> str:
        """Give a dispatch the next sequence number and keep its frame; returns the frame's text."""
        self.seq += 1
        text = json.dumps({"op": DISPATCH, "d": data, "s": self.seq, "t": event}, separators=(",", ":"))
        self.sent.append((self.seq, event, text))
        return text


class GatewayConnection:
    """One websocket. ``kind`` becomes 'identify' or 'resume' once the client has done either."""

    def __init__(self, ws: web.WebSocketResponse, request: web.Request, *, compress: bool) -> None:
        self.ws = ws
        self.request = request
        self.path = request.path
        self.query = dict(request.query)
        self.kind: str | None = None
        self.session: GatewaySession | None = None
        self.established = False  # READY or RESUMED sent
        self.heartbeats = 0
        self.received: list[dict[str, Any]] = []
        self._lock = asyncio.Lock()
        self._zlib = zlib.compressobj() if compress else None

    def __repr__(self) -> str:
        return f"<GatewayConnection {self.path} kind={self.kind} closed={self.closed}>"

    @property
    def closed(self) -> bool:
        return self.ws.closed

    async def _send_raw(self, payload: dict[str, Any]) -> None:
        await self._send_text(json.dumps(payload, separators=(",", ":")))

    async def _send_text(self, text: str) -> None:
        if self._zlib is not None:
            await self.ws.send_bytes(self._zlib.compress(text.encode()) + self._zlib.flush(zlib.Z_SYNC_FLUSH))
        else:
            await self.ws.send_str(text)

    async def send(self, op: int, d: Any = None) -> None:
        async with self._lock:
            await self._send_raw({"op": op, "d": d, "s": None, "t": None})

    async def dispatch(self, session: GatewaySession, event: str, data: Any) -> int:
        """Give the event the session's next sequence number, remember it for replay, send it if live."""
        async with self._lock:
            text = session.record(event, data)
            if not self.closed:
                try:
                    await self._send_text(text)
                except (ConnectionError, RuntimeError):
                    log.debug("dispatch %s seq %s not delivered (socket closing)", event, session.seq)
            return session.seq

    async def replay(self, frames: list[str]) -> None:
        async with self._lock:
            for text in frames:
                await self._send_text(text)


class Gateway:
    """Sessions by id (for RESUME) and, in ``shards``, the one serving each shard: the only place that chooses
    which session a dispatch goes to (``session_for``)."""

    def __init__(self, double: DiscordDouble) -> None:
        self.double = double
        self.sessions: dict[str, GatewaySession] = {}
        self.connections: list[GatewayConnection] = []
        self.shards = ShardTable()
        self.presence: dict[str, Any] | None = None
        self.ack_heartbeats = True
        self.identify_count = 0
        self.resume_count = 0

    @property
    def current(self) -> GatewaySession | None:
        """Shard 0's session: the bot's only one when it does not shard."""
        return self.shards.sessions.get(0)

    def session_for(self, guild_id: int | None) -> GatewaySession | None:
        """The session that receives the events of server ``guild_id`` (None: a DM, shard 0)."""
        return self.shards.session_for(guild_id)

    # ------------------------------------------------------------------------------------------ server side
    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(max_msg_size=0, autoping=True)
        await ws.prepare(request)
        compress = self.double.honour_compression and request.query.get("compress") == "zlib-stream"
        conn = GatewayConnection(ws, request, compress=compress)
        self.connections.append(conn)
        self.double._changed()
        try:
            await conn.send(HELLO, {"heartbeat_interval": self.double.heartbeat_interval, "_trace": ["double"]})
            async for msg in ws:
                if msg.type != WSMsgType.TEXT:
                    if msg.type == WSMsgType.BINARY:
                        log.warning("binary frame from client ignored")
                    continue
                payload = json.loads(msg.data)
                conn.received.append(payload)
                await self._on_frame(conn, payload)
        except ConnectionResetError:
            pass
        finally:
            if conn.session is not None and conn.session.connection is conn:
                conn.session.connection = None
            self.double._changed()
        return ws

    async def _on_frame(self, conn: GatewayConnection, payload: dict[str, Any]) -> None:
        op, d = payload.get("op"), payload.get("d")
        if op == HEARTBEAT:
            conn.heartbeats += 1
            if self.ack_heartbeats:
                await conn.send(HEARTBEAT_ACK)
        elif op == IDENTIFY:
            await self._identify(conn, d or {})
        elif op == RESUME:
            await self._resume(conn, d or {})
        elif op == REQUEST_MEMBERS:
            await self._request_members(conn, d or {})
        elif op == PRESENCE:
            self.presence = d
        elif op == VOICE:
            pass
        else:
            log.warning("unknown gateway op %s", op)

    async def _identify(self, conn: GatewayConnection, d: dict[str, Any]) -> None:
        double = self.double
        if d.get("token") != double.token:
            await conn.ws.close(code=4004, message=b"Authentication failed.")
            return
        intents = int(d.get("intents", 0))
        if double.allowed_intents is not None and intents & PRIVILEGED_INTENTS & ~double.allowed_intents:
            await conn.ws.close(code=4014, message=b"Disallowed intent(s).")
            return
        shard = requested_shard(d)
        refusal = (4010, b"Invalid shard.") if shard is None else \
            self.shards.refusal(*shard, required=double.required_shards)
        if shard is None or refusal is not None:
            await conn.ws.close(code=refusal[0], message=refusal[1])
            return
        session = GatewaySession(d, shard)
        self.sessions[session.id] = session
        previous = self.shards.sessions.get(session.shard_id)
        if previous is not None and previous.connection not in (None, conn):
            log.debug("new IDENTIFY while an older session of its shard is live; the newer one receives events")
        self.shards.serve(session)
        session.connection = conn
        conn.session = session
        conn.kind = "identify"
        self.identify_count += 1
        self.shards.identify_counts[session.shard_id] += 1
        guilds = [g for g in double.guilds.values() if shard_of(g.id, session.shard_count) == session.shard_id]
        ready = {
            "v": 10,
            "user": {**double.bot_user.payload(), "verified": True, "mfa_enabled": False, "flags": 0},
            "guilds": [{"id": str(g.id), "unavailable": True} for g in guilds],
            "session_id": session.id,
            "session_type": "normal",
            "resume_gateway_url": double.resume_gateway_url,
            "application": {"id": str(double.application_id), "flags": double.application_flags},
            "private_channels": [],
            "relationships": [],
            "presences": [],
            "guild_join_requests": [],
            "geo_ordered_rtc_regions": [],
            "user_settings": {},
            "_trace": ["discord-double"],
        }
        if "shard" in d:
            ready["shard"] = [session.shard_id, session.shard_count]
        await conn.dispatch(session, "READY", ready)
        conn.established = True
        double._changed()
        if session.has_intent(INTENT_GUILDS):
            members = session.has_intent(INTENT_MEMBERS)
            for guild in guilds:
                payload = guild.payload(include_members=members, bot_user_id=double.bot_user.id)
                await conn.dispatch(session, "GUILD_CREATE", payload)

    async def _resume(self, conn: GatewayConnection, d: dict[str, Any]) -> None:
        session = self.sessions.get(d.get("session_id") or "")
        conn.kind = "resume"
        if (session is None or session.invalidated or d.get("token") != self.double.token
                or self.shards.refusal(session.shard_id, session.shard_count, required=1) is not None):
            await conn.send(INVALID_SESSION, False)
            return
        old = session.connection
        if old is not None and old is not conn and not old.closed:
            await old.ws.close(code=4000)
        session.connection = conn
        conn.session = session
        self.shards.serve(session)
        self.resume_count += 1
        seq = d.get("seq") or 0
        missed = [text for s, _, text in session.sent if s > seq]
        await conn.replay(missed)
        await conn.dispatch(session, "RESUMED", {"_trace": ["discord-double"]})
        conn.established = True
        self.double._changed()

    async def _request_members(self, conn: GatewayConnection, d: dict[str, Any]) -> None:
        if conn.session is None:
            return
        guild = self.double.guilds.get(int(d.get("guild_id", 0)))
        if guild is None:
            return
        query = (d.get("query") or "").lower()
        ids = {int(u) for u in d.get("user_ids") or []}
        members = [
            m for m in guild.members.values()
            if (not ids or m.user.id in ids) and m.user.username.lower().startswith(query)
        ]
        limit = int(d.get("limit") or 0)
        if limit:
            members = members[:limit]
        chunk: dict[str, Any] = {
            "guild_id": str(guild.id),
            "members": [m.payload() for m in members],
            "chunk_index": 0,
            "chunk_count": 1,
            "not_found": [str(i) for i in ids - {m.user.id for m in members}],
        }
        if d.get("nonce") is not None:
            chunk["nonce"] = d["nonce"]
        await conn.dispatch(conn.session, "GUILD_MEMBERS_CHUNK", chunk)

    # ----------------------------------------------------------------------------------------- test driver
    def live_connection(self, shard: int | None = None) -> GatewayConnection | None:
        """The live socket of ``shard``'s session (default shard 0: the only one of an unsharded bot)."""
        return self.shards.connection(shard or 0)

    async def dispatch(self, event: str, data: Any) -> int:
        """Send a dispatch to the session of the shard it belongs to (its server's; shard 0 without one),
        buffered for replay if the socket is down."""
        guild_id = guild_of(event, data)
        session = self.shards.session_for(guild_id)
        if session is None:
            shard = shard_of(guild_id, self.shards.count)
            raise AssertionError(f"cannot dispatch {event}: the bot has not identified with the double"
                                 + (f" on shard {shard} of {self.shards.count}" if self.shards.count > 1 else ""))
        conn = session.connection
        if conn is None:
            # No live socket: record it with a sequence number so a RESUME replays it.
            session.record(event, data)
            return session.seq
        return await conn.dispatch(session, event, data)

    async def send_reconnect(self, shard: int | None = None) -> None:
        conn = self._require_live("send RECONNECT", shard)
        await conn.send(RECONNECT)

    async def drop(self, code: int | None = None, shard: int | None = None) -> None:
        """Drop the live socket: abruptly (no close frame) when ``code`` is None, else close with ``code``."""
        conn = self._require_live("drop the connection", shard)
        if code is None:
            transport = conn.request.transport
            if transport is not None:
                transport.abort()
        else:
            await conn.ws.close(code=code)

    async def invalidate(self, *, resumable: bool = False, shard: int | None = None) -> None:
        conn = self._require_live("invalidate the session", shard)
        if not resumable and conn.session is not None:
            conn.session.invalidated = True
        await conn.send(INVALID_SESSION, resumable)

    def _require_live(self, what: str, shard: int | None) -> GatewayConnection:
        conn = self.live_connection(shard)
        if conn is None:
            raise AssertionError(f"cannot {what}: no live gateway connection"
                                 + (f" on shard {shard}" if shard else ""))
        return conn

    async def close_all(self) -> None:
        for conn in self.connections:
            if not conn.closed:
                try:
                    await asyncio.wait_for(conn.ws.close(code=1001), 1.0)
                except (TimeoutError, ConnectionError, RuntimeError):
                    transport = conn.request.transport
                    if transport is not None:
                        transport.abort()
