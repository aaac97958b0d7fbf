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
import zlib
from typing import TYPE_CHECKING, Any

from aiohttp import WSMsgType, web

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
    """One identified session: its sequence counter and the dispatches it was sent (for RESUME replay)."""

    def __init__(self, identify: dict[str, Any]) -> None:
        self.id = secrets.token_hex(16)
        self.identify = identify
        self.intents: int = int(identify.get("intents", 0))
        self.seq = 0
        self.sent: list[dict[str, Any]] = []
        self.connection: GatewayConnection | None = None
        self.invalidated = False

    def has_intent(self, bit: int) -> bool:
        return bool(self.intents & bit)


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
        text = json.dumps(payload, separators=(",", ":"))
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
            session.seq += 1
            frame = {"op": DISPATCH, "d": data, "s": session.seq, "t": event}
            session.sent.append(frame)
            if not self.closed:
                try:
                    await self._send_raw(frame)
                except (ConnectionError, RuntimeError):
                    log.debug("dispatch %s seq %s not delivered (socket closing)", event, session.seq)
            return session.seq

    async def replay(self, frames: list[dict[str, Any]]) -> None:
        async with self._lock:
            for frame in frames:
                await self._send_raw(frame)


class Gateway:
    def __init__(self, double: DiscordDouble) -> None:
        self.double = double
        self.sessions: dict[str, GatewaySession] = {}
        self.connections: list[GatewayConnection] = []
        self.current: GatewaySession | None = None
        self.presence: dict[str, Any] | None = None
        self.ack_heartbeats = True
        self.identify_count = 0
        self.resume_count = 0

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
        session = GatewaySession(d)
        self.sessions[session.id] = session
        if self.current is not None and self.current.connection not in (None, conn):
            log.debug("new IDENTIFY while an older session is live; the newer one receives events")
        self.current = session
        session.connection = conn
        conn.session = session
        conn.kind = "identify"
        self.identify_count += 1
        ready = {
            "v": 10,
            "user": {**double.bot_user.payload(), "verified": True, "mfa_enabled": False, "flags": 0},
            "guilds": [{"id": str(g.id), "unavailable": True} for g in double.guilds.values()],
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
            ready["shard"] = d["shard"]
        await conn.dispatch(session, "READY", ready)
        conn.established = True
        double._changed()
        if session.has_intent(INTENT_GUILDS):
            members = session.has_intent(INTENT_MEMBERS)
            for guild in list(double.guilds.values()):
                payload = guild.payload(include_members=members, bot_user_id=double.bot_user.id)
                await conn.dispatch(session, "GUILD_CREATE", payload)

    async def _resume(self, conn: GatewayConnection, d: dict[str, Any]) -> None:
        session = self.sessions.get(d.get("session_id") or "")
        conn.kind = "resume"
        if session is None or session.invalidated or d.get("token") != self.double.token:
            await conn.send(INVALID_SESSION, False)
            return
        old = session.connection
        if old is not None and old is not conn and not old.closed:
            await old.ws.close(code=4000)
        session.connection = conn
        conn.session = session
        self.current = session
        self.resume_count += 1
        seq = d.get("seq") or 0
        missed = [f for f in session.sent if f["s"] > seq]
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
    def live_connection(self) -> GatewayConnection | None:
        session = self.current
        if session is None or session.connection is None or session.connection.closed:
            return None
        return session.connection

    async def dispatch(self, event: str, data: Any) -> int:
        """Send a dispatch on the current session (buffered for replay if the socket is down)."""
        session = self.current
        if session is None:
            raise AssertionError(f"cannot dispatch {event}: the bot has not identified with the double")
        conn = session.connection
        if conn is None:
            # No live socket: record it with a sequence number so a RESUME replays it.
            session.seq += 1
            session.sent.append({"op": DISPATCH, "d": data, "s": session.seq, "t": event})
            return session.seq
        return await conn.dispatch(session, event, data)

    async def send_reconnect(self) -> None:
        conn = self._require_live("send RECONNECT")
        await conn.send(RECONNECT)

    async def drop(self, code: int | None = None) -> None:
        """Drop the live socket: abruptly (no close frame) when ``code`` is None, else close with ``code``."""
        conn = self._require_live("drop the connection")
        if code is None:
            transport = conn.request.transport
            if transport is not None:
                transport.abort()
        else:
            await conn.ws.close(code=code)

    async def invalidate(self, *, resumable: bool = False) -> None:
        conn = self._require_live("invalidate the session")
        if not resumable and conn.session is not None:
            conn.session.invalidated = True
        await conn.send(INVALID_SESSION, resumable)

    def _require_live(self, what: str) -> GatewayConnection:
        conn = self.live_connection()
        if conn is None:
            raise AssertionError(f"cannot {what}: no live gateway connection")
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
