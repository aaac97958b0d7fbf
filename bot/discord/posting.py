"""discord.py's errors on a post, as the services understand them: a channel (or a learner's DMs) that will never
take the post (PostRefused) or a passing failure (PostFailed); and the look for a post of ours already made."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import TypeVar

import discord

from bot.services.posting import PostFailed, PostRefused
from bot.services.reminders import DMS_CLOSED

T = TypeVar("T")
REFUSALS = {
    10003: "channel_gone",  # Unknown Channel
    10008: "message_gone",  # Unknown Message
    50001: "no_permission",  # Missing Access
    50013: "no_permission",  # Missing Permissions
    50007: DMS_CLOSED,  # Cannot send messages to this user: their direct messages are closed to the bot
}


async def posting(request: Awaitable[T]) -> T:
    try:
        return await request
    except discord.HTTPException as exc:
        reason = REFUSALS.get(exc.code) if exc.status in (403, 404) else None
        if reason is not None:
            raise PostRefused(reason, exc.text) from None
        raise PostFailed(str(exc)) from None
    except (OSError, TimeoutError) as exc:
        raise PostFailed(str(exc) or type(exc).__name__) from None


async def find_own(client: discord.Client, channel: discord.abc.Messageable, since: datetime, limit: int,
                   marked: Callable[[discord.Message], bool]) -> int | None:
    """The id of the client's own latest message in `channel` after `since` (among the `limit` latest) that
    `marked` picks, or None: how a post claimed but left unconfirmed (by a crash) is found again. Each kind of
    post carries its marker in its own place (the daily quote's in its embed's header, a reminder's in its
    footer), which `marked` reads. discord.py's errors come as `posting`'s."""
    async def look() -> int | None:
        me = client.user
        async for message in channel.history(limit=limit, after=since, oldest_first=False):
            if me is not None and message.author.id == me.id and marked(message):
                return message.id
        return None

    return await posting(look())
