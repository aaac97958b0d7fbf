"""The world the double pretends to be: users, guilds, roles, channels, members, messages, files.

Everything here is plain data plus the JSON payload builders discord.py parses. Ids are real-looking
snowflakes (timestamp in the top bits), so ``discord.utils.snowflake_time`` gives sensible answers.
"""

from __future__ import annotations

import datetime as _dt
import itertools
import re
import time
from dataclasses import dataclass, field
from typing import Any

DISCORD_EPOCH_MS = 1420070400000


class Snowflakes:
    """Monotonic snowflake generator (timestamp << 22 | worker | increment)."""

    def __init__(self) -> None:
        self._last = 0
        self._counter = itertools.count()

    def next(self) -> int:
        ms = int(time.time() * 1000) - DISCORD_EPOCH_MS
        value = (ms << 22) | (1 << 17) | (next(self._counter) & 0xFFF)
        if value <= self._last:
            value = self._last + 1
        self._last = value
        return value


def iso_now() -> str:
    return _dt.datetime.now(_dt.UTC).isoformat()


class Perm:
    """Permission bits (a subset; values from Discord's permission table)."""

    CREATE_INSTANT_INVITE = 1 << 0
    KICK_MEMBERS = 1 << 1
    BAN_MEMBERS = 1 << 2
    ADMINISTRATOR = 1 << 3
    MANAGE_CHANNELS = 1 << 4
    MANAGE_GUILD = 1 << 5
    ADD_REACTIONS = 1 << 6
    VIEW_CHANNEL = 1 << 10
    SEND_MESSAGES = 1 << 11
    MANAGE_MESSAGES = 1 << 13
    EMBED_LINKS = 1 << 14
    ATTACH_FILES = 1 << 15
    READ_MESSAGE_HISTORY = 1 << 16
    MENTION_EVERYONE = 1 << 17
    USE_EXTERNAL_EMOJIS = 1 << 18
    MANAGE_ROLES = 1 << 28
    USE_APPLICATION_COMMANDS = 1 << 31
    SEND_MESSAGES_IN_THREADS = 1 << 38
    ALL = (1 << 51) - 1

    MEMBER_DEFAULT = (
        VIEW_CHANNEL
        | SEND_MESSAGES
        | ADD_REACTIONS
        | EMBED_LINKS
        | ATTACH_FILES
        | READ_MESSAGE_HISTORY
        | USE_EXTERNAL_EMOJIS
        | USE_APPLICATION_COMMANDS
        | SEND_MESSAGES_IN_THREADS
    )


@dataclass(eq=False)
class User:
    id: int
    username: str
    global_name: str | None = None
    bot: bool = False
    # the user's privacy settings let the bot DM them (Discord refuses a DM otherwise: 403, code 50007)
    dms_open: bool = True

    @property
    def mention(self) -> str:
        return f"<@{self.id}>"

    def payload(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "username": self.username,
            "discriminator": "0",
            "global_name": self.global_name,
            "avatar": None,
            "bot": self.bot,
            "public_flags": 0,
        }


@dataclass(eq=False)
class Role:
    id: int
    name: str
    permissions: int = 0
    position: int = 0
    mentionable: bool = False
    managed: bool = False

    @property
    def mention(self) -> str:
        return f"<@&{self.id}>"

    def payload(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "name": self.name,
            "permissions": str(self.permissions),
            "position": self.position,
            "color": 0,
            "colors": {"primary_color": 0, "secondary_color": None, "tertiary_color": None},
            "hoist": False,
            "managed": self.managed,
            "mentionable": self.mentionable,
            "flags": 0,
            "icon": None,
            "unicode_emoji": None,
        }


@dataclass(eq=False)
class Overwrite:
    id: int
    type: int  # 0 role, 1 member
    allow: int = 0
    deny: int = 0

    def payload(self) -> dict[str, Any]:
        return {"id": str(self.id), "type": self.type, "allow": str(self.allow), "deny": str(self.deny)}


