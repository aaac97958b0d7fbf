"""DiscordDouble: the server object tests drive.

    async with DiscordDouble() as double:
        ...point discord.py at double.api_base / double.gateway_url, start the bot...
        await double.wait_for_ready()
        it = await double.slash("ping")
        assert (await it.reply()).content == "pong"
"""

from __future__ import annotations

import asyncio
import contextlib
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from aiohttp import web

from .driver import InteractionDriver
from .gateway import (
    INTENT_DM_MESSAGES,
    INTENT_GUILD_MESSAGES,
    INTENT_MESSAGE_CONTENT,
    Gateway,
    GatewayConnection,
)
from .interactions import APPLICATION_COMMAND, Interaction
from .rest import Fault, RestApi, UploadedFile
from .shards import GuildIds, ShardDriver
from .state import Channel, Guild, Message, Perm, Snowflakes, StoredFile, User, effective_pings, iso_now


@dataclass
class Sent:
    """A message-like payload the bot got accepted (create, edit, callback, followup)."""

    kind: str  # channel_message | channel_edit | callback | callback_update | followup | webhook_edit
    payload: dict[str, Any]
    message_id: int
    channel_id: int

    @property
    def allowed_mentions(self) -> dict[str, Any] | None:
        return self.payload.get("allowed_mentions")


class CommandRegistry:
    """What the bot synced: ``global_commands`` and ``guild_commands[guild_id]`` (Discord's stored form)."""

    def __init__(self, double: DiscordDouble) -> None:
        self._double = double
        self.global_commands: list[dict[str, Any]] = []
        self.guild_commands: dict[int, list[dict[str, Any]]] = {}
        self.sync_count = 0
        self._ids: dict[tuple[int | None, int, str], int] = {}

    def list(self, guild_id: int | None = None) -> list[dict[str, Any]]:
        return self.global_commands if guild_id is None else self.guild_commands.get(guild_id, [])

    def names(self, guild_id: int | None = None) -> list[str]:
        return [c["name"] for c in self.list(guild_id)]

    def get(self, name: str, guild_id: int | None = None, type: int = 1) -> dict[str, Any] | None:
        return next((c for c in self.list(guild_id) if c["name"] == name and c.get("type", 1) == type), None)

    def overwrite(self, guild_id: int | None, commands: list[dict[str, Any]]) -> list[dict[str, Any]]:
        d = self._double
        stored = []
        for cmd in commands:
            kind = cmd.get("type", 1)
            perms = cmd.get("default_member_permissions")
            key = (guild_id, kind, cmd["name"])
            if key not in self._ids:
                self._ids[key] = d.ids.next()
            full = {
                "id": str(self._ids[key]),
                "application_id": str(d.application_id),
                "version": str(d.ids.next()),
                "type": kind,
                "name": cmd["name"],
                "description": cmd.get("description", ""),
                "options": cmd.get("options") or [],
                "default_member_permissions": None if perms is None else str(perms),
                "dm_permission": cmd.get("dm_permission", True),
                "contexts": cmd.get("contexts"),
                "integration_types": cmd.get("integration_types", [0]),
                "nsfw": cmd.get("nsfw", False),
                "name_localizations": cmd.get("name_localizations"),
                "description_localizations": cmd.get("description_localizations"),
            }
            if guild_id is not None:
                full["guild_id"] = str(guild_id)
            stored.append(full)
        if guild_id is None:
            self.global_commands = stored
        else:
            self.guild_commands[guild_id] = stored
        self.sync_count += 1
        d._changed()
        return stored


