"""Assignments: a server's moderator sets a quiz on a topic, due at a local date and time; its learners take it once
(/assignments, "Start"); the channel is reminded a day before; after the due time the moderator gets a summary.

Who may set, list and cancel them is decided here, on the server side: the server's moderators (Manage Server,
or its moderator role) and the bot's operators. Who may take one too: everyone in the server, or the members of
its role. The scheduler's posts go through the `AssignmentPoster` port (the Discord adapter), each claimed on the
assignment's row before it is sent (bot/services/assignment_posts.py)."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from bot.domain import assignments as rules
from bot.domain import lookup
from bot.domain import quiz as quiz_rules
from bot.domain.assignments import AlreadyDone, AssignmentClosed, NoSuchAssignment, NotAssignedToYou
from bot.domain.clock import Clock
from bot.domain.daily import zone as parse_zone
from bot.domain.days import zone_named
from bot.domain.errors import BadOption, ItemRemoved, NothingToQuiz, NotModerator
from bot.services.assignment_posts import AssignmentSummary, summary_of
from bot.services.course import CourseService
from bot.services.guilds import GuildSettingsService
from bot.services.learners import LearnerService
from bot.services.operators import CourseEditors
from bot.services.quiz import QuizService
from bot.services.views import QuestionView
from bot.storage.assignments import AssignmentRepository, AssignmentRow, Take
from bot.storage.daily import DailyRepository

DEFAULT_LENGTH = 10


@dataclass(frozen=True)
class Teacher:
    """A moderator of `guild_id` (or an operator there), as checked by `AssignmentService.teacher`."""

    user_id: int
    guild_id: int


@dataclass(frozen=True)
class Assignment:
    row: AssignmentRow
    zone: ZoneInfo
    started: int = 0  # learners who started it
    finished: int = 0  # and of them, who finished it

    @property
    def id(self) -> int:
        return self.row.id

    @property
    def local_due(self) -> datetime:
        return self.row.due_at.astimezone(self.zone)

    @property
    def length(self) -> int:
        return len(self.row.items)


@dataclass(frozen=True)
class LearnerAssignment:
    assignment: Assignment
    take: Take | None  # None: not started


@dataclass(frozen=True)
class Started:
    assignment: Assignment
    question: QuestionView
    resumed: bool  # their unfinished take, where they left it


class AssignmentService:
    def __init__(self, course: CourseService, repo: AssignmentRepository, quiz: QuizService,
                 guilds: GuildSettingsService, editors: CourseEditors, learners: LearnerService,
                 schedules: DailyRepository, clock: Clock, rng: random.Random | None = None):
        self.course = course
        self.repo = repo
        self.quiz = quiz
        self.guilds = guilds
        self.editors = editors
        self.learners = learners
        self.schedules = schedules
        self.clock = clock
        self.rng = rng or random.Random()
        self.changed = asyncio.Event()  # set when an assignment is set or cancelled, so the scheduler recomputes

    # -- moderators --

    async def teacher(self, user_id: int, guild_id: int | None, manages_server: bool,
                      role_ids: Iterable[int]) -> Teacher:
        """A server's moderator, or one of the bot's operators, in a server; anyone else is refused."""
        if guild_id is None:
            raise NotModerator()
        if not self.editors.is_operator(user_id):
            await self.guilds.require_moderator(guild_id, manages_server, role_ids)
        return Teacher(user_id, guild_id)

    async def zone_for(self, teacher: Teacher, typed: str | None = None) -> ZoneInfo:
        """The zone a due time is read in: the one typed; else the server's (its quote of the day's); else the
        moderator's own (/mydata timezone); else UTC."""
        if typed:
            return parse_zone(typed)
        schedule = await self.schedules.get(teacher.guild_id)
        if schedule is not None:
            return zone_named(schedule.timezone)
        return await self.learners.zone(teacher.user_id)

    async def create(self, teacher: Teacher, *, topic: str, due: str, channel_id: int, role_id: int | None = None,
                     length: int = DEFAULT_LENGTH, timezone: str | None = None, lang: str = "en") -> Assignment:
        """Set an assignment: `topic` as typed, `due` as 'YYYY-MM-DD HH:MM' (or a date alone: its end) on the
        wall clock of `zone_for`. Its questions are chosen now, the same for every learner."""
        catalog = self.course.catalog
        if not 1 <= length <= quiz_rules.MAX_LENGTH:
            raise BadOption(option="length", hint=f"1-{quiz_rules.MAX_LENGTH}")
        found = lookup.topic(catalog, topic, lang)
        zone = await self.zone_for(teacher, timezone)
        due_at = rules.parse_due(due, zone)
        now = self.clock.now()
        try:
            rules.check_due(due_at, now)
        except rules.DueInPast:
            raise rules.DueInPast(when=_local(due_at, zone)) from None
        items = quiz_rules.choose_items(catalog.items_for(found.id), length, self.rng)
        if not items:
            raise NothingToQuiz()
        assignment_id = await self.repo.create(
            guild_id=teacher.guild_id, channel_id=channel_id, role_id=role_id, topic_id=found.id,
            items=[item.id for item in items], timezone=zone.key, due_at=due_at, created_by=teacher.user_id,
            lang=lang, now=now, remind_at=rules.reminder_time(now, due_at))
        self.changed.set()
        return await self._one(assignment_id)

    async def listing(self, teacher: Teacher) -> list[Assignment]:
        """The server's open assignments, soonest due first, with how many started and finished each."""
        rows = await self.repo.open_in(teacher.guild_id, self.clock.now())
        counts = await self.repo.counts([r.id for r in rows])
        return [Assignment(r, zone_named(r.timezone), *counts.get(r.id, (0, 0))) for r in rows]

    async def cancel(self, teacher: Teacher, assignment_id: int) -> Assignment:
        found = await self._one(assignment_id)
        if found.row.guild_id != teacher.guild_id or not await self.repo.cancel(
                assignment_id, teacher.guild_id, self.clock.now()):
            raise NoSuchAssignment()
        self.changed.set()
        return found

    async def results(self, teacher: Teacher, assignment_id: int) -> AssignmentSummary:
        """The figures of the summary, with the learners' names and scores, for the server's moderators (also
        before the due time: so far)."""
        found = await self._one(assignment_id)
        if found.row.guild_id != teacher.guild_id:
            raise NoSuchAssignment()
        return summary_of(found.row, await self.repo.takes(assignment_id), await self.repo.answers(assignment_id))

    async def recent(self, teacher: Teacher) -> list[Assignment]:
        """The server's assignments not cancelled, the latest due first (open and past): /assign results' list."""
        return [Assignment(r, zone_named(r.timezone)) for r in await self.repo.recent_in(teacher.guild_id)]

    # -- learners --

    async def for_learner(self, user_id: int, guild_id: int | None, role_ids: Iterable[int]) -> list[LearnerAssignment]:
        """The server's open assignments this learner may take (none of a role they lack), with their take."""
        if guild_id is None:
            return []
        roles = set(role_ids)
        rows = [r for r in await self.repo.open_in(guild_id, self.clock.now()) if rules.may_take(r.role_id, roles)]
        takes = await self.repo.takes_of(user_id, [r.id for r in rows])
        return [LearnerAssignment(Assignment(r, zone_named(r.timezone)), takes.get(r.id)) for r in rows]

    async def start(self, assignment_id: int, *, user_id: int, guild_id: int | None, role_ids: Iterable[int],
                    lang: str, channel_id: int | None = None) -> Started:
        """Take the assignment: its quiz, or the learner's unfinished one where they left it. Checked here at each
        start: the server, the role, the due time. A finished take stands (AlreadyDone)."""
        assignment = await self._takeable(assignment_id, user_id, guild_id, role_ids)
        take = await self.repo.take(assignment_id, user_id)
        if take is not None and take.finished:
            raise AlreadyDone(right=take.correct, total=take.total)
        if take is not None and take.session_id is not None:
            session = await self.quiz.quizzes.session(take.session_id)
            # still running (not left for another quiz, nor pruned): where they left it
            if session is not None and session.status == "active" and session.position < session.length:
                try:
                    return Started(assignment, await self.quiz.question(take.session_id), resumed=True)
                except ItemRemoved:  # its current question left the course: a new quiz below
                    pass
        view = await self._quiz(assignment, user_id, guild_id, channel_id, lang)
        if not await self.repo.begin(assignment_id, user_id, view.session_id, view.total, self.clock.now()):
            finished = await self.repo.take(assignment_id, user_id)  # finished meanwhile, by another click
            raise AlreadyDone(right=finished.correct if finished else 0, total=finished.total if finished else 0)
        return Started(assignment, view, resumed=False)

    async def practice(self, assignment_id: int, *, user_id: int, guild_id: int | None, role_ids: Iterable[int],
                       lang: str, channel_id: int | None = None) -> QuestionView:
        """The assignment's questions again, as a quiz that does not count, for a learner who finished it."""
        assignment = await self._one(assignment_id)
        if assignment.row.guild_id != guild_id or assignment.row.cancelled_at is not None:
            raise NoSuchAssignment()
        if not rules.may_take(assignment.row.role_id, role_ids):
            raise NotAssignedToYou()
        return await self._quiz(assignment, user_id, guild_id, channel_id, lang)

    async def _takeable(self, assignment_id: int, user_id: int, guild_id: int | None,
                        role_ids: Iterable[int]) -> Assignment:
        assignment = await self._one(assignment_id)
        row = assignment.row
        if row.guild_id != guild_id or row.cancelled_at is not None:
            raise NoSuchAssignment()
        if not rules.may_take(row.role_id, role_ids):
            raise NotAssignedToYou()
        if self.clock.now() >= row.due_at:
            raise AssignmentClosed(when=_local(row.due_at, assignment.zone))
        return assignment

    async def _quiz(self, assignment: Assignment, user_id: int, guild_id: int | None, channel_id: int | None,
                    lang: str) -> QuestionView:
        catalog = self.course.catalog
        items = [catalog.items[i] for i in assignment.row.items if i in catalog.items]  # as the course is now
        if not items:
            raise NothingToQuiz()
        return await self.quiz.start(user_id=user_id, lang=lang, guild_id=guild_id, channel_id=channel_id,
                                     topic=assignment.row.topic_id if assignment.row.topic_id in catalog.topics
                                     else None, length=len(items), items=items)

    async def _one(self, assignment_id: int) -> Assignment:
        row = await self.repo.get(assignment_id)
        if row is None:
            raise NoSuchAssignment()
        return Assignment(row, zone_named(row.timezone))


def _local(when: datetime, zone: ZoneInfo) -> str:
    return f"{when.astimezone(zone):%Y-%m-%d %H:%M} ({zone.key})"