@dataclass(eq=False)
class Channel:
    id: int
    name: str
    type: int = 0  # 0 text, 1 DM, 2 voice, 4 category, 5 announcement, 15 forum
    guild_id: int | None = None
    position: int = 0
    topic: str | None = None
    parent_id: int | None = None
    nsfw: bool = False
    overwrites: list[Overwrite] = field(default_factory=list)
    recipients: list[User] = field(default_factory=list)  # DM channels only

    @property
    def mention(self) -> str:
        return f"<#{self.id}>"

    def set_permissions(self, target: Role | Member | User, *, allow: int = 0, deny: int = 0) -> None:
        """Add or replace a permission overwrite for a role or a member."""
        kind = 0 if isinstance(target, Role) else 1
        target_id = target.user.id if isinstance(target, Member) else target.id
        self.overwrites = [o for o in self.overwrites if o.id != target_id]
        self.overwrites.append(Overwrite(target_id, kind, allow, deny))

    def payload(self) -> dict[str, Any]:
        if self.type == 1:
            return {
                "id": str(self.id),
                "type": 1,
                "last_message_id": None,
                "flags": 0,
                "recipients": [u.payload() for u in self.recipients],
            }
        data: dict[str, Any] = {
            "id": str(self.id),
            "type": self.type,
            "name": self.name,
            "position": self.position,
            "guild_id": str(self.guild_id) if self.guild_id else None,
            "parent_id": str(self.parent_id) if self.parent_id else None,
            "permission_overwrites": [o.payload() for o in self.overwrites],
            "nsfw": self.nsfw,
            "flags": 0,
        }
        if self.type in (0, 5, 15):
            data.update(topic=self.topic, rate_limit_per_user=0, last_message_id=None)
        if self.type in (2, 13):
            data.update(bitrate=64000, user_limit=0, rtc_region=None)
        return data


@dataclass(eq=False)
class Member:
    user: User
    roles: list[int] = field(default_factory=list)
    nick: str | None = None
    joined_at: str = field(default_factory=iso_now)

    def payload(self) -> dict[str, Any]:
        return {
            "user": self.user.payload(),
            "roles": [str(r) for r in self.roles],
            "nick": self.nick,
            "avatar": None,
            "banner": None,
            "joined_at": self.joined_at,
            "premium_since": None,
            "deaf": False,
            "mute": False,
            "flags": 0,
            "pending": False,
            "communication_disabled_until": None,
        }


