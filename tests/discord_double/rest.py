"""The REST half of the double: the /api/v10 routes a bot built on discord.py 2.7 uses, plus a CDN.

Every JSON response carries ``Content-Type: application/json`` exactly: discord.py's ``json_or_text``
compares the header verbatim and would otherwise hand the bot a ``str``.
"""

from __future__ import annotations

import json
import mimetypes
import re
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from aiohttp import web

from . import multipart
from . import validation as v
from .interactions import (
    ALLOWED_CALLBACKS,
    AUTOCOMPLETE_RESULT,
    CHANNEL_MESSAGE,
    DEFERRED_CHANNEL_MESSAGE,
    DEFERRED_UPDATE,
    MODAL,
    UPDATE_MESSAGE,
    Callback,
    Interaction,
)
from .state import Message, Perm

if TYPE_CHECKING:
    from .double import DiscordDouble

API = "/api/v10"


def json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    base = {
        "Content-Type": "application/json",
        "X-RateLimit-Limit": "50",
        "X-RateLimit-Remaining": "49",
        "X-RateLimit-Reset": f"{time.time() + 1:.3f}",
        "X-RateLimit-Reset-After": "1.000",
    }
    base.update(headers or {})
    return web.Response(body=json.dumps(data).encode(), status=status, headers=base)


def no_content() -> web.Response:
    return web.Response(status=204)


