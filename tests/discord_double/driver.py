"""The interaction half of the driver API: what a user does in Discord's client.

``slash`` / ``slash_unchecked`` / ``autocomplete`` / ``click`` / ``select`` / ``submit_modal`` build the
INTERACTION_CREATE Discord would send (typed options resolved against what the bot synced, the member
with permissions, the message a component lives on...) and return an :class:`Interaction` handle.
Mixed into :class:`DiscordDouble`.
"""

from __future__ import annotations

import time
from typing import Any

from .interactions import (
    APPLICATION_COMMAND,
    AUTOCOMPLETE,
    MESSAGE_COMPONENT,
    MODAL_SUBMIT,
    Interaction,
    OptionError,
    base_payload,
    find_command,
    modal_submit_components,
    resolve_command_options,
)
from .state import Channel, Guild, Member, Message, Perm, Role, User

_DEFAULT: Any = object()


class InteractionDriver:
    """Needs the DiscordDouble attributes it is mixed into (guild, user, commands, gateway, ...)."""

    def _default_channel(self, guild: Guild | None, user: User) -> Channel:
        if guild is None:
            return self.dm_channel(user)
        if guild is self.guild:
            return self.channel
        return next(c for c in guild.channels.values() if c.type == 0)

    def _check_visible(self, cmd: dict[str, Any], guild: Guild | None, user: User, channel: Channel) -> None:
        label = f"/{cmd['name']}"
        if guild is None:
            contexts = cmd.get("contexts")
            if cmd.get("dm_permission") is False or (contexts is not None and 1 not in contexts):
                raise PermissionError(f"{label} is not available in DMs")
            return
        contexts = cmd.get("contexts")
        if contexts is not None and 0 not in contexts:
            raise PermissionError(f"{label} is not available in guilds")
        perms = cmd.get("default_member_permissions")
        if perms is None:
            return
        needed = int(perms)
        have = guild.permissions_in(channel, user.id)
        lacking = needed == 0 or have & needed != needed  # "0": administrators only
        if lacking and guild.base_permissions(user.id) != Perm.ALL:
            raise PermissionError(f"{user.username} cannot see {label} (default_member_permissions={needed})")

    async def _send(self, it: Interaction, data: dict[str, Any], locale: str) -> Interaction:
        it.payload = base_payload(self, it, locale=locale, data=data)
        self.interactions[it.id] = it
        self._by_token[it.token] = it
        it.created = time.monotonic()
        await self.gateway.dispatch("INTERACTION_CREATE", it.payload)
        self._changed()
        return it

    def _command_data(self, name: str, options: Any, guild: Guild | None, user: User, channel: Channel,
                      focused: str | None = None, check_permissions: bool = True) -> dict[str, Any]:
        root, *path = name.split()
        cmd, cmd_guild = find_command(self, root, guild)
        if check_permissions:
            self._check_visible(cmd, guild, user, channel)
        if isinstance(options, list):
            opts, resolved = options, {}
        else:
            opts, resolved = resolve_command_options(self, cmd, path, options or {}, guild=guild, focused=focused)
        data: dict[str, Any] = {"id": cmd["id"], "name": root, "type": 1, "options": opts}
        if resolved:
            data["resolved"] = resolved
        if cmd_guild is not None:
            data["guild_id"] = str(cmd_guild)
        return data

    async def slash(
        self,
        name: str,
        options: dict[str, Any] | list[dict[str, Any]] | None = None,
        *,
        user: User | None = None,
        guild: Guild | None = _DEFAULT,
        channel: Channel | None = None,
        locale: str = "en-US",
        check_permissions: bool = True,
    ) -> Interaction:
        """Invoke a synced chat-input command (``"content reload"`` for subcommands). ``options`` maps option
        names to values (str/int/float/bool, User/Member, Channel, Role, Upload), typed by the synced
        definition; a list is sent verbatim. ``guild=None`` invokes it in the user's DM with the bot.

        Like Discord's client, refuses (PermissionError) a command the user cannot see: its
        ``default_member_permissions`` or ``contexts`` exclude them. ``check_permissions=False`` (or
        :meth:`slash_unchecked`) skips that, as when a server admin opens the command to everyone in
        Server Settings > Integrations: the bot's own checks must then hold."""
        user = user or self.user
        guild = self.guild if guild is _DEFAULT else guild
        channel = channel or self._default_channel(guild, user)
        data = self._command_data(name, options, guild, user, channel, check_permissions=check_permissions)
        it = Interaction(self, type=APPLICATION_COMMAND, label=f"/{name}", user=user, guild=guild, channel=channel)
        return await self._send(it, data, locale)

    async def slash_unchecked(self, name: str, options: dict[str, Any] | list[dict[str, Any]] | None = None,
                              **kwargs: Any) -> Interaction:
        """:meth:`slash` without the command-visibility check (permissions overridden by the server)."""
        return await self.slash(name, options, check_permissions=False, **kwargs)

    async def autocomplete(
        self,
        name: str,
        options: dict[str, Any] | None = None,
        *,
        focused: str,
        user: User | None = None,
        guild: Guild | None = _DEFAULT,
        channel: Channel | None = None,
        locale: str = "en-US",
        timeout: float | None = None,
    ) -> list[dict[str, Any]]:
        """Type 4 for option ``focused`` (its current text in ``options``, default ""); returns the choices."""
        user = user or self.user
        guild = self.guild if guild is _DEFAULT else guild
        channel = channel or self._default_channel(guild, user)
        options = dict(options or {})
        options.setdefault(focused, "")
        data = self._command_data(name, options, guild, user, channel, focused=focused)
        it = Interaction(self, type=AUTOCOMPLETE, label=f"autocomplete /{name} [{focused}]", user=user,
                         guild=guild, channel=channel)
        await self._send(it, data, locale)
        return await it.choices(timeout)

    def _component_target(self, message: Message | int, custom_id: str, kinds: tuple[int, ...]) -> tuple[Message, dict]:
        msg = message if isinstance(message, Message) else self._messages[message]
        msg = self._messages.get(msg.id, msg)
        if msg.deleted:
            raise LookupError(f"{msg!r} was deleted")
        comp = msg.component(custom_id)
        if comp is None:
            raise LookupError(f"no component {custom_id!r} on {msg!r}; it has {msg.custom_ids}")
        if comp.get("type") not in kinds:
            raise LookupError(f"component {custom_id!r} is type {comp.get('type')}, expected one of {kinds}")
        if comp.get("disabled"):
            raise PermissionError(f"component {custom_id!r} is disabled")
        return msg, comp

    async def click(self, message: Message | int, custom_id: str, *, user: User | None = None,
                    locale: str = "en-US") -> Interaction:
        """Press a button on a message the bot posted."""
        msg, _ = self._component_target(message, custom_id, (2,))
        return await self._component(msg, {"custom_id": custom_id, "component_type": 2}, user, locale,
                                     f"click {custom_id!r}")

    async def select(self, message: Message | int, custom_id: str, values: list[Any], *,
                     user: User | None = None, locale: str = "en-US") -> Interaction:
        """Choose ``values`` in a select menu (strings for string selects; User/Role/Channel objects or ids
        for the entity selects)."""
        msg, comp = self._component_target(message, custom_id, (3, 5, 6, 7, 8))
        lo, hi = comp.get("min_values", 1), comp.get("max_values", 1)
        if not lo <= len(values) <= hi:
            raise OptionError(f"select {custom_id!r} takes {lo}..{hi} values, got {len(values)}")
        data: dict[str, Any] = {"custom_id": custom_id, "component_type": comp["type"]}
        if comp["type"] == 3:
            allowed = [o["value"] for o in comp.get("options") or []]
            bad = [x for x in values if x not in allowed]
            if bad:
                raise OptionError(f"select {custom_id!r} has no options {bad}; options: {allowed}")
            data["values"] = list(values)
        else:
            resolved: dict[str, dict[str, Any]] = {}
            guild = self.guilds.get(msg.guild_id) if msg.guild_id else None
            ids = []
            for value in values:
                if isinstance(value, (User, Member)):
                    u = value.user if isinstance(value, Member) else value
                    resolved.setdefault("users", {})[str(u.id)] = u.payload()
                    if guild is not None and u.id in guild.members:
                        member = guild.members[u.id].payload()
                        member.pop("user")
                        member["permissions"] = str(guild.base_permissions(u.id))
                        resolved.setdefault("members", {})[str(u.id)] = member
                    ids.append(str(u.id))
                elif isinstance(value, Role):
                    resolved.setdefault("roles", {})[str(value.id)] = value.payload()
                    ids.append(str(value.id))
                elif isinstance(value, Channel):
                    resolved.setdefault("channels", {})[str(value.id)] = {
                        "id": str(value.id), "name": value.name, "type": value.type, "permissions": "0"}
                    ids.append(str(value.id))
                else:
                    ids.append(str(value))
            data.update(values=ids, resolved=resolved)
        return await self._component(msg, data, user, locale, f"select {custom_id!r} {values!r}")

    async def _component(self, msg: Message, data: dict[str, Any], user: User | None, locale: str,
                         label: str) -> Interaction:
        user = user or self.user
        guild = self.guilds.get(msg.guild_id) if msg.guild_id else None
        channel = self.find_channel(msg.channel_id)
        if channel is None:
            raise LookupError(f"the channel of {msg!r} no longer exists")
        it = Interaction(self, type=MESSAGE_COMPONENT, label=label, user=user, guild=guild, channel=channel,
                         message=msg)
        return await self._send(it, data, locale)

    async def submit_modal(self, custom_id: str, fields: dict[str, Any], *, user: User | None = None,
                           locale: str = "en-US") -> Interaction:
        """Submit the most recent not-yet-submitted modal with ``custom_id`` the bot opened (for ``user``).
        ``fields`` maps text input custom_ids to values (lists for selects inside labels)."""
        source = next(
            (it for it in reversed(list(self.interactions.values()))
             if it.modal_data and it.modal_data.get("custom_id") == custom_id
             and not it.modal_submitted and (user is None or it.user is user)),
            None,
        )
        if source is None:
            opened = [it.modal_data.get("custom_id") for it in self.interactions.values() if it.modal_data]
            raise LookupError(f"the bot has not opened a modal {custom_id!r}; modals opened: {opened}")
        components = modal_submit_components(source.modal_data, fields)
        source.modal_submitted = True
        it = Interaction(self, type=MODAL_SUBMIT, label=f"modal {custom_id!r}", user=user or source.user,
                         guild=source.guild, channel=source.channel, message=source.message)
        return await self._send(it, {"custom_id": custom_id, "components": components}, locale)