class Guild:
    """A guild with its @everyone role (id == guild id), channels and members."""

    def __init__(
        self,
        ids: Snowflakes,
        *,
        name: str,
        owner_id: int,
        preferred_locale: str = "en-US",
        everyone_permissions: int = Perm.MEMBER_DEFAULT,
        id: int | None = None,
    ) -> None:
        self._ids = ids
        self.id = ids.next() if id is None else id
        self.name = name
        self.owner_id = owner_id
        self.preferred_locale = preferred_locale
        self.features: list[str] = []
        self.roles: dict[int, Role] = {self.id: Role(self.id, "@everyone", everyone_permissions)}
        self.channels: dict[int, Channel] = {}
        self.members: dict[int, Member] = {}

    def __repr__(self) -> str:
        return f"<Guild {self.id} {self.name!r}>"

    @property
    def everyone(self) -> Role:
        return self.roles[self.id]

    def add_role(self, name: str, permissions: int = 0, *, mentionable: bool = False) -> Role:
        role = Role(self._ids.next(), name, permissions, position=len(self.roles), mentionable=mentionable)
        self.roles[role.id] = role
        return role

    def add_channel(
        self, name: str, *, type: int = 0, topic: str | None = None, parent: Channel | None = None
    ) -> Channel:
        channel = Channel(
            self._ids.next(),
            name,
            type=type,
            guild_id=self.id,
            position=len(self.channels),
            topic=topic,
            parent_id=parent.id if parent else None,
        )
        self.channels[channel.id] = channel
        return channel

    def add_member(self, user: User, *, roles: list[Role] | tuple[Role, ...] = (), nick: str | None = None) -> Member:
        member = Member(user, [r.id for r in roles], nick)
        self.members[user.id] = member
        return member

    def channel_named(self, name: str) -> Channel:
        for channel in self.channels.values():
            if channel.name == name:
                return channel
        raise LookupError(f"no channel named {name!r} in {self}")

    # Discord's permission algorithm (guild base, then channel overwrites).
    def base_permissions(self, user_id: int) -> int:
        if user_id == self.owner_id:
            return Perm.ALL
        member = self.members.get(user_id)
        perms = self.everyone.permissions
        for role_id in member.roles if member else []:
            role = self.roles.get(role_id)
            if role:
                perms |= role.permissions
        return Perm.ALL if perms & Perm.ADMINISTRATOR else perms

    def permissions_in(self, channel: Channel | None, user_id: int) -> int:
        perms = self.base_permissions(user_id)
        if perms == Perm.ALL or channel is None:
            return perms
        member = self.members.get(user_id)
        member_roles = set(member.roles) if member else set()
        by_id = {o.id: o for o in channel.overwrites}
        if self.id in by_id:
            perms = (perms & ~by_id[self.id].deny) | by_id[self.id].allow
        allow = deny = 0
        for o in channel.overwrites:
            if o.type == 0 and o.id in member_roles:
                allow |= o.allow
                deny |= o.deny
        perms = (perms & ~deny) | allow
        if user_id in by_id and by_id[user_id].type == 1:
            perms = (perms & ~by_id[user_id].deny) | by_id[user_id].allow
        return perms

    def payload(self, *, include_members: bool, bot_user_id: int) -> dict[str, Any]:
        members = [
            m.payload() for uid, m in self.members.items() if include_members or uid == bot_user_id
        ]
        return {
            "id": str(self.id),
            "name": self.name,
            "icon": None,
            "splash": None,
            "discovery_splash": None,
            "banner": None,
            "description": None,
            "owner_id": str(self.owner_id),
            "preferred_locale": self.preferred_locale,
            "features": list(self.features),
            "verification_level": 0,
            "default_message_notifications": 1,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "nsfw_level": 0,
            "premium_tier": 0,
            "premium_subscription_count": 0,
            "premium_progress_bar_enabled": False,
            "system_channel_id": None,
            "system_channel_flags": 0,
            "rules_channel_id": None,
            "public_updates_channel_id": None,
            "afk_channel_id": None,
            "afk_timeout": 300,
            "vanity_url_code": None,
            "application_id": None,
            "max_members": 500000,
            "max_video_channel_users": 25,
            "roles": [r.payload() for r in self.roles.values()],
            "emojis": [],
            "stickers": [],
            "joined_at": iso_now(),
            "large": False,
            "unavailable": False,
            "lazy": True,
            "member_count": len(self.members),
            "members": members,
            "channels": [c.payload() for c in self.channels.values()],
            "threads": [],
            "presences": [],
            "voice_states": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
        }


@dataclass(eq=False)
class StoredFile:
    """A file the double serves from its fake CDN (bot uploads and test-provided attachments)."""

    id: int
    filename: str
    data: bytes
    content_type: str
    url: str
    description: str | None = None

    def attachment_payload(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": str(self.id),
            "filename": self.filename,
            "size": len(self.data),
            "url": self.url,
            "proxy_url": self.url,
            "content_type": self.content_type,
        }
        if self.description is not None:
            data["description"] = self.description
        return data


@dataclass
class Upload:
    """A file a test attaches to a slash command option of type ATTACHMENT."""

    filename: str
    data: bytes
    content_type: str = "application/octet-stream"


_USER_MENTION = re.compile(r"<@!?(\d+)>")
_ROLE_MENTION = re.compile(r"<@&(\d+)>")


def effective_pings(content: str | None, allowed_mentions: dict[str, Any] | None) -> dict[str, Any]:
    """What a message would ping under Discord's rules.

    ``allowed_mentions`` absent (None) means Discord parses every mention in the content.
    """
    content = content or ""
    if allowed_mentions is None:
        parse: set[str] = {"everyone", "roles", "users"}
        users_allowed: set[str] = set()
        roles_allowed: set[str] = set()
    else:
        parse = set(allowed_mentions.get("parse") or [])
        users_allowed = {str(u) for u in allowed_mentions.get("users") or []}
        roles_allowed = {str(r) for r in allowed_mentions.get("roles") or []}
    everyone = ("@everyone" in content or "@here" in content) and "everyone" in parse
    roles = [r for r in _ROLE_MENTION.findall(content) if "roles" in parse or r in roles_allowed]
    users = [u for u in _USER_MENTION.findall(content) if "users" in parse or u in users_allowed]
    return {"everyone": everyone, "roles": roles, "users": users}


