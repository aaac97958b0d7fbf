"""discord.py's errors on a post, as the services understand them: a channel (or a learner's DMs) that will never
take the post (PostRefused) or a passing failure (PostFailed)."""

from __future__ import annotations

from collections.abc import Awaitable
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
