"""The composition root: settings -> database -> migrations -> content -> services (-> Discord client)."""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta

from bot.config import Settings
from bot.content import ContentErrors, load_course
from bot.domain.clock import Clock, SystemClock
from bot.services.anki import AnkiService
from bot.services.ask import AskService
from bot.services.assignment_posts import AssignmentPosts
from bot.services.assignments import AssignmentService
from bot.services.class_report import ClassReportService
from bot.services.cluster import CourseCluster
from bot.services.course import CourseService
from bot.services.daily import DailyService
from bot.services.flashcards import FlashcardService
from bot.services.group import GroupQuizService
from bot.services.guilds import GuildSettingsService
from bot.services.identify import LocalPacer, Pacer, SharedPacer
from bot.services.item_stats import ItemStatsService
from bot.services.learn import LearnService
from bot.services.learners import LearnerService
from bot.services.limits import Limits, LocalLimits, SharedLimits
from bot.services.operators import CourseEditors
from bot.services.progress import ProgressService
from bot.services.quiz import QuizService
from bot.services.reminders import ReminderService
from bot.services.reports import ReportService, flags_from
from bot.services.review import ReviewService
from bot.storage import Database, DatabaseTooNew, StorageError, open_database
from bot.storage.assignments import AssignmentRepository
from bot.storage.audit import AuditRepository
from bot.storage.class_report import ClassReportRepository
from bot.storage.course_store import CourseStore
from bot.storage.daily import DailyRepository
from bot.storage.flashcards import FlashcardRepository
from bot.storage.guilds import GuildSettingsRepository
from bot.storage.identify import IdentifySlots
from bot.storage.item_stats import ItemStatsRepository
from bot.storage.learners import LearnerRepository
from bot.storage.limits import CooldownRepository
from bot.storage.migrations import migrate
from bot.storage.progress import ProgressRepository, ReadingRepository
from bot.storage.quizzes import QuizRepository
from bot.storage.ratings import RatingRepository
from bot.storage.reminders import ReminderRepository
from bot.storage.reports import ReportRepository

log = logging.getLogger(__name__)
# database faults an operator can fix while the bot waits (a lock, permissions, space, a disk, a mount)
WAIT_OUT = frozenset({"locked", "read_only", "full", "io", "cannot_open", "unavailable"})


@dataclass
class App:
    settings: Settings
    clock: Clock
    db: Database
    course: CourseService
    quiz: QuizService
    group: GroupQuizService
    learn: LearnService
    progress: ProgressService
    review: ReviewService
    daily: DailyService
    ask: AskService
    anki: AnkiService
    guilds: GuildSettingsService
    learners: LearnerService
    limits: Limits
    cluster: CourseCluster
    pacer: Pacer  # the shards' turns to connect to Discord
    reminders: ReminderService  # review reminders by DM
    flashcards: FlashcardService
    item_stats: ItemStatsService  # per item and language: share right, discrimination, flags
    reports: ReportService  # learners' reports of problems with course items, and the moderators' queue
    assignments: AssignmentService  # quizzes moderators set for a due time, and learners' takes on them
    assignment_posts: AssignmentPosts  # their reminders and summaries, for the scheduler
    class_report: ClassReportService  # a server's class report for its moderators

    async def close(self) -> None:
        await self.cluster.close()
        await self.db.close()


class StartupError(Exception):
    """The bot cannot start; the message says why, for the operator."""


def course_problem(settings: Settings, errors: ContentErrors) -> StartupError:
    return StartupError(f"the course in {settings.content_dir} has errors:\n{errors.report(limit=30)}")


async def open_app(settings: Settings, clock: Clock | None = None) -> App:
    """`build_app`, with content and database problems turned into one StartupError for the operator."""
    try:
        return await build_app(settings, clock)
    except ContentErrors as exc:
        raise course_problem(settings, exc) from None
    except StorageError as exc:
        raise StartupError(f"database problem: {exc}") from None