@dataclass(eq=False)
class Message:
    """A message as the double stores it. ``payload()`` is what Discord would return for it."""

    id: int
    channel_id: int
    guild_id: int | None
    author: User
    content: str = ""
    embeds: list[dict[str, Any]] = field(default_factory=list)
    components: list[dict[str, Any]] = field(default_factory=list)
    attachments: list[StoredFile] = field(default_factory=list)
    flags: int = 0
    tts: bool = False
    allowed_mentions: dict[str, Any] | None = None
    source: str = "channel"  # channel | interaction | followup | user
    interaction_id: int | None = None
    application_id: int | None = None
    webhook_id: int | None = None
    message_type: int = 0
    timestamp: str = field(default_factory=iso_now)
    edited_timestamp: str | None = None
    deleted: bool = False
    interaction_metadata: dict[str, Any] | None = None
    message_reference: dict[str, Any] | None = None
    edits: list[dict[str, Any]] = field(default_factory=list)  # every payload that touched it, first = create
    nonce: str | int | None = None
    created_monotonic: float = 0.0

    EPHEMERAL = 1 << 6
    LOADING = 1 << 7

    def __repr__(self) -> str:
        return f"<Message {self.id} in {self.channel_id} by {self.author.username}: {self.content[:40]!r}>"

    @property
    def ephemeral(self) -> bool:
        return bool(self.flags & self.EPHEMERAL)

    @property
    def loading(self) -> bool:
        return bool(self.flags & self.LOADING)

    @property
    def pings(self) -> dict[str, Any]:
        return effective_pings(self.content, self.allowed_mentions)

    def walk_components(self) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = []

        def walk(items: list[dict[str, Any]]) -> None:
            for c in items:
                out.append(c)
                walk(c.get("components") or [])
                for key in ("accessory", "component"):
                    if isinstance(c.get(key), dict):
                        walk([c[key]])

        walk(self.components)
        return out

    def component(self, custom_id: str) -> dict[str, Any] | None:
        return next((c for c in self.walk_components() if c.get("custom_id") == custom_id), None)

    @property
    def custom_ids(self) -> list[str]:
        return [c["custom_id"] for c in self.walk_components() if c.get("custom_id")]

    def embed_text(self) -> str:
        """All human-visible embed text joined (handy for assertions)."""
        parts: list[str] = []
        for e in self.embeds:
            parts += [e.get("title") or "", e.get("description") or ""]
            for f in e.get("fields") or []:
                parts += [f.get("name") or "", f.get("value") or ""]
            parts.append((e.get("footer") or {}).get("text") or "")
            parts.append((e.get("author") or {}).get("name") or "")
        return "\n".join(p for p in parts if p)

    def payload(self, users: dict[int, User] | None = None, roles: dict[int, Role] | None = None) -> dict[str, Any]:
        pings = self.pings
        users = users or {}
        roles = roles or {}
        data: dict[str, Any] = {
            "id": str(self.id),
            "channel_id": str(self.channel_id),
            "author": self.author.payload(),
            "content": self.content,
            "timestamp": self.timestamp,
            "edited_timestamp": self.edited_timestamp,
            "tts": self.tts,
            "mention_everyone": pings["everyone"],
            "mentions": [users[int(u)].payload() for u in pings["users"] if int(u) in users],
            "mention_roles": [r for r in pings["roles"] if int(r) in roles],
            "attachments": [f.attachment_payload() for f in self.attachments],
            "embeds": self.embeds,
            "components": self.components,
            "pinned": False,
            "type": self.message_type,
            "flags": self.flags,
        }
        if self.guild_id is not None:
            data["guild_id"] = str(self.guild_id)
        if self.webhook_id is not None:
            data["webhook_id"] = str(self.webhook_id)
        if self.application_id is not None:
            data["application_id"] = str(self.application_id)
        if self.interaction_metadata is not None:
            data["interaction_metadata"] = self.interaction_metadata
        if self.message_reference is not None:
            data["message_reference"] = self.message_reference
        if self.nonce is not None:
            data["nonce"] = self.nonce
        return data
