"""Run the bot: build the app, point discord.py at the configured endpoints, keep a heartbeat, stop cleanly.

Discord out of reach at start (a DNS failure, a refused connection, a timeout, a 5xx): one log line per try,
the tries further and further apart, as for a database that cannot be used yet. Exiting instead would leave
the bot down after a network blip when nothing restarts it, and crash-loop under a supervisor that does; this
way it starts as soon as the network is back. Once connected, discord.py reconnects by itself the same way,
and its tries are logged on one line each too.

SIGTERM and SIGINT stop it gracefully: the gateway is closed, the handlers of events already received get
IN_FLIGHT_SECONDS to finish their writes, the database commits what is queued, and the process exits 0.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal

import aiohttp
import discord
import yarl

from bot.app import App, StartupError, open_app_patiently
from bot.config import Settings
from bot.domain.clock import Clock, ShiftedClock
from bot.health import READY, Heartbeat, heartbeat_path

from .client import TutorBot

log = logging.getLogger(__name__)

FIRST_WAIT, LONGEST_WAIT = 5.0, 300.0  # seconds between tries to reach Discord at start
IN_FLIGHT_SECONDS = 5.0  # within `docker stop`'s 10 s before it kills
UNREACHABLE = (OSError, aiohttp.ClientError, TimeoutError, discord.GatewayNotFound, discord.DiscordServerError)
STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT)
CONNECTING = "connecting to Discord"


def point_at(settings: Settings) -> None:
    """Use a REST or gateway proxy (or the test double) instead of Discord's own endpoints."""
    if settings.api_base:
        discord.http.Route.BASE = settings.api_base
    if settings.gateway_url:
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.gateway_url)


def _reason(exc: BaseException) -> str:
    return str(exc) or type(exc).__name__


def _unreachable(exc: BaseException) -> BaseException | None:
    """The network fault that `bot.start` failed with (logging in, or asking for the shard count), if it did."""
    return exc if isinstance(exc, UNREACHABLE) else None


class OneLineReconnects(logging.Filter):
    """discord.py tries a shard's gateway connection again every 5 s, logging each failed try with a traceback;
    for a network fault, the cause on the same line is all an operator needs (70 lines a minute would hide
    everything else). The health check says so meanwhile."""

    def __init__(self, runner: Runner):
        super().__init__()
        self.runner = runner

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        if not isinstance(exc, UNREACHABLE):
            return True
        self.runner.gateway_fault = _reason(exc)
        self.runner.heartbeat.write()
        proxies = self.runner.settings.api_base or self.runner.settings.gateway_url
        record.msg = (f"{record.getMessage()} Cause: cannot reach Discord ({_reason(exc)}); check the network"
                      f"{', and DISCORD_API_BASE and DISCORD_GATEWAY_URL' if proxies else ''}")
        record.args, record.exc_info, record.exc_text = None, None, None
        return True


