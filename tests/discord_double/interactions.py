"""Interactions the double sends to the bot (INTERACTION_CREATE) and what the bot answered.

A test gets an :class:`Interaction` handle back from ``double.slash/click/select/submit_modal`` and
awaits what it needs: ``reply()`` (the first acknowledgement), ``response_message()`` (the message
the user ends up seeing), ``followups()``, ``modal()``. Every wait has a timeout and fails with an
AssertionError that says what the bot did instead (rejected callbacks, unexpected routes...).
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .state import Channel, Guild, Member, Message, Role, Upload, User

if TYPE_CHECKING:
    from .double import DiscordDouble

APPLICATION_COMMAND, MESSAGE_COMPONENT, AUTOCOMPLETE, MODAL_SUBMIT = 2, 3, 4, 5

# callback types
PONG, CHANNEL_MESSAGE, DEFERRED_CHANNEL_MESSAGE, DEFERRED_UPDATE, UPDATE_MESSAGE = 1, 4, 5, 6, 7
AUTOCOMPLETE_RESULT, MODAL = 8, 9
CALLBACK_NAMES = {
    1: "PONG", 4: "CHANNEL_MESSAGE_WITH_SOURCE", 5: "DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE",
    6: "DEFERRED_UPDATE_MESSAGE", 7: "UPDATE_MESSAGE", 8: "APPLICATION_COMMAND_AUTOCOMPLETE_RESULT",
    9: "MODAL", 10: "PREMIUM_REQUIRED", 12: "LAUNCH_ACTIVITY",
}
ALLOWED_CALLBACKS = {
    APPLICATION_COMMAND: {4, 5, 9},
    MESSAGE_COMPONENT: {4, 5, 6, 7, 9},
    AUTOCOMPLETE: {8},
    MODAL_SUBMIT: {4, 5, 6, 7},
}


@dataclass
class Callback:
    """One POST to /interactions/{id}/{token}/callback, accepted or refused."""

    type: int | None
    data: dict[str, Any] | None
    status: int
    error: dict[str, Any] | None = None
    at: float = field(default_factory=time.monotonic)

    @property
    def accepted(self) -> bool:
        return self.status < 300

    @property
    def type_name(self) -> str:
        return CALLBACK_NAMES.get(self.type or 0, str(self.type))

    @property
    def content(self) -> str | None:
        return (self.data or {}).get("content")

    @property
    def embeds(self) -> list[dict[str, Any]]:
        return (self.data or {}).get("embeds") or []

    @property
    def components(self) -> list[dict[str, Any]]:
        return (self.data or {}).get("components") or []

    @property
    def ephemeral(self) -> bool:
        return bool(((self.data or {}).get("flags") or 0) & Message.EPHEMERAL)

    @property
    def choices(self) -> list[dict[str, Any]]:
        return (self.data or {}).get("choices") or []

    def __repr__(self) -> str:
        if self.accepted:
            return f"<Callback {self.type_name} {self.data!r}>"
        return f"<Callback {self.type_name} REFUSED {self.status} {self.error!r}>"


class Interaction:
    """An interaction the double created, and everything the bot did with it."""

    def __init__(
        self,
        double: DiscordDouble,
        *,
        type: int,
        label: str,
        user: User,
        guild: Guild | None,
        channel: Channel,
        message: Message | None = None,
    ) -> None:
        self.double = double
        self.id = double.ids.next()
        self.token = f"itoken-{self.id}-{double.ids.next()}"
        self.type = type
        self.label = label
        self.user = user
        self.guild = guild
        self.channel = channel
        self.message = message  # the message a component lives on
        self.payload: dict[str, Any] = {}
        self.created = time.monotonic()
        self.callbacks: list[Callback] = []
        self.original_message_id: int | None = None
        self.followup_ids: list[int] = []
        self.modal_data: dict[str, Any] | None = None
        self.modal_submitted = False
        self._edits_at_ack = 0  # edits the component message had when a DEFERRED_UPDATE arrived
        self._acknowledged = asyncio.Event()  # `reply` waits on this alone, not on every change of the double

    def __repr__(self) -> str:
        return f"<Interaction {self.id} {self.label}>"

    # ------------------------------------------------------------------------------------------- state
    @property
    def ack(self) -> Callback | None:
        return next((c for c in self.callbacks if c.accepted), None)

    def record(self, callback: Callback) -> None:
        self.callbacks.append(callback)
        if callback.accepted:
            self._acknowledged.set()

    @property
    def refused(self) -> list[Callback]:
        return [c for c in self.callbacks if not c.accepted]

    @property
    def age(self) -> float:
        return time.monotonic() - self.created

    @property
    def original(self) -> Message | None:
        return self.double._messages.get(self.original_message_id) if self.original_message_id else None

    def describe(self) -> str:
        parts = [f"{self.label} (interaction {self.id}, {self.age:.2f}s old)"]
        parts.append(f"callbacks: {self.callbacks!r}" if self.callbacks else "no callback received")
        if self.followup_ids:
            parts.append(f"followups: {[self.double._messages[i] for i in self.followup_ids]!r}")
        if self.double.unexpected:
            parts.append(f"unexpected routes: {self.double.unexpected!r}")
        if self.double.refusals:
            parts.append(f"last refusal: {self.double.refusals[-1]!r}")
        return "; ".join(parts)

    # ------------------------------------------------------------------------------------------- waits
    async def reply(self, timeout: float | None = None) -> Callback:
        """The accepted acknowledgement (type + data); fails if none arrives in time."""
        timeout = self.double.timeout if timeout is None else timeout
        try:
            async with asyncio.timeout(timeout):
                await self._acknowledged.wait()
        except TimeoutError:
            raise AssertionError(f"discord double: timed out after {timeout}s waiting for a response to "
                                 f"{self.describe()}") from None
        return self.ack

    async def response_message(self, timeout: float | None = None) -> Message:
        """The message the user sees as the answer: the reply itself (type 4), the deferred message once it
        has been edited or replaced by the first followup (type 5), or the updated message (types 6/7 after
        the bot edited it)."""

        def ready() -> Message | None:
            ack = self.ack
            msg = self.original
            if ack is None or msg is None:
                return None
            if ack.type == CHANNEL_MESSAGE:
                return msg
            if ack.type == DEFERRED_CHANNEL_MESSAGE:
                return None if msg.loading else msg
            if ack.type == UPDATE_MESSAGE:
                return msg
            if ack.type == DEFERRED_UPDATE:
                return msg if len(msg.edits) > self._edits_at_ack else None
            return None

        return await self.double.wait_until(ready, timeout, lambda: f"the response message of {self.describe()}")

    async def followups(self, count: int = 1, timeout: float | None = None) -> list[Message]:
        """Wait until at least ``count`` followup messages exist; returns all of them."""

        def enough() -> list[Message] | None:
            if len(self.followup_ids) >= count:
                return [self.double._messages[i] for i in self.followup_ids]
            return None

        return await self.double.wait_until(enough, timeout, lambda: f"{count} followup(s) to {self.describe()}")

    async def modal(self, timeout: float | None = None) -> dict[str, Any]:
        """The modal the bot opened (callback type 9 data)."""
        ack = await self.reply(timeout)
        if ack.type != MODAL:
            raise AssertionError(f"expected a MODAL response to {self.label}, got {ack!r}")
        return ack.data or {}

    async def choices(self, timeout: float | None = None) -> list[dict[str, Any]]:
        ack = await self.reply(timeout)
        if ack.type != AUTOCOMPLETE_RESULT:
            raise AssertionError(f"expected an AUTOCOMPLETE_RESULT to {self.label}, got {ack!r}")
        return ack.choices


# ----------------------------------------------------------------------------------------- payloads
def member_payload(guild: Guild, user: User, channel: Channel | None) -> dict[str, Any]:
    member = guild.members.get(user.id) or Member(user)
    data = member.payload()
    data["permissions"] = str(guild.permissions_in(channel, user.id))
    return data


def channel_payload(double: DiscordDouble, guild: Guild | None, channel: Channel, user: User) -> dict[str, Any]:
    data = channel.payload()
    if guild is not None:
        data["permissions"] = str(guild.permissions_in(channel, user.id))
    return data


def base_payload(double: DiscordDouble, it: Interaction, *, locale: str, data: dict[str, Any]) -> dict[str, Any]:
    guild, channel, user = it.guild, it.channel, it.user
    payload: dict[str, Any] = {
        "id": str(it.id),
        "application_id": str(double.application_id),
        "type": it.type,
        "data": data,
        "channel_id": str(channel.id),
        "channel": channel_payload(double, guild, channel, user),
        "token": it.token,
        "version": 1,
        "locale": locale,
        "entitlements": [],
        "entitlement_sku_ids": [],
        "attachment_size_limit": 10 * 1024 * 1024,
    }
    if guild is not None:
        payload.update(
            guild_id=str(guild.id),
            guild={"id": str(guild.id), "locale": guild.preferred_locale, "features": list(guild.features)},
            guild_locale=guild.preferred_locale,
            member=member_payload(guild, user, channel),
            app_permissions=str(guild.permissions_in(channel, double.bot_user.id)),
            authorizing_integration_owners={"0": str(guild.id)},
            context=0,
        )
    else:
        payload.update(
            user=user.payload(),
            app_permissions=str(DM_APP_PERMISSIONS),
            authorizing_integration_owners={"0": "0"},
            context=1,
        )
    if it.message is not None:
        payload["message"] = double._message_payload(it.message)
    return payload


DM_APP_PERMISSIONS = (1 << 10) | (1 << 11) | (1 << 14) | (1 << 15) | (1 << 16)


class OptionError(ValueError):
    """The test asked for options Discord's client would never send for the synced command."""