class Refusal(Exception):
    """Raised inside handlers; becomes Discord's error JSON."""

    def __init__(self, status: int, code: int, message: str, errors: v.FormErrors | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.errors = status, code, message, errors

    def body(self) -> dict[str, Any]:
        data: dict[str, Any] = {"message": self.message, "code": self.code}
        if self.errors:
            data["errors"] = self.errors.tree
        return data

    def __repr__(self) -> str:
        detail = f" {self.errors!r}" if self.errors else ""
        return f"{self.status}/{self.code} {self.message}{detail}"


def invalid_form(errs: v.FormErrors) -> Refusal:
    return Refusal(400, 50035, "Invalid Form Body", errs)


@dataclass
class UploadedFile:
    index: int
    filename: str
    data: bytes
    content_type: str


@dataclass
class Fault:
    method: str
    pattern: re.Pattern[str]
    status: int
    retry_after: float
    code: int | None
    is_global: bool
    times: int
    after_handling: bool = False  # the request is carried out, then the fault is answered (a lost response)


async def read_body(request: web.Request) -> tuple[Any, list[UploadedFile]]:
    """JSON body, or multipart/form-data with ``payload_json`` and ``files[n]`` parts."""
    if request.content_type == "multipart/form-data":
        payload: Any = {}
        files: list[UploadedFile] = []
        try:
            found = multipart.parts(await request.read(), multipart.boundary_of(request.headers["Content-Type"]))
        except multipart.BadMultipart as exc:
            raise Refusal(400, 50109, f"The request body is not valid multipart/form-data: {exc}.") from exc
        for params, data in found:
            name = params.get("name", "")
            if name == "payload_json":
                try:
                    payload = json.loads(data)
                except json.JSONDecodeError as exc:
                    raise Refusal(400, 50109, "The request body contains invalid JSON.") from exc
            elif name.startswith("files["):
                filename = params.get("filename") or f"file{len(files)}"
                ctype = mimetypes.guess_type(filename)[0] or "application/octet-stream"
                files.append(UploadedFile(int(name[6:-1]), filename, data, ctype))
        return payload, files
    text = await request.text()
    if not text:
        return None, []
    try:
        return json.loads(text), []
    except json.JSONDecodeError as exc:
        raise Refusal(400, 50109, "The request body contains invalid JSON.") from exc


NONCE_WINDOW = 300.0  # seconds: "the past few minutes"


def is_empty_message(payload: dict[str, Any], files: list[UploadedFile]) -> bool:
    return not (
        payload.get("content")
        or payload.get("embeds")
        or files
        or payload.get("attachments")
        or payload.get("components")
        or payload.get("sticker_ids")
        or payload.get("poll")
    )


class RestApi:
    def __init__(self, double: DiscordDouble) -> None:
        self.double = double

    def install(self, app: web.Application) -> None:
        r = app.router
        r.add_get(f"{API}/users/@me", self.get_me)
        r.add_get(f"{API}/users/{{user_id:\\d+}}", self.get_user)
        r.add_post(f"{API}/users/@me/channels", self.create_dm)
        r.add_get(f"{API}/oauth2/applications/@me", self.get_application)
        r.add_get(f"{API}/applications/@me", self.get_application)
        r.add_get(f"{API}/gateway", self.get_gateway)
        r.add_get(f"{API}/gateway/bot", self.get_gateway_bot)
        r.add_get(f"{API}/applications/{{app_id}}/commands", self.list_commands)
        r.add_put(f"{API}/applications/{{app_id}}/commands", self.put_commands)
        r.add_post(f"{API}/applications/{{app_id}}/commands", self.upsert_command)
        r.add_get(f"{API}/applications/{{app_id}}/guilds/{{guild_id}}/commands", self.list_commands)
        r.add_put(f"{API}/applications/{{app_id}}/guilds/{{guild_id}}/commands", self.put_commands)
        r.add_post(f"{API}/applications/{{app_id}}/guilds/{{guild_id}}/commands", self.upsert_command)
        r.add_post(f"{API}/interactions/{{iid}}/{{token}}/callback", self.interaction_callback)
        r.add_post(f"{API}/webhooks/{{app_id}}/{{token}}", self.followup)
        wh_msg = f"{API}/webhooks/{{app_id}}/{{token}}/messages/{{message_id}}"
        r.add_get(wh_msg, self.webhook_message)
        r.add_patch(wh_msg, self.webhook_message)
        r.add_delete(wh_msg, self.webhook_message)
        r.add_get(f"{API}/channels/{{channel_id:\\d+}}", self.get_channel)
        r.add_get(f"{API}/channels/{{channel_id:\\d+}}/messages", self.channel_history)
        r.add_post(f"{API}/channels/{{channel_id:\\d+}}/messages", self.create_channel_message)
        ch_msg = f"{API}/channels/{{channel_id:\\d+}}/messages/{{message_id:\\d+}}"
        r.add_get(ch_msg, self.channel_message)
        r.add_patch(ch_msg, self.channel_message)
        r.add_delete(ch_msg, self.channel_message)
        r.add_get(f"{API}/guilds/{{guild_id:\\d+}}", self.get_guild)
        r.add_get(f"{API}/guilds/{{guild_id:\\d+}}/members/{{user_id:\\d+}}", self.get_member)
        r.add_get("/attachments/{file_id:\\d+}/{filename}", self.cdn)

    # ----------------------------------------------------------------------------------- middleware
    @web.middleware
    async def middleware(self, request: web.Request, handler: Any) -> web.StreamResponse:
        double = self.double
        if not request.path.startswith(API):
            return await handler(request)
        fault = double._take_fault(request.method, request.path[len(API):])
        if fault is not None and not fault.after_handling:
            double.log_request(request.method, request.path, fault.status)
            return self._fault_response(fault)
        needs_auth = not request.path.startswith((f"{API}/webhooks/", f"{API}/interactions/"))
        if needs_auth and request.headers.get("Authorization") != f"Bot {double.token}":
            double.log_request(request.method, request.path, 401)
            return json_response({"message": "401: Unauthorized", "code": 0}, 401)
        try:
            response = await handler(request)
        except Refusal as refusal:
            double.refusals.append((request.method, request.path, refusal))
            response = json_response(refusal.body(), refusal.status)
        double.log_request(request.method, request.path, response.status)
        double._changed()
        if fault is not None:  # done, but the caller never hears of it
            double.log_request(request.method, request.path, fault.status)
            return self._fault_response(fault)
        return response

    def _fault_response(self, fault: Fault) -> web.Response:
        if fault.status == 429:
            body = {"message": "You are being rate limited.", "retry_after": fault.retry_after,
                    "global": fault.is_global}
            if fault.code is not None:
                body["code"] = fault.code
            headers = {
                "Retry-After": f"{fault.retry_after:.3f}",
                "X-RateLimit-Remaining": "0",
                "X-RateLimit-Scope": "global" if fault.is_global else "user",
                "Via": "1.1 google",  # discord.py treats a 429 without Via as a Cloudflare ban
            }
            if fault.is_global:
                headers["X-RateLimit-Global"] = "true"
            return json_response(body, 429, headers)
        code = fault.code if fault.code is not None else 0
        return json_response({"message": f"{fault.status}: injected fault", "code": code}, fault.status)

    async def unexpected(self, request: web.Request) -> web.Response:
        body = await request.text()
        entry = f"{request.method} {request.path_qs}"
        self.double.unexpected.append(entry + (f" body={body[:200]!r}" if body else ""))
        self.double._changed()
        return json_response({"message": f"404: Not Found (the double does not implement {entry})", "code": 0}, 404)

    # -------------------------------------------------------------------------------------- identity
    async def get_me(self, request: web.Request) -> web.Response:
        user = self.double.bot_user.payload()
        user.update(verified=True, mfa_enabled=False, flags=0, locale="en-US", email=None)
        return json_response(user)

    async def get_user(self, request: web.Request) -> web.Response:
        user = self.double.users.get(int(request.match_info["user_id"]))
        if user is None:
            raise Refusal(404, 10013, "Unknown User")
        return json_response(user.payload())

    async def create_dm(self, request: web.Request) -> web.Response:
        body, _ = await read_body(request)
        user = self.double.users.get(int((body or {}).get("recipient_id", 0)))
        if user is None:
            raise Refusal(404, 10013, "Unknown User")
        return json_response(self.double.dm_channel(user).payload())

    async def get_application(self, request: web.Request) -> web.Response:
        d = self.double
        owner, team = d.owner_user.payload(), None
        if d.team:  # Discord then reports a pseudo-user for the team as the owner, and the team
            owner = {**owner, "id": str(d.team_id), "username": f"team{d.team_id}", "public_flags": 1024}
            team = {"id": str(d.team_id), "name": "double team", "icon": None,
                    "owner_user_id": str(d.owner_user.id),
                    "members": [{"membership_state": 2, "team_id": str(d.team_id), "user": user.payload(),
                                 "role": role, "permissions": ["*"]} for user, role in d.team]}
        return json_response({
            "id": str(d.application_id),
            "name": d.bot_user.username,
            "icon": None,
            "description": "discord double application",
            "summary": "",
            "type": None,
            "bot_public": True,
            "bot_require_code_grant": False,
            "verify_key": "00" * 32,
            "owner": owner,
            "team": team,
            "flags": d.application_flags,
            "bot": d.bot_user.payload(),
            "interactions_endpoint_url": None,
            "redirect_uris": [],
            "tags": [],
            "approximate_guild_count": len(d.guilds),
            "integration_types_config": {"0": {}},
        })

    async def get_gateway(self, request: web.Request) -> web.Response:
        return json_response({"url": self.double.gateway_url})

    async def get_gateway_bot(self, request: web.Request) -> web.Response:
        d = self.double
        return json_response({
            "url": d.gateway_url,
            "shards": d.recommended_shards,
            "session_start_limit": {"total": 1000, "remaining": max(0, 1000 - d.gateway.identify_count),
                                    "reset_after": 86400000, "max_concurrency": d.max_concurrency},
        })

    # -------------------------------------------------------------------------------------- commands
    def _check_app(self, request: web.Request) -> int | None:
        if request.match_info["app_id"] != str(self.double.application_id):
            raise Refusal(403, 50001, "Missing Access")
        guild_id = request.match_info.get("guild_id")
        if guild_id is None:
            return None
        if int(guild_id) not in self.double.guilds:
            raise Refusal(403, 50001, "Missing Access")
        return int(guild_id)

    async def list_commands(self, request: web.Request) -> web.Response:
        guild_id = self._check_app(request)
        return json_response(self.double.commands.list(guild_id))

    async def put_commands(self, request: web.Request) -> web.Response:
        guild_id = self._check_app(request)
        body, _ = await read_body(request)
        errs = v.FormErrors()
        v.validate_command_list(errs, body)
        if errs:
            raise invalid_form(errs)
        return json_response(self.double.commands.overwrite(guild_id, body))

    async def upsert_command(self, request: web.Request) -> web.Response:
        guild_id = self._check_app(request)
        body, _ = await read_body(request)
        errs = v.FormErrors()
        v.validate_command(errs, (), body)
        if errs:
            raise invalid_form(errs)
        current = [c for c in self.double.commands.list(guild_id)
                   if (c["name"], c.get("type", 1)) != (body["name"], body.get("type", 1))]
        stored = self.double.commands.overwrite(guild_id, [*current, body])
        return json_response(next(c for c in stored if c["name"] == body["name"]), 201)

    # ---------------------------------------------------------------------------------- interactions
    async def interaction_callback(self, request: web.Request) -> web.Response:
        d = self.double
        it = d.interactions.get(int(request.match_info["iid"])) if request.match_info["iid"].isdigit() else None
        if it is None or it.token != request.match_info["token"]:
            raise Refusal(404, 10062, "Unknown interaction")
        body, files = await read_body(request)
        body = body or {}
        ctype, data = body.get("type"), body.get("data")
        try:
            if it.ack is not None:
                raise Refusal(400, 40060, "Interaction has already been acknowledged.")
            if it.age > d.ack_window:
                raise Refusal(404, 10062, "Unknown interaction")
            self._validate_callback(it, ctype, data, files)
        except Refusal as refusal:
            it.record(Callback(ctype, data, refusal.status, refusal.body()))
            raise
        it.record(Callback(ctype, data, 200))
        message = await self._apply_callback(it, ctype, data or {}, files)
        d._changed()
        if request.query.get("with_response") not in ("1", "true", "True"):
            return no_content()
        info: dict[str, Any] = {"id": str(it.id), "type": it.type}
        resource: dict[str, Any] = {"type": ctype}
        if message is not None:
            info.update(
                response_message_id=str(message.id),
                response_message_loading=message.loading,
                response_message_ephemeral=message.ephemeral,
            )
            resource["message"] = d._message_payload(message)
        return json_response({"interaction": info, "resource": resource})

    def _validate_callback(self, it: Interaction, ctype: Any, data: Any, files: list[UploadedFile]) -> None:
        errs = v.FormErrors()
        if ctype not in ALLOWED_CALLBACKS.get(it.type, set()) or (ctype in (6, 7) and it.message is None):
            errs.add(("type",), "INTERACTION_RESPONSE_TYPE_INVALID",
                     f"Interaction response type {ctype!r} is not valid for interaction type {it.type}")
            raise invalid_form(errs)
        if ctype in (CHANNEL_MESSAGE, UPDATE_MESSAGE):
            if not isinstance(data, dict):
                errs.add(("data",), "BASE_TYPE_REQUIRED", "This field is required")
            else:
                v.validate_message(errs, ("data",), data)
                if ctype == CHANNEL_MESSAGE and not errs and is_empty_message(data, files):
                    raise Refusal(400, 50006, "Cannot send an empty message")
        elif ctype == AUTOCOMPLETE_RESULT:
            v.validate_autocomplete(errs, ("data",), data if isinstance(data, dict) else {})
        elif ctype == MODAL:
            v.validate_modal(errs, ("data",), data if isinstance(data, dict) else {})
        if errs:
            raise invalid_form(errs)

    async def _apply_callback(
        self, it: Interaction, ctype: int, data: dict[str, Any], files: list[UploadedFile]
    ) -> Message | None:
        d = self.double
        if ctype == CHANNEL_MESSAGE:
            msg = await d._create_message(it.channel, data, files, source="interaction", interaction=it)
            it.original_message_id = msg.id
            return msg
        if ctype == DEFERRED_CHANNEL_MESSAGE:
            flags = Message.LOADING | ((data.get("flags") or 0) & Message.EPHEMERAL)
            msg = await d._create_message(it.channel, {"content": "", "flags": flags}, [],
                                          source="interaction", interaction=it, record=False)
            it.original_message_id = msg.id
            return msg
        if ctype in (DEFERRED_UPDATE, UPDATE_MESSAGE) and it.message is not None:
            it.original_message_id = it.message.id
            it._edits_at_ack = len(it.message.edits)
            if ctype == UPDATE_MESSAGE:
                await d._edit_message(it.message, data, files, kind="callback_update")
            return it.message if ctype == UPDATE_MESSAGE else None
        if ctype == MODAL:
            it.modal_data = data
        return None

    # -------------------------------------------------------------------------------------- webhooks
    def _webhook_interaction(self, request: web.Request) -> Interaction:
        d = self.double
        if request.match_info["app_id"] != str(d.application_id):
            raise Refusal(404, 10015, "Unknown Webhook")
        it = d._by_token.get(request.match_info["token"])
        if it is None or it.age > d.token_ttl:
            raise Refusal(401, 50027, "Invalid Webhook Token")
        if it.ack is None:
            if it.age > d.ack_window:
                raise Refusal(401, 50027, "Invalid Webhook Token")
            raise Refusal(404, 10015, "Unknown Webhook")
        return it

    async def followup(self, request: web.Request) -> web.Response:
        d = self.double
        it = self._webhook_interaction(request)
        body, files = await read_body(request)
        body = body or {}
        errs = v.FormErrors()
        v.validate_message(errs, (), body)
        if errs:
            raise invalid_form(errs)
        if is_empty_message(body, files):
            raise Refusal(400, 50006, "Cannot send an empty message")
        original = it.original
        if it.ack and it.ack.type == DEFERRED_CHANNEL_MESSAGE and original is not None and original.loading:
            # Discord turns the first followup after a deferral into the deferred ("thinking") message.
            await d._edit_message(original, body, files, kind="followup", clear_loading=True)
            msg = original
        else:
            msg = await d._create_message(it.channel, body, files, source="followup", interaction=it)
        it.followup_ids.append(msg.id)
        d._changed()
        if request.query.get("wait") in ("1", "true", "True"):
            return json_response(d._message_payload(msg))
        return no_content()

    async def webhook_message(self, request: web.Request) -> web.Response:
        d = self.double
        it = self._webhook_interaction(request)
        mid = request.match_info["message_id"]
        if mid == "@original":
            msg = it.original
        else:
            ids = {it.original_message_id, *it.followup_ids}
            msg = d._messages.get(int(mid)) if mid.isdigit() and int(mid) in ids else None
        if msg is None or msg.deleted:
            raise Refusal(404, 10008, "Unknown Message")
        if request.method == "GET":
            return json_response(d._message_payload(msg))
        if request.method == "DELETE":
            await d._delete_message(msg)
            return no_content()
        body, files = await read_body(request)
        body = body or {}
        errs = v.FormErrors()
        v.validate_message(errs, (), body)
        if errs:
            raise invalid_form(errs)
        await d._edit_message(msg, body, files, kind="webhook_edit", clear_loading=True)
        return json_response(d._message_payload(msg))

    # -------------------------------------------------------------------------------------- channels
    def _channel(self, request: web.Request):  # -> Channel
        channel = self.double.find_channel(int(request.match_info["channel_id"]))
        if channel is None:
            raise Refusal(404, 10003, "Unknown Channel")
        return channel

    def _require(self, channel: Any, perms: int) -> None:
        d = self.double
        if channel.guild_id is None:
            return
        have = d.guilds[channel.guild_id].permissions_in(channel, d.bot_user.id)
        if not have & Perm.VIEW_CHANNEL:
            raise Refusal(403, 50001, "Missing Access")
        if have & perms != perms:
            raise Refusal(403, 50013, "Missing Permissions")

    async def get_channel(self, request: web.Request) -> web.Response:
        channel = self._channel(request)
        self._require(channel, 0)
        return json_response(channel.payload())

    async def channel_history(self, request: web.Request) -> web.Response:
        """Newest first, at most ``limit`` (1-100, default 50): the latest ones, those just ``before`` a message
        id, or the first ones just ``after`` one (still listed newest first, as Discord does)."""
        channel = self._channel(request)
        self._require(channel, Perm.READ_MESSAGE_HISTORY)
        query = request.query
        errs = v.FormErrors()
        for key in ("limit", "before", "after"):
            if key in query and not query[key].isdigit():
                errs.add((key,), "NUMBER_TYPE_COERCE", f"Value \"{query[key]}\" is not int.")
        limit = int(query["limit"]) if "limit" in query and not errs else 50
        if not 1 <= limit <= 100:
            errs.add(("limit",), "NUMBER_TYPE_MAX" if limit > 100 else "NUMBER_TYPE_MIN",
                     "int value should be between 1 and 100.")
        if errs:
            raise invalid_form(errs)
        msgs = [m for m in self.double.messages(channel.id) if not m.ephemeral]  # oldest first
        if "before" in query:
            msgs = [m for m in msgs if m.id < int(query["before"])][-limit:]
        elif "after" in query:
            msgs = [m for m in msgs if m.id > int(query["after"])][:limit]
        else:
            msgs = msgs[-limit:]
        return json_response([self.double._message_payload(m) for m in reversed(msgs)])

    async def create_channel_message(self, request: web.Request) -> web.Response:
        d = self.double
        channel = self._channel(request)
        body, files = await read_body(request)
        body = body or {}
        self._require(channel, Perm.SEND_MESSAGES | (Perm.ATTACH_FILES if files else 0))
        errs = v.FormErrors()
        v.validate_message(errs, (), body)
        if errs:
            raise invalid_form(errs)
        if is_empty_message(body, files):
            raise Refusal(400, 50006, "Cannot send an empty message")
        if channel.type == 1 and not all(u.dms_open and not u.bot for u in channel.recipients):
            # the recipient's privacy settings (or no server shared with the bot), or another bot: the channel
            # opens, the post not
            raise Refusal(403, 50007, "Cannot send messages to this user")
        nonce = body.get("nonce")
        if nonce is not None and len(str(nonce)) > 25:
            errs.add(("nonce",), "BASE_TYPE_MAX_LENGTH", "Must be 25 or fewer in length.")
            raise invalid_form(errs)
        if body.get("enforce_nonce") and nonce is not None:
            # Discord: a nonce seen from the same author in the past few minutes returns that message
            earlier = d.message_with_nonce(nonce, within=NONCE_WINDOW)
            if earlier is not None:
                d.nonce_hits += 1
                return json_response(d._message_payload(earlier))
        msg = await d._create_message(channel, body, files, source="channel")
        return json_response(d._message_payload(msg))

    async def channel_message(self, request: web.Request) -> web.Response:
        d = self.double
        channel = self._channel(request)
        msg = d._messages.get(int(request.match_info["message_id"]))
        if msg is None or msg.channel_id != channel.id or msg.deleted or msg.ephemeral:
            raise Refusal(404, 10008, "Unknown Message")
        if request.method == "GET":
            self._require(channel, Perm.READ_MESSAGE_HISTORY)
            return json_response(d._message_payload(msg))
        if request.method == "DELETE":
            if msg.author is not d.bot_user:
                self._require(channel, Perm.MANAGE_MESSAGES)
            await d._delete_message(msg)
            return no_content()
        if msg.author is not d.bot_user:
            raise Refusal(403, 50005, "Cannot edit a message authored by another user")
        body, files = await read_body(request)
        body = body or {}
        errs = v.FormErrors()
        v.validate_message(errs, (), body)
        if errs:
            raise invalid_form(errs)
        await d._edit_message(msg, body, files, kind="channel_edit")
        return json_response(d._message_payload(msg))

    # ---------------------------------------------------------------------------------------- guilds
    async def get_guild(self, request: web.Request) -> web.Response:
        guild = self.double.guilds.get(int(request.match_info["guild_id"]))
        if guild is None:
            raise Refusal(403, 50001, "Missing Access")
        data = guild.payload(include_members=False, bot_user_id=self.double.bot_user.id)
        for key in ("members", "channels", "threads", "presences", "voice_states", "joined_at", "large", "lazy"):
            data.pop(key, None)
        return json_response(data)

    async def get_member(self, request: web.Request) -> web.Response:
        guild = self.double.guilds.get(int(request.match_info["guild_id"]))
        if guild is None:
            raise Refusal(403, 50001, "Missing Access")
        member = guild.members.get(int(request.match_info["user_id"]))
        if member is None:
            raise Refusal(404, 10007, "Unknown Member")
        return json_response(member.payload())

    # ------------------------------------------------------------------------------------------- cdn
    async def cdn(self, request: web.Request) -> web.Response:
        stored = self.double.files.get(int(request.match_info["file_id"]))
        if stored is None or stored.filename != request.match_info["filename"]:
            return web.Response(status=404, text="Not Found")
        return web.Response(body=stored.data, headers={"Content-Type": stored.content_type})