class DiscordDouble(InteractionDriver, ShardDriver):
    """A loopback Discord (REST + gateway) for discord.py. See the package docstring for the tour.

    The interaction driver (slash, autocomplete, click, select, submit_modal) lives in driver.py, the shard
    helpers (shard_of, shard_sessions, identifies, wait_for_shards) in shards.py.

    Sharding: ``recommended_shards`` is the count GET /gateway/bot advises (what ``AutoShardedClient`` uses
    when given none), ``max_concurrency`` its session_start_limit's, and ``required_shards`` the least count
    an IDENTIFY may use (fewer is closed with 4011, as Discord does to a bot in 2,500 servers or more)."""

    def __init__(
        self,
        *,
        token: str = "double-bot-token",
        ack_window: float = 3.0,
        token_ttl: float = 15 * 60.0,
        timeout: float = 5.0,
        heartbeat_interval: int = 41250,
        honour_compression: bool = False,
        allowed_intents: int | None = None,
        message_events: bool = True,
        guild_name: str = "Test Guild",
        preferred_locale: str = "en-US",
        host: str = "127.0.0.1",
        recommended_shards: int = 1,
        max_concurrency: int = 1,
        required_shards: int = 1,
    ) -> None:
        self.token = token
        self.ack_window = ack_window  # seconds an interaction may wait for its first response
        self.token_ttl = token_ttl  # seconds an interaction token stays valid for followups/edits
        self.timeout = timeout  # default for every wait_* / reply() in the driver API
        self.heartbeat_interval = heartbeat_interval
        self.honour_compression = honour_compression
        self.allowed_intents = allowed_intents  # None: every privileged intent is allowed
        self.message_events = message_events  # MESSAGE_CREATE/UPDATE/DELETE for what the bot posts
        self.host = host
        self.port: int | None = None
        self.recommended_shards = recommended_shards
        self.max_concurrency = max_concurrency
        self.required_shards = required_shards

        self.ids = Snowflakes()
        self.guild_ids = GuildIds()
        self.application_id = self.ids.next()
        self.application_flags = 0
        self.users: dict[int, User] = {}
        self.guilds: dict[int, Guild] = {}
        self.dm_channels: dict[int, Channel] = {}
        self.files: dict[int, StoredFile] = {}
        self.bot_user = self.add_user("DoubleBot", bot=True)
        self.owner_user = self.add_user("owner")
        # (user, role) pairs, role "admin", "developer" or "read_only": set, and a team (owner_user's) owns the
        # application; discord.py reads it at login (Client.application), so set it before the bot starts
        self.team: list[tuple[User, str]] = []
        self.team_id = self.ids.next()
        self.user = self.add_user("alice")  # the default invoking user
        self.guild = self.add_guild(guild_name, preferred_locale=preferred_locale)
        self.channel = self.guild.channel_named("general")

        self.commands = CommandRegistry(self)
        self.interactions: dict[int, Interaction] = {}
        self._by_token: dict[str, Interaction] = {}
        self._messages: dict[int, Message] = {}
        self._channel_messages: dict[int, list[Message]] = {}
        self._nonces: dict[str | int, Message] = {}  # the bot's latest message with each nonce
        self._channel_index: dict[int, Channel] = {}  # a cache of every guild channel, refilled on a miss
        self.sent: list[Sent] = []
        self.unexpected: list[str] = []
        self.refusals: list[tuple[str, str, Any]] = []  # (method, path, Refusal)
        self.requests: list[tuple[str, str, int]] = []
        self.request_times: list[float] = []  # time.monotonic() of each entry of `requests`
        self.nonce_hits = 0  # channel posts answered with an earlier message because of enforce_nonce
        self._faults: list[Fault] = []
        self._event = asyncio.Event()

        self.gateway = Gateway(self)
        self.rest = RestApi(self)
        self._runner: web.AppRunner | None = None

    # ------------------------------------------------------------------------------------- lifecycle
    async def __aenter__(self) -> DiscordDouble:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.stop()

    async def start(self) -> None:
        self._event = asyncio.Event()
        app = web.Application(middlewares=[self.rest.middleware], client_max_size=64 * 1024 * 1024)
        app.router.add_get("/gateway", self.gateway.handle)
        app.router.add_get("/resume", self.gateway.handle)
        self.rest.install(app)
        app.router.add_route("*", "/{tail:.*}", self.rest.unexpected)
        self._runner = web.AppRunner(app, shutdown_timeout=1.0, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, 0)
        await site.start()
        self.port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        if self._runner is not None:
            await self.gateway.close_all()
            await self._runner.cleanup()
            self._runner = None

    @property
    def http_base(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def api_base(self) -> str:
        """Value for ``discord.http.Route.BASE``."""
        return f"{self.http_base}/api/v10"

    @property
    def gateway_url(self) -> str:
        """Value for ``discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY`` (as a ``yarl.URL``)."""
        return f"ws://{self.host}:{self.port}/gateway"

    @property
    def resume_gateway_url(self) -> str:
        return f"ws://{self.host}:{self.port}/resume"

    def env(self) -> dict[str, str]:
        """Environment for a bot process: DISCORD_TOKEN, DISCORD_API_BASE, DISCORD_GATEWAY_URL."""
        return {"DISCORD_TOKEN": self.token, "DISCORD_API_BASE": self.api_base, "DISCORD_GATEWAY_URL": self.gateway_url}

    # ------------------------------------------------------------------------------------------ world
    def add_user(self, username: str, *, bot: bool = False, global_name: str | None = None,
                 dms_open: bool = True) -> User:
        """A user. ``dms_open=False`` (or setting ``user.dms_open`` later): their privacy settings refuse the
        bot's DMs, so a message posted in their DM channel gets Discord's 403 (code 50007, recorded in
        ``refusals``); the DM channel itself still opens, as on Discord."""
        user = User(self.ids.next(), username, global_name=global_name, bot=bot, dms_open=dms_open)
        self.users[user.id] = user
        return user

    def add_guild(
        self,
        name: str,
        *,
        preferred_locale: str = "en-US",
        owner: User | None = None,
        members: list[User] | None = None,
        everyone_permissions: int = Perm.MEMBER_DEFAULT,
        id: int | None = None,
    ) -> Guild:
        """A guild with #general, the owner, the bot (with a managed role) and ``members`` (default: alice).
        Add it before the bot connects (or the bot only learns of it on its next IDENTIFY). Its id is
        ``id`` or the next of ``guild_ids``, which spreads servers made in a row over the shards."""
        owner = owner or self.owner_user
        guild = Guild(self.ids, name=name, owner_id=owner.id, preferred_locale=preferred_locale,
                      everyone_permissions=everyone_permissions, id=self.guild_ids.next() if id is None else id)
        guild.add_channel("general")
        guild.add_member(owner)
        bot_role = guild.add_role(self.bot_user.username, Perm.MEMBER_DEFAULT)
        bot_role.managed = True
        guild.add_member(self.bot_user, roles=[bot_role])
        for user in members if members is not None else ([self.user] if hasattr(self, "user") else []):
            guild.add_member(user)
        self.guilds[guild.id] = guild
        return guild

    @property
    def channels(self) -> dict[int, Channel]:
        """Every channel by id (built afresh: ``find_channel`` looks one up without going over them all)."""
        out = {cid: c for g in self.guilds.values() for cid, c in g.channels.items()}
        out.update(self.dm_channels)
        return out

    def find_channel(self, channel_id: int) -> Channel | None:
        """The channel (of a guild or a DM) with this id, if it exists. Tests add and remove channels on the
        guilds directly, so the index is checked against its guild and refilled when it misses."""
        if channel_id in self.dm_channels:
            return self.dm_channels[channel_id]
        for attempt in range(2):
            channel = self._channel_index.get(channel_id)
            guild = self.guilds.get(channel.guild_id or 0) if channel is not None else None
            if guild is not None and guild.channels.get(channel_id) is channel:
                return channel
            if attempt == 0:
                self._channel_index = {cid: c for g in self.guilds.values() for cid, c in g.channels.items()}
        return None

    def dm_channel(self, user: User) -> Channel:
        for channel in self.dm_channels.values():
            if channel.recipients and channel.recipients[0] is user:
                return channel
        channel = Channel(self.ids.next(), "", type=1, recipients=[user])
        self.dm_channels[channel.id] = channel
        return channel

    def store_file(self, filename: str, data: bytes, content_type: str = "application/octet-stream",
                   description: str | None = None) -> StoredFile:
        file_id = self.ids.next()
        url = f"{self.http_base}/attachments/{file_id}/{quote(filename)}"
        stored = StoredFile(file_id, filename, data, content_type, url, description)
        self.files[file_id] = stored
        return stored

    # --------------------------------------------------------------------------------------- messages
    def messages(self, channel: Channel | int | None = None) -> list[Message]:
        """Messages (not deleted) in a channel, oldest first; all channels when ``channel`` is None.
        Ephemeral ones are included (``msg.ephemeral``)."""
        cid = channel.id if isinstance(channel, Channel) else channel
        found = self._messages.values() if cid is None else self._channel_messages.get(cid, ())
        return [m for m in found if not m.deleted]

    def message(self, message_id: int) -> Message:
        return self._messages[message_id]

    def dm_messages(self, user: User) -> list[Message]:
        """What the bot posted in its DM channel with ``user`` (not deleted), oldest first; not its replies to
        the user's commands and clicks there."""
        return [m for m in self.messages(self.dm_channel(user)) if m.author is self.bot_user and m.source == "channel"]

    def refused_dms(self, user: User) -> list[Any]:
        """The bot's posts in its DM channel with ``user`` that Discord refused (the Refusal of each)."""
        path = f"/api/v10/channels/{self.dm_channel(user).id}/messages"
        return [refusal for method, p, refusal in self.refusals if method == "POST" and p == path]

    def _message_payload(self, msg: Message) -> dict[str, Any]:
        guild = self.guilds.get(msg.guild_id) if msg.guild_id else None
        return msg.payload(self.users, guild.roles if guild else None)

    def _attachments(self, payload: dict[str, Any], files: list[UploadedFile],
                     existing: list[StoredFile] | None) -> list[StoredFile]:
        uploads = {f.index: f for f in files}
        listed = payload.get("attachments")
        if listed is None:
            new = [self.store_file(f.filename, f.data, f.content_type) for f in files]
            return [*(existing or []), *new]
        old = {a.id: a for a in existing or []}
        out = []
        for entry in listed:
            raw = entry.get("id")
            ident = int(raw) if raw is not None and str(raw).isdigit() else None
            if ident in uploads:
                up = uploads[ident]
                out.append(self.store_file(entry.get("filename") or up.filename, up.data, up.content_type,
                                           entry.get("description")))
            elif ident in old:
                out.append(old[ident])
        return out

    async def _create_message(
        self,
        channel: Channel,
        payload: dict[str, Any],
        files: list[UploadedFile],
        *,
        source: str,
        interaction: Interaction | None = None,
        author: User | None = None,
        record: bool = True,
    ) -> Message:
        msg = Message(
            id=self.ids.next(),
            channel_id=channel.id,
            guild_id=channel.guild_id,
            author=author or self.bot_user,
            content=payload.get("content") or "",
            embeds=list(payload.get("embeds") or []),
            components=list(payload.get("components") or []),
            attachments=self._attachments(payload, files, None),
            flags=payload.get("flags") or 0,
            tts=bool(payload.get("tts")),
            allowed_mentions=payload.get("allowed_mentions"),
            source=source,
            message_reference=payload.get("message_reference"),
            nonce=payload.get("nonce"),
            created_monotonic=time.monotonic(),
        )
        if interaction is not None:
            msg.interaction_id = interaction.id
            msg.webhook_id = msg.application_id = self.application_id
            if source == "interaction" and interaction.type == APPLICATION_COMMAND:
                msg.message_type = 20
            msg.interaction_metadata = {
                "id": str(interaction.id),
                "type": interaction.type,
                "user": interaction.user.payload(),
                "authorizing_integration_owners": interaction.payload.get("authorizing_integration_owners", {}),
            }
        msg.edits.append(payload)
        self._messages[msg.id] = msg
        self._channel_messages.setdefault(msg.channel_id, []).append(msg)
        if msg.nonce is not None and msg.author is self.bot_user:
            self._nonces[msg.nonce] = msg
        if record:
            kind = {"channel": "channel_message", "interaction": "callback"}.get(source, source)
            self.sent.append(Sent(kind, payload, msg.id, channel.id))
        await self._emit("MESSAGE_CREATE", msg)
        self._changed()
        return msg

    async def _edit_message(self, msg: Message, payload: dict[str, Any], files: list[UploadedFile], *,
                            kind: str, clear_loading: bool = False) -> None:
        if "content" in payload:
            msg.content = payload["content"] or ""
        if "embeds" in payload:
            msg.embeds = list(payload["embeds"] or [])
        if "components" in payload:
            msg.components = list(payload["components"] or [])
        if payload.get("flags") is not None:
            keep = Message.EPHEMERAL | Message.LOADING
            msg.flags = (msg.flags & keep) | (payload["flags"] & ~keep)
        if "allowed_mentions" in payload:
            msg.allowed_mentions = payload["allowed_mentions"]
        if "attachments" in payload or files:
            msg.attachments = self._attachments(payload, files, msg.attachments)
        if clear_loading:
            msg.flags &= ~Message.LOADING
        msg.edited_timestamp = iso_now()
        msg.edits.append(payload)
        self.sent.append(Sent(kind, payload, msg.id, msg.channel_id))
        await self._emit("MESSAGE_UPDATE", msg)
        self._changed()

    async def _delete_message(self, msg: Message) -> None:
        msg.deleted = True
        await self._emit("MESSAGE_DELETE", msg)
        self._changed()

    async def _emit(self, event: str, msg: Message) -> None:
        session = self.gateway.session_for(msg.guild_id)
        if not self.message_events or msg.ephemeral or session is None:
            return
        if not session.has_intent(INTENT_GUILD_MESSAGES if msg.guild_id else INTENT_DM_MESSAGES):
            return
        if event == "MESSAGE_DELETE":
            data: dict[str, Any] = {"id": str(msg.id), "channel_id": str(msg.channel_id)}
            if msg.guild_id:
                data["guild_id"] = str(msg.guild_id)
        else:
            data = self._message_payload(msg)
            mentioned = str(self.bot_user.id) in msg.pings["users"]
            if msg.author is not self.bot_user and not mentioned and not session.has_intent(INTENT_MESSAGE_CONTENT):
                data.update(content="", embeds=[], attachments=[], components=[])
            if msg.guild_id and msg.author.id in self.guilds[msg.guild_id].members:
                member = self.guilds[msg.guild_id].members[msg.author.id].payload()
                member.pop("user")
                data["member"] = member
        await self.gateway.dispatch(event, data)

    async def user_message(self, content: str, *, channel: Channel | None = None, user: User | None = None) -> Message:
        """A user posts ``content`` (MESSAGE_CREATE, subject to the bot's intents)."""
        channel = channel or self.channel
        return await self._create_message(channel, {"content": content}, [], source="user",
                                          author=user or self.user, record=False)

    # ------------------------------------------------------------------------------------------ waits
    def _changed(self) -> None:
        event, self._event = self._event, asyncio.Event()
        event.set()

    async def wait_until(self, predicate: Callable[[], Any], timeout: float | None = None,
                         what: Any = "condition") -> Any:
        """Check ``predicate`` on every change of the double's state (and every 20 ms, for state outside it);
        return its first truthy value, or fail with an AssertionError naming ``what`` (str or callable)."""
        timeout = self.timeout if timeout is None else timeout
        deadline = time.monotonic() + timeout
        while True:
            value = predicate()
            if value:
                return value
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                described = what() if callable(what) else what
                raise AssertionError(f"discord double: timed out after {timeout}s waiting for {described}")
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._event.wait(), min(remaining, 0.02))

    @property
    def connections(self) -> list[GatewayConnection]:
        return self.gateway.connections

    @property
    def established(self) -> list[GatewayConnection]:
        return [c for c in self.gateway.connections if c.established]

    async def wait_for_ready(self, timeout: float | None = None, *, shard: int = 0) -> GatewayConnection:
        """The bot has identified (or resumed) and has a live gateway connection (on ``shard``: see
        ``wait_for_shards`` for all of them)."""
        return await self.wait_until(
            lambda: (c := self.gateway.live_connection(shard)) is not None and c.established and c,
            timeout, "the bot to identify with the gateway" + (f" on shard {shard}" if shard else ""))

    async def wait_for_connection(self, after: int, timeout: float | None = None) -> GatewayConnection:
        """A new established connection (IDENTIFY or RESUME) beyond the first ``after`` ones."""
        def newer() -> GatewayConnection | None:
            est = self.established
            return est[-1] if len(est) > after and not est[-1].closed else None
        return await self.wait_until(newer, timeout, f"gateway connection #{after + 1} (READY or RESUMED)")

    async def wait_for_sync(self, count: int = 1, timeout: float | None = None) -> CommandRegistry:
        return await self.wait_until(lambda: self.commands.sync_count >= count and self.commands,
                                     timeout, f"{count} command sync(s)")

    # ---------------------------------------------------------------------------------------- gateway
    async def dispatch(self, event: str, data: Any) -> int:
        """Send any gateway dispatch to the bot; returns its sequence number."""
        return await self.gateway.dispatch(event, data)

    async def send_reconnect(self, *, shard: int = 0) -> None:
        """Op 7 RECONNECT: the client should reconnect to resume_gateway_url and RESUME."""
        await self.gateway.send_reconnect(shard)

    async def drop_connection(self, code: int | None = None, *, shard: int = 0) -> None:
        """Abort the socket (no close frame) or close it with ``code`` (4000 = resumable, 4004 = bad token)."""
        await self.gateway.drop(code, shard)

    async def invalidate_session(self, *, resumable: bool = False, shard: int = 0) -> None:
        await self.gateway.invalidate(resumable=resumable, shard=shard)

    # ----------------------------------------------------------------------------------------- faults
    def fail_next(self, method: str, path: str, *, status: int = 429, retry_after: float = 0.05,
                  code: int | None = None, times: int = 1, is_global: bool = False,
                  after_handling: bool = False) -> None:
        """Make the next ``times`` calls to ``method path`` (below /api/v10; ``*`` matches one segment,
        ``**`` anything) answer ``status``: 429 with retry_after, or e.g. 500/503. With
        ``after_handling`` the request is carried out first and only its answer is lost."""
        regex = re.escape(path).replace(r"\*\*", ".*").replace(r"\*", "[^/]+")
        self._faults.append(Fault(method.upper(), re.compile(f"^{regex}$"), status, retry_after, code,
                                  is_global, times, after_handling))

    def message_with_nonce(self, nonce: str | int, *, within: float) -> Message | None:
        """The bot's message created with this nonce in the last ``within`` seconds, if any."""
        msg = self._nonces.get(nonce)
        return msg if msg is not None and time.monotonic() - msg.created_monotonic <= within else None

    def log_request(self, method: str, path: str, status: int) -> None:
        self.requests.append((method, path, status))
        self.request_times.append(time.monotonic())

    def answered(self, method: str, path_end: str) -> list[tuple[int, float]]:
        """(status, time.monotonic()) of each REST call of ``method`` whose path ends with ``path_end``."""
        return [(s, t) for (m, p, s), t in zip(self.requests, self.request_times, strict=True)
                if m == method and p.endswith(path_end)]

    def _take_fault(self, method: str, path: str) -> Fault | None:
        for fault in self._faults:
            if fault.method == method and fault.pattern.match(path):
                fault.times -= 1
                if fault.times <= 0:
                    self._faults.remove(fault)
                return fault
        return None

    # ------------------------------------------------------------------------------------- assertions
    def mass_mention_violations(self, *, strict: bool = True) -> list[str]:
        """Payloads with content that can ping @everyone/@here or a role.

        strict=True: the payload must carry ``allowed_mentions`` whose ``parse`` has neither "everyone" nor
        "roles" and which lists no role ids, whatever the content says (absent allowed_mentions means
        Discord parses everything). strict=False: only payloads whose actual content would ping.
        """
        out = []
        for s in self.sent:
            content = s.payload.get("content")
            if not isinstance(content, str) or not content:
                continue
            am = s.allowed_mentions
            where = f"{s.kind} (message {s.message_id}, channel {s.channel_id}) {content[:80]!r}"
            if strict:
                if am is None:
                    out.append(f"{where}: no allowed_mentions, so Discord parses @everyone and role mentions")
                elif {"everyone", "roles"} & set(am.get("parse") or []) or am.get("roles"):
                    out.append(f"{where}: allowed_mentions {am} permits @everyone/role pings")
            else:
                pings = effective_pings(content, am)
                if pings["everyone"] or pings["roles"]:
                    out.append(f"{where}: would ping {pings}")
        return out

    def assert_no_mass_mentions(self, *, strict: bool = True) -> None:
        violations = self.mass_mention_violations(strict=strict)
        if violations:
            raise AssertionError("messages that can ping @everyone or a role:\n  " + "\n  ".join(violations))

    def assert_no_unexpected(self) -> None:
        if self.unexpected:
            raise AssertionError(f"the bot called routes the double does not implement: {self.unexpected}")
