"""Run the bot: build the app, point discord.py at the configured endpoints, keep a heartbeat."""

from __future__ import annotations

import asyncio
import contextlib
import logging

import discord
import yarl

from bot.app import StartupError, open_app_patiently
from bot.config import Settings
from bot.domain.clock import ShiftedClock
from bot.health import beat

from .client import TutorBot

log = logging.getLogger(__name__)
HEARTBEAT_SECONDS = 30


def point_at(settings: Settings) -> None:
    """Use a REST or gateway proxy (or the test double) instead of Discord's own endpoints."""
    if settings.api_base:
        discord.http.Route.BASE = settings.api_base
    if settings.gateway_url:
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.gateway_url)


async def _heartbeat(settings: Settings, bot: TutorBot) -> None:
    while True:
        beat(settings, "ready" if bot.serving() else "connecting")
        await asyncio.sleep(HEARTBEAT_SECONDS)


async def run_bot(settings: Settings) -> int:
    token = settings.require_token()
    clock = None
    if settings.clock_start is not None:
        clock = ShiftedClock(settings.clock_start)
        log.warning("the clock starts at %s (TUTOR_CLOCK_START): for rehearsals and tests only",
                    settings.clock_start.isoformat())
    app = await open_app_patiently(settings, clock, course_later=True)  # TutorBot loads it as it connects
    point_at(settings)
    bot = TutorBot(app)
    heartbeat = asyncio.create_task(_heartbeat(settings, bot))
    try:
        async with bot:
            await bot.start(token.reveal())
        if bot.startup_error is not None:
            raise bot.startup_error
    except discord.LoginFailure:
        raise StartupError("Discord refused the token (DISCORD_TOKEN): check it in the developer portal") from None
    finally:
        heartbeat.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await heartbeat
        await app.close()
    return 0