def find_command(
    double: DiscordDouble, name: str, guild: Guild | None, kind: int = 1
) -> tuple[dict[str, Any], int | None]:
    """Look the command up the way Discord does: guild commands first, then global ones."""
    registry = double.commands
    if guild is not None:
        for cmd in registry.guild_commands.get(guild.id, []):
            if cmd["name"] == name and cmd.get("type", 1) == kind:
                return cmd, guild.id
    for cmd in registry.global_commands:
        if cmd["name"] == name and cmd.get("type", 1) == kind:
            return cmd, None
    known = registry.names(guild.id if guild else None)
    raise LookupError(f"command {name!r} (type {kind}) was not synced by the bot; synced: {known}")


def resolve_command_options(
    double: DiscordDouble,
    command: dict[str, Any],
    path: list[str],
    options: dict[str, Any],
    *,
    guild: Guild | None,
    focused: str | None = None,
) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Turn ``{"topic": "x"}`` into typed interaction options (+ ``resolved``), following the synced
    definition. ``path`` is the subcommand path below the root (e.g. ``["reload"]`` for "content reload")."""
    resolved: dict[str, dict[str, Any]] = {}
    defs = command.get("options") or []
    chain: list[dict[str, Any]] = []
    for part in path:
        sub = next((o for o in defs if o["name"] == part and o["type"] in (1, 2)), None)
        if sub is None:
            raise OptionError(f"/{command['name']} has no subcommand {part!r}; it has "
                              f"{[o['name'] for o in defs if o['type'] in (1, 2)]}")
        chain.append(sub)
        defs = sub.get("options") or []
    if any(o["type"] in (1, 2) for o in defs):
        raise OptionError(f"/{' '.join([command['name'], *path])} needs a subcommand: "
                          f"{[o['name'] for o in defs]}")
    by_name = {o["name"]: o for o in defs}
    for name in options:
        if name not in by_name:
            raise OptionError(f"/{' '.join([command['name'], *path])} has no option {name!r}; it has {list(by_name)}")
    leaf: list[dict[str, Any]] = []
    for opt in defs:
        name = opt["name"]
        if name not in options:
            if opt.get("required") and focused is None:
                raise OptionError(f"required option {name!r} missing for /{command['name']}")
            continue
        value = options[name]
        entry: dict[str, Any] = {"name": name, "type": opt["type"]}
        if name == focused:
            entry.update(value=str(value), focused=True)
        else:
            entry["value"] = _convert(double, opt, value, resolved, guild)
        leaf.append(entry)
    result = leaf
    for sub in reversed(chain):
        result = [{"name": sub["name"], "type": sub["type"], "options": result}]
    return result, resolved


def _convert(double: DiscordDouble, opt: dict[str, Any], value: Any, resolved: dict[str, dict[str, Any]],
             guild: Guild | None) -> Any:
    kind, name = opt["type"], opt["name"]
    if kind == 3:
        if not isinstance(value, str):
            raise OptionError(f"option {name!r} is a string option; got {value!r}")
        if opt.get("min_length") is not None and len(value) < opt["min_length"]:
            raise OptionError(f"option {name!r} shorter than min_length {opt['min_length']}")
        if opt.get("max_length") is not None and len(value) > opt["max_length"]:
            raise OptionError(f"option {name!r} longer than max_length {opt['max_length']}")
    elif kind == 4:
        if isinstance(value, bool) or not isinstance(value, int):
            raise OptionError(f"option {name!r} is an integer option; got {value!r}")
    elif kind == 10:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise OptionError(f"option {name!r} is a number option; got {value!r}")
    elif kind == 5:
        if not isinstance(value, bool):
            raise OptionError(f"option {name!r} is a boolean option; got {value!r}")
    elif kind in (6, 9) and isinstance(value, (User, Member)):
        user = value.user if isinstance(value, Member) else value
        resolved.setdefault("users", {})[str(user.id)] = user.payload()
        if guild is not None and user.id in guild.members:
            member = guild.members[user.id].payload()
            member.pop("user")
            member["permissions"] = str(guild.base_permissions(user.id))
            resolved.setdefault("members", {})[str(user.id)] = member
        return str(user.id)
    elif kind in (8, 9) and isinstance(value, Role):
        resolved.setdefault("roles", {})[str(value.id)] = value.payload()
        return str(value.id)
    elif kind == 7 and isinstance(value, Channel):
        data = {"id": str(value.id), "name": value.name, "type": value.type,
                "permissions": str(guild.permissions_in(value, double.bot_user.id) if guild else 0)}
        if value.parent_id:
            data["parent_id"] = str(value.parent_id)
        resolved.setdefault("channels", {})[str(value.id)] = data
        return str(value.id)
    elif kind == 11 and isinstance(value, Upload):
        stored = double.store_file(value.filename, value.data, value.content_type)
        resolved.setdefault("attachments", {})[str(stored.id)] = stored.attachment_payload()
        return str(stored.id)
    elif kind in (6, 7, 8, 9, 11):
        raise OptionError(f"option {name!r} (type {kind}) needs a User/Member, Channel, Role or Upload; got {value!r}")
    else:
        raise OptionError(f"option {name!r} has unsupported type {kind}")
    choices = opt.get("choices")
    if choices and value not in [c["value"] for c in choices]:
        raise OptionError(f"option {name!r} must be one of {[c['value'] for c in choices]}; got {value!r}")
    if kind in (4, 10):
        if opt.get("min_value") is not None and value < opt["min_value"]:
            raise OptionError(f"option {name!r} below min_value {opt['min_value']}")
        if opt.get("max_value") is not None and value > opt["max_value"]:
            raise OptionError(f"option {name!r} above max_value {opt['max_value']}")
    return value


def modal_submit_components(modal: dict[str, Any] | None, fields: dict[str, Any]) -> list[dict[str, Any]]:
    """Mirror the modal's structure (action rows or labels) with the submitted values."""

    def answer(component: dict[str, Any]) -> dict[str, Any] | None:
        cid = component.get("custom_id")
        kind = component.get("type")
        if kind == 4:
            return {"type": 4, "custom_id": cid, "value": str(fields.get(cid, ""))}
        if kind in (3, 5, 6, 7, 8):
            value = fields.get(cid, [])
            return {"type": kind, "custom_id": cid, "values": list(value if isinstance(value, list) else [value])}
        return None

    if modal is None:
        return [{"type": 1, "components": [{"type": 4, "custom_id": k, "value": str(v)}]} for k, v in fields.items()]
    known: set[str] = set()
    out: list[dict[str, Any]] = []
    for top in modal.get("components") or []:
        if top.get("type") == 1:
            inner = [a for a in (answer(c) for c in top.get("components") or []) if a]
            known.update(a["custom_id"] for a in inner)
            out.append({"type": 1, "components": inner})
        elif top.get("type") == 18 and isinstance(top.get("component"), dict):
            a = answer(top["component"])
            if a:
                known.add(a["custom_id"])
                out.append({"type": 18, "id": top.get("id", 0), "component": a})
    unknown = set(fields) - known
    if unknown:
        raise OptionError(f"modal {modal.get('custom_id')!r} has no inputs {sorted(unknown)}; it has {sorted(known)}")
    for top in modal.get("components") or []:
        for c in ([top.get("component")] if top.get("type") == 18 else top.get("components") or []):
            required = isinstance(c, dict) and c.get("type") == 4 and c.get("required", True)
            if required and not fields.get(c["custom_id"]):
                raise OptionError(f"modal input {c['custom_id']!r} is required")
    return out
