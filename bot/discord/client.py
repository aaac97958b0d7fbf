"""The Discord client: cogs get the services in their constructor; commands are synced at start."""

from __future__ import annotations

import asyncio
import contextlib
import logging

import discord
from discord.ext import commands

from bot.app import App, StartupError, course_problem
from bot.config import Secret
from bot.content import ContentErrors
from bot.domain.shards import Shards
from bot.services.assignment_posts import AssignmentScheduler
from bot.services.scheduler import DailyScheduler, ReminderScheduler

from . import routes
from .assignments import DiscordAssignmentPoster
from .daily import DiscordDailyPoster
from .errors import SILENT
from .group_quiz import GroupQuizRunner
from .inflight import InFlight
from .reminders import DiscordReminderSender
from .shards import gateway_advice
from .translator import SpanishTranslator
from .tree import TutorTree

log = logging.getLogger(__name__)
PRUNE_EVERY = 6 * 3600  # seconds between two prunings of abandoned quizzes and old reminder records


class TutorBot(commands.AutoShardedBot):
    """Sharded as Discord requires past 2,500 servers: the shards Discord recommends, or those the settings name
    (TUTOR_SHARD_COUNT, TUTOR_SHARD_IDS) when several processes share the bot. No members intent, so no
    member chunking at start."""

    def __init__(self, app: App):
        intents = discord.Intents.none()
        intents.guilds = True
        settings = app.settings
        super().__init__(command_prefix=commands.when_mentioned, intents=intents, tree_cls=TutorTree,
                         allowed_mentions=SILENT, help_command=None, shard_count=settings.shard_count,
                         shard_ids=list(settings.shard_ids) if settings.shard_ids is not None else None,
                         # after READY, discord.py waits this long for one more server before on_ready (2 s
                         # by default); servers arrive back to back, and one that comes later is still added
                         guild_ready_timeout=0.1)
        self.app = app
        self.in_flight = InFlight()
        self.synced = False
        self.startup_error: StartupError | None = None  # set when the bot stopped because it cannot serve
        self._course: asyncio.Task | None = None
        self._daily: asyncio.Task | None = None
        self._prune: asyncio.Task | None = None
        self._cluster: asyncio.Task | None = None
        self._reminders: asyncio.Task | None = None
        self._assignments: asyncio.Task | None = None
        self.groups = GroupQuizRunner(self, app)
        self.identify_concurrency = 1  # how many shards may IDENTIFY at once: Discord says in setup_hook
        self._token = Secret("")

    async def setup_hook(self) -> None:
        from .cogs.ask import Ask
        from .cogs.assign import Assign
        from .cogs.class_report import ClassReports
        from .cogs.config import Config
        from .cogs.daily import Daily
        from .cogs.flashcards import Flashcards
        from .cogs.learning import Learning
        from .cogs.moderation import Moderation
        from .cogs.progress import Progress
        from .cogs.quiz import Quiz
        from .cogs.remind import Remind

        for cog in (Learning(self.app), Quiz(self.app), Progress(self.app), Moderation(self.app), Daily(self.app),
                    Ask(self.app), Config(self.app), Flashcards(self.app), Remind(self.app),
                    ClassReports(self.app)):
            await self.add_cog(cog)
        await self.add_cog(Assign(self.app))
        await self.tree.set_translator(SpanishTranslator())
        guild_id = self.app.settings.dev_guild_id
        if guild_id:
            guild = discord.Object(id=guild_id)
            self.tree.copy_global_to(guild=guild)
            synced = await self.tree.sync(guild=guild)
        else:
            synced = await self.tree.sync()
        self.synced = True
        log.info("synced %d commands%s", len(synced), f" to guild {guild_id}" if guild_id else " globally")
        advice = await gateway_advice(discord.http.Route.BASE, self._token.reveal())
        if self.shard_count is None:
            self.shard_count = advice.shards  # discord.py then connects to DISCORD_GATEWAY_URL, if set
        self.identify_concurrency = advice.max_concurrency
        self._daily = asyncio.create_task(self._after_ready(), name="after-ready")
        self._prune = asyncio.create_task(self._prune_old_rows(), name="prune-old-rows")
        self._reminders = asyncio.create_task(self._send_reminders(), name="review-reminders")
        self._assignments = asyncio.create_task(self._assignment_posts(), name="assignment-posts")
        # on PostgreSQL, the course other processes accept (and at start the cluster's, once the course is in)
        self._cluster = asyncio.create_task(self.app.cluster.serve(self.own_shards()), name="course-cluster")

    async def on_connect(self) -> None:
        if self._course is None and not self.app.course.is_loaded:
            self._course = asyncio.create_task(self._load_course(), name="course-load")

    async def _load_course(self) -> None:
        """The course's first load, started once the gateway's READY is in (`on_connect`). From there the bot
        only waits: for its servers, and then `guild_ready_timeout` past the last one before `on_ready`. So the
        course is read meanwhile, on a worker thread. (Started earlier, it held the interpreter lock while the
        login, the command sync and the gateway handshake waited for it.) Interactions that come first wait
        for it (the tree's `interaction_check`, `on_interaction`), and `on_ready` logs the bot ready only once
        it is in. A course with errors stops the bot: `run_bot` raises `startup_error`."""
        try:
            await self.app.course.load()
        except ContentErrors as exc:
            self.startup_error = course_problem(self.app.settings, exc)
        except Exception as exc:  # noqa: BLE001 - without a course there is nothing to serve
            log.exception("could not load the course")
            self.startup_error = StartupError(f"could not load the course in {self.app.settings.content_dir}: "
                                              f"{type(exc).__name__}: {exc}")
        if self.startup_error is not None:
            await self.close()

    async def login(self, token: str) -> None:
        self._token = Secret(token)  # for GET /gateway/bot in setup_hook
        await super().login(token)

    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        # the bot's turn (the cluster's, on PostgreSQL), not discord.py's 5 s before every shard but the first
        await self.app.pacer.wait_turn(shard_id or 0, self.identify_concurrency)

    def serving(self) -> bool:
        """Connected, with its servers and its course: what the health check calls ready."""
        return self.is_ready() and self.app.course.is_loaded

    async def _after_ready(self) -> None:
        """Pick up running group quizzes, then run the daily-quote scheduler for good."""
        await self.wait_until_ready()  # the server list gives each post its server's language
        await self.app.course.ready()
        shards = self.own_shards()
        try:
            await self.groups.resume(shards)
        except Exception:  # noqa: BLE001 - a failed resume must not stop the daily quotes
            log.exception("could not resume the running group quizzes")
        poster = DiscordDailyPoster(self, lambda: self.app.course.catalog)
        await DailyScheduler(self.app.daily, self.app.clock, shards=shards).run(poster)

    async def _send_reminders(self) -> None:
        """Run the review-reminder scheduler for good. Every process of a cluster runs one, whatever its shards
        (a DM belongs to no server): each reminder is claimed in the database, so one process sends it."""
        await self.wait_until_ready()
        await self.app.course.ready()  # a DM names its topics from the course
        sender = DiscordReminderSender(self, lambda: self.app.course.catalog)
        await ReminderScheduler(self.app.reminders, self.app.clock).run(sender)

    async def _assignment_posts(self) -> None:
        """Run the assignment scheduler for good: the reminders and summaries of this process's servers (its
        shards'), each claimed in the database, so one process of a cluster sends it."""
        await self.wait_until_ready()  # the server list gives each reminder its server's language
        await self.app.course.ready()
        poster = DiscordAssignmentPoster(self, lambda: self.app.course.catalog)
        await AssignmentScheduler(self.app.assignment_posts, self.app.clock, shards=self.own_shards()).run(poster)

    def own_shards(self) -> Shards:
        """The shards this process runs, once connected: the servers whose work is its own."""
        return Shards.of(self.shard_count or 1, self.shard_ids)

    async def _prune_old_rows(self) -> None:
        """At start and every few hours, what only grows is cut back: quizzes replaced by a newer start (their
        answers stay), so a learner who starts many quizzes does not grow the database for good; and the record
        of review reminders' DMs past the days their once-a-day rule reads. Each is idempotent, in bounded
        batches, so every process of a cluster runs it."""
        prunings = (("abandoned quiz(zes)", self.app.quiz.prune),
                    ("review-reminder record(s) of past days", self.app.reminders.prune))
        while True:
            for what, prune in prunings:
                try:
                    removed = await prune()
                    if removed:
                        log.info("forgot %d %s", removed, what)
                except Exception:  # noqa: BLE001 - tried again next time; nothing is lost meanwhile
                    log.exception("could not prune %s", what)
            await asyncio.sleep(PRUNE_EVERY)

    async def close(self) -> None:
        for task in (self._daily, self._course, self._prune, self._cluster, self._reminders, self._assignments):
            if task is not None and task is not asyncio.current_task():
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        await self.groups.close()
        await super().close()

    async def on_ready(self) -> None:
        await self.app.course.ready()
        log.info("ready as %s in %d server(s), %s", self.user, len(self.guilds), self.own_shards().describe())

    async def on_interaction(self, interaction: discord.Interaction) -> None:
        self.in_flight.enter()
        # slash commands and autocomplete wait for the course in the tree's interaction_check; clicks wait here
        if interaction.type in (discord.InteractionType.component, discord.InteractionType.modal_submit):
            await self.app.course.ready()
        if interaction.type is discord.InteractionType.component:
            await routes.on_click(interaction)
        elif interaction.type is discord.InteractionType.modal_submit:
            await routes.on_submit(interaction)