class Runner:
    """One run of the bot, from opening the app to the last write, and what its heartbeat says meanwhile."""

    def __init__(self, settings: Settings, clock: Clock | None):
        self.settings = settings
        self.clock = clock
        self.app: App | None = None
        self.bot: TutorBot | None = None
        self.phase = "starting"  # what the heartbeat says while no bot is connecting or connected
        self.link_down = False
        self.gateway_fault: str | None = None  # why a shard's last try to connect failed, until one connects
        self.stopping = False
        self.heartbeat = Heartbeat(heartbeat_path(settings), self.health_state)

    def health_state(self) -> str:
        bot = self.bot
        if bot is None or self.phase != CONNECTING or not bot.serving():
            if self.phase == CONNECTING and self.gateway_fault:
                return f"cannot reach Discord ({self.gateway_fault}); trying again every 5 s"
            return self.phase
        return "reconnecting to Discord" if self.link_down else READY

    async def run(self, token: str) -> int:
        loop = asyncio.get_running_loop()
        beating = asyncio.create_task(self.heartbeat.run(), name="heartbeat")
        serving = asyncio.create_task(self.serve(token), name="serve")
        for sig in STOP_SIGNALS:
            with contextlib.suppress(NotImplementedError, RuntimeError):  # a loop or thread without signals
                loop.add_signal_handler(sig, self.stop, sig, serving)
        reconnects = OneLineReconnects(self)
        logging.getLogger("discord.shard").addFilter(reconnects)
        try:
            await serving
        except asyncio.CancelledError:
            current = asyncio.current_task()
            if current is not None and current.cancelling():
                raise  # this run itself was cancelled, not stopped by a signal
        finally:
            for sig in STOP_SIGNALS:
                with contextlib.suppress(NotImplementedError, RuntimeError):
                    loop.remove_signal_handler(sig)
            logging.getLogger("discord.shard").removeFilter(reconnects)
            self.phase = "stopping"
            await self.finish_in_flight(beating)
            if self.app is not None:
                await self.app.close()  # commits the writes still queued
            beating.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await beating
            self.heartbeat.write("stopped")
        if self.stopping:
            log.info("stopped")
        return 0

    def stop(self, sig: signal.Signals, serving: asyncio.Task) -> None:
        if self.stopping:
            return
        self.stopping = True
        log.info("%s: stopping: closing the Discord connection, then finishing the writes under way", sig.name)
        self.phase = "stopping"
        self.heartbeat.write()
        serving.cancel()  # wherever it is: waiting for the database or for Discord, or connected

    async def serve(self, token: str) -> None:
        self.app = app = await open_app_patiently(self.settings, self.clock, course_later=True)
        point_at(self.settings)
        course_in = asyncio.create_task(self.beat_when_course_loaded(app), name="heartbeat-course")
        wait = FIRST_WAIT
        try:
            while True:
                self.bot = bot = TutorBot(app)  # a new one per try: a failed login leaves its client half set up
                self.listen(bot)
                self.phase = CONNECTING
                self.heartbeat.write()
                try:
                    async with bot:
                        await bot.start(token)
                except discord.LoginFailure:
                    raise StartupError("Discord refused the token (DISCORD_TOKEN): check it in the developer "
                                       "portal") from None
                except Exception as failure:
                    exc = _unreachable(failure)
                    if exc is None:
                        raise
                    self.phase = f"cannot reach Discord ({_reason(exc)}); next try in {wait:.0f} s"
                    self.heartbeat.write()
                    proxies = self.settings.api_base or self.settings.gateway_url
                    log.error("cannot reach Discord (%s): check the network%s. Trying again in %.0f s", _reason(exc),
                              ", and DISCORD_API_BASE and DISCORD_GATEWAY_URL" if proxies else "", wait)
                    await asyncio.sleep(wait)
                    wait = min(wait * 2, LONGEST_WAIT)
                    continue
                if bot.startup_error is not None:
                    raise bot.startup_error
                return
        finally:
            course_in.cancel()

    def listen(self, bot: TutorBot) -> None:
        """Write the heartbeat at once when the connection goes down, comes back, or the bot becomes ready."""

        async def down() -> None:
            self.link_down = True
            self.heartbeat.write()

        async def up() -> None:
            self.link_down = False
            self.gateway_fault = None
            self.heartbeat.write()

        bot.add_listener(down, "on_disconnect")
        for event in ("on_connect", "on_resumed", "on_ready"):
            bot.add_listener(up, event)

    async def beat_when_course_loaded(self, app: App) -> None:
        await app.course.ready()  # ready needs the course too: whichever of the two comes last writes it
        self.heartbeat.write()

    async def finish_in_flight(self, *keep: asyncio.Task) -> None:
        """Once the bot is closed: stop what discord.py left running (some of it fails if it runs after the
        close, as asyncio.run would stop it a moment later) and, when stopping on a signal, give the handlers
        that were part-way through the bot's work a while to finish it."""
        others = asyncio.all_tasks() - {asyncio.current_task(), *keep}
        ours = others & self.bot.in_flight.tasks() if self.bot is not None else set()
        for task in others - ours:
            task.cancel()
        if not self.stopping or not ours:
            return
        _, pending = await asyncio.wait(ours, timeout=IN_FLIGHT_SECONDS)
        if pending:
            log.warning("%d task(s) still running after %.0f s; stopping without them: %s", len(pending),
                        IN_FLIGHT_SECONDS, ", ".join(sorted(t.get_name() for t in pending)))


async def run_bot(settings: Settings) -> int:
    token = settings.require_token()
    clock = None
    if settings.clock_start is not None:
        clock = ShiftedClock(settings.clock_start)
        log.warning("the clock starts at %s (TUTOR_CLOCK_START): for rehearsals and tests only",
                    settings.clock_start.isoformat())
    return await Runner(settings, clock).run(token.reveal())
