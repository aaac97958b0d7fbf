"""An assignment's two posts: the reminder in its channel a day before the due time, and the summary to the moderator
who set it after the due time (a DM; in the channel when their DMs are closed). The Discord adapter implements
`AssignmentPoster`; `AssignmentScheduler` runs `run_due` for the servers of the process's shards.

Each post is sent once, across restarts and the processes of a cluster: it is claimed on the assignment's row
before it is sent (a conditional UPDATE that one process wins) and the row moves to its next stage once the post
is confirmed. A claim left unconfirmed (a crash, a timeout) comes up again after its lease and is sent again
only after the poster has looked for it where it would be; so a post is never doubled, and never lost while
Discord keeps the message. A reminder the bot could not send before the due time is dropped (it would remind of
something already closed); the summary still comes."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from bot.domain import assignments as rules
from bot.domain.clock import Clock
from bot.domain.days import zone_named
from bot.domain.shards import ALL, Shards
from bot.services.posting import PostFailed, PostRefused
from bot.services.scheduler import CAP, Scheduler
from bot.storage.assignments import REMIND, SUMMARY, AssignmentRepository, AssignmentRow, Take

log = logging.getLogger(__name__)
LEASE = timedelta(minutes=2)  # a claimed post is not taken over by another process sooner
RETRY = timedelta(minutes=5)  # after a passing failure
GIVE_UP = timedelta(days=1)  # a summary that could not be sent for a day after the due time is dropped
TO_DM, TO_CHANNEL, NOWHERE = "dm", "channel", "failed"


@dataclass(frozen=True)
class AssignmentReminder:
    assignment: AssignmentRow
    zone: ZoneInfo

    @property
    def marker(self) -> str:
        """In the post, so a claim left unconfirmed can be found in the channel."""
        return f"#{self.assignment.id}"


@dataclass(frozen=True)
class AssignmentSummary:
    assignment: AssignmentRow
    zone: ZoneInfo
    finished: list[Take]  # best score first
    unfinished: list[Take]  # started, not finished by the due time
    average: float | None  # the finished takes' mean share right (0-1); None: nobody finished
    hardest: rules.Hardest | None  # the question missed most; None: nobody missed one

    @property
    def marker(self) -> str:
        return f"#{self.assignment.id}"


class AssignmentPoster(Protocol):
    async def remind(self, reminder: AssignmentReminder) -> int:
        """Post the reminder in the assignment's channel; the message id. PostRefused, PostFailed."""

    async def find_reminder(self, reminder: AssignmentReminder, since: datetime) -> int | None:
        """The reminder's id if it is in the channel already (posted after `since`)."""

    async def send_summary(self, summary: AssignmentSummary, to_channel: bool) -> int:
        """DM the summary to its moderator, or post it in the assignment's channel. PostRefused (with 'dms_closed'
        for closed DMs), PostFailed."""

    async def find_summary(self, summary: AssignmentSummary, since: datetime) -> int | None:
        """The summary's id if it was sent already (in the moderator's DMs or the channel, after `since`)."""


def summary_of(row: AssignmentRow, takes: list[Take], answers: list[rules.Answer]) -> AssignmentSummary:
    finished = sorted((t for t in takes if t.finished), key=lambda t: (-t.correct / max(t.total, 1), t.started_at))
    unfinished = [t for t in takes if not t.finished]
    average = sum(t.correct / t.total for t in finished) / len(finished) if finished else None
    return AssignmentSummary(row, zone_named(row.timezone), finished, unfinished, average,
                             rules.hardest(answers, row.items))