async def open_app_patiently(settings: Settings, clock: Clock | None = None, *,
                             sleep: Callable[[float], Awaitable[object]] = asyncio.sleep,
                             first_wait: float = 5.0, longest_wait: float = 300.0,
                             course_later: bool = False) -> App:
    """`open_app`, waiting out a database that is locked, read-only, full or unreachable: one log line per
    try, tries further and further apart. A bot that exited instead would be restarted by its supervisor
    over and over (a crash loop) while the operator fixes the cause; this one starts once it is fixed.
    Course errors and a database newer than the bot still stop it at once: waiting cannot fix those.
    `course_later`: as for `build_app`."""
    wait = first_wait
    while True:
        try:
            return await build_app(settings, clock, course_later=course_later)
        except StorageError as exc:
            if isinstance(exc, DatabaseTooNew) or exc.kind not in WAIT_OUT:
                raise StartupError(f"database problem: {exc}") from None
            log.error("the database cannot be used yet (%s): %s. Trying again in %.0f s", exc.kind, exc, wait)
        except ContentErrors as exc:
            raise course_problem(settings, exc) from None
        await sleep(wait)
        wait = min(wait * 2, longest_wait)


def limits_for(db: Database) -> Limits:
    """Per-learner budgets in the database on PostgreSQL, where several processes may serve one bot and must
    count the same uses; in memory on SQLite, which one process serves: no write per command."""
    return SharedLimits(CooldownRepository(db)) if db.dialect.name == "postgresql" else LocalLimits()


def pacer_for(db: Database) -> Pacer:
    """The shards' turns to IDENTIFY claimed in the database on PostgreSQL, where several processes may run the
    bot's shards and Discord's pace is the whole bot's; in memory on SQLite, where one process runs them all."""
    return SharedPacer(IdentifySlots(db)) if db.dialect.name == "postgresql" else LocalPacer()


async def build_app(settings: Settings, clock: Clock | None = None, rng: random.Random | None = None, *,
                    course_later: bool = False) -> App:
    """Open and migrate the database, load the course, wire the services. Raises ContentErrors,
    StorageError or DatabaseTooNew with a message fit for the operator. With `course_later`, the course is
    not read here: `app.course.load()` reads it (the bot does, while it connects to Discord)."""
    clock = clock or SystemClock()
    rng = rng or random.Random()
    catalog = None if course_later else load_course(settings.content_dir)
    db = await open_database(settings.database)
    try:
        await migrate(db)
    except BaseException:
        await db.close()
        raise
    progress_repo = ProgressRepository(db)
    course = CourseService(catalog, settings.content_dir, load_course, clock, AuditRepository(db))
    learners = LearnerService(LearnerRepository(db), clock)
    quiz = QuizService(course, QuizRepository(db), progress_repo, clock, rng)
    guilds = GuildSettingsService(GuildSettingsRepository(db), clock)
    editors = CourseEditors(guilds, settings.operator_ids, settings.home_guild_id)  # the bot's operators
    assignments = AssignmentService(course, AssignmentRepository(db), quiz, guilds, editors, learners,
                                    DailyRepository(db), clock, rng)
    app = App(
        settings=settings,
        clock=clock,
        db=db,
        course=course,
        quiz=quiz,
        group=GroupQuizService(quiz, quiz.quizzes, clock, rng, guilds),
        learn=LearnService(course, ReadingRepository(db), clock, rng),
        progress=ProgressService(course, progress_repo, clock),
        review=ReviewService(course, quiz, progress_repo, clock, RatingRepository(db), learners),
        ask=AskService(course),
        anki=AnkiService(course, progress_repo, clock),
        guilds=guilds,
        daily=DailyService(course, DailyRepository(db), clock, timedelta(hours=settings.daily_grace_hours), rng),
        learners=learners,
        limits=limits_for(db),
        cluster=CourseCluster(course, CourseStore(db), clock),
        flashcards=FlashcardService(course, FlashcardRepository(db), clock),
        item_stats=ItemStatsService(course, ItemStatsRepository(db)),
        pacer=pacer_for(db),
        reminders=ReminderService(course, ReminderRepository(db), progress_repo, learners, clock),
        reports=ReportService(course, ReportRepository(db), guilds, editors, clock),
        assignments=assignments,
        assignment_posts=AssignmentPosts(assignments.repo, clock, assignments.changed),
        class_report=ClassReportService(course, ClassReportRepository(db), guilds,
                                        CourseEditors(guilds, settings.operator_ids, settings.home_guild_id), clock),
    )
    app.reports.flagged_items = flags_from(app.item_stats)  # the queue shows the statistics' flags
    return app