class AssignmentPosts:
    def __init__(self, repo: AssignmentRepository, clock: Clock, changed: asyncio.Event):
        self.repo = repo
        self.clock = clock
        self.changed = changed  # the service's: set when an assignment is set or cancelled

    async def summary(self, assignment_id: int) -> AssignmentSummary | None:
        row = await self.repo.get(assignment_id)
        if row is None:
            return None
        return summary_of(row, await self.repo.takes(row.id), await self.repo.answers(row.id))

    async def next_wake(self, shards: Shards = ALL) -> datetime | None:
        return await self.repo.earliest(shards)

    async def run_due(self, poster: AssignmentPoster, batch: int = 100, shards: Shards = ALL) -> int:
        """Send every reminder and summary of `shards`' servers whose time has come; how many were sent."""
        sent = 0
        while True:
            now = self.clock.now()
            rows = await self.repo.due(now, limit=batch, shards=shards)
            for row in rows:
                try:
                    sent += await (self._remind if row.stage == REMIND else self._summarise)(row, poster, now)
                except Exception:  # noqa: BLE001 - one assignment's fault must not stop the others
                    log.exception("assignment %s: its %s failed; trying again in %s", row.id, row.stage, RETRY)
                    await self.repo.retry_at(row.id, row.stage, now + RETRY)
            if len(rows) < batch:
                return sent

    async def _remind(self, row: AssignmentRow, poster: AssignmentPoster, now: datetime) -> int:
        if now >= row.due_at:  # the bot was down until the due time: a reminder now would be of a closed quiz
            log.warning("assignment %s: its reminder was not sent before the due time; dropped", row.id)
            await self.repo.reminded(row.id, None, now, row.due_at)
            return await self._summarise(replace(row, stage=SUMMARY, claimed_at=None), poster, now)
        if not await self.repo.claim(row.id, REMIND, row.claimed_at, now, now + LEASE):
            return 0  # another process claimed it first
        reminder = AssignmentReminder(row, zone_named(row.timezone))
        try:
            message_id = None
            if row.claimed_at is not None:  # a claim left unconfirmed: it may be out already
                message_id = await poster.find_reminder(reminder, since=row.claimed_at - timedelta(minutes=1))
            if message_id is None:
                message_id = await poster.remind(reminder)
        except PostRefused as exc:
            log.warning("assignment %s: its channel refused the reminder (%s); the summary still comes", row.id, exc)
            await self.repo.reminded(row.id, None, now, row.due_at)
            return 0
        except PostFailed as exc:
            log.warning("assignment %s: its reminder is not confirmed (%s); trying again in %s", row.id, exc, RETRY)
            await self.repo.retry_at(row.id, REMIND, min(now + RETRY, row.due_at))
            return 0
        await self.repo.reminded(row.id, message_id, self.clock.now(), row.due_at)
        return 1

    async def _summarise(self, row: AssignmentRow, poster: AssignmentPoster, now: datetime) -> int:
        if not await self.repo.claim(row.id, SUMMARY, row.claimed_at, now, now + LEASE):
            return 0
        summary = summary_of(row, await self.repo.takes(row.id), await self.repo.answers(row.id))
        try:
            message_id = None
            if row.claimed_at is not None:
                message_id = await poster.find_summary(summary, since=row.claimed_at - timedelta(minutes=1))
            sent_to = TO_DM
            if message_id is None:
                try:
                    await poster.send_summary(summary, to_channel=False)
                except PostRefused as exc:  # DMs closed (or no such user): the channel, where the class is
                    log.info("assignment %s: the summary's DM was refused (%s); posting it in its channel", row.id,
                             exc)
                    await poster.send_summary(summary, to_channel=True)
                    sent_to = TO_CHANNEL
        except PostRefused as exc:
            log.warning("assignment %s: its summary could be sent nowhere (%s)", row.id, exc)
            await self.repo.summarised(row.id, NOWHERE, now)
            return 0
        except PostFailed as exc:
            if now + RETRY > row.due_at + GIVE_UP:
                log.warning("assignment %s: its summary given up (%s)", row.id, exc)
                await self.repo.summarised(row.id, NOWHERE, now)
            else:
                log.warning("assignment %s: its summary is not confirmed (%s); trying again in %s", row.id, exc, RETRY)
                await self.repo.retry_at(row.id, SUMMARY, now + RETRY)
            return 0
        await self.repo.summarised(row.id, sent_to, self.clock.now())
        return 1


class AssignmentScheduler(Scheduler[AssignmentPoster]):
    """This process's servers' assignments (its shards'): each post is claimed in the database, so one process of
    a cluster sends it even while shards move between processes."""

    what = "assignment scheduler"

    def __init__(self, posts: AssignmentPosts, clock: Clock, *, cap: timedelta = CAP,
                 sleep: Callable[[float], Awaitable[object]] = asyncio.sleep, shards: Shards = ALL):
        super().__init__(posts.changed, clock, cap=cap, sleep=sleep)
        self.posts = posts
        self.shards = shards

    async def run_due(self, sender: AssignmentPoster) -> object:
        return await self.posts.run_due(sender, shards=self.shards)

    async def next_wake(self) -> datetime | None:
        return await self.posts.next_wake(self.shards)
