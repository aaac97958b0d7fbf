"""Review reminders: a learner turns them on (/remind on) and gets at most one DM a day, at the time they chose on
their own wall clock, when reviews are due then (nothing due: no DM that day). The Discord adapter implements
`ReminderSender`; the scheduler (bot/services/scheduler.py) calls `run_due`.

Exactly once per local day, across restarts, crashes and the processes of a cluster: a reminder is taken from the
database with a lease (one process at a time), the day's DM is claimed before it is sent and marked sent after, and
a claim left unconfirmed is taken over only once its lease has run out and only after the sender has looked for the
DM in the learner's DM channel. A refused DM (closed DMs) stops the learner's reminders at once, without retries,
until they turn them on again (which retries that day too, at a time still ahead); they are told once
(`untold_problem`). A check sets the next one only if the learner changed nothing meanwhile (the row's version): a
new time or zone chosen during a check stands. A zone is set through `set_zone`, whichever front end sets it."""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from bot.domain import reminders as rules
from bot.domain.clock import Clock
from bot.domain.daily import parse_time
from bot.domain.days import zone_named
from bot.domain.errors import RemindersNotSet
from bot.i18n import lang_of
from bot.services.course import CourseService
from bot.services.learners import LearnerService
from bot.services.posting import PostFailed, PostRefused
from bot.storage.progress import ProgressRepository
from bot.storage.reminders import ReminderRepository, ReminderRow

log = logging.getLogger(__name__)
LEASE = timedelta(minutes=2)  # a reminder taken (or a DM claimed) by one process is not taken by another sooner
RETRY = timedelta(minutes=5)  # after a passing failure, within the same local day
MOST_DUE = 1000  # due reviews counted at most (a DM says "1000"; /review serves ten at a time anyway)
LOOK_BACK = timedelta(days=2)  # the DMs' record read before a new time: a local date is at most a day off UTC's
SENDS_KEPT = timedelta(days=7)  # the DMs' record kept: past LOOK_BACK and any day still being checked, with room
UNTOLD_FRESH = timedelta(minutes=1)  # the learners to tell are read again at most this often, per process

DMS_CLOSED = "dms_closed"  # the problem recorded when Discord refuses a DM (error 50007)
DEFAULT_TIME = "18:00"  # /remind on without a time


@dataclass(frozen=True)
class ReminderStatus:
    enabled: bool
    local_time: time  # wall-clock time in the learner's zone
    timezone: str  # IANA name (the learner's zone, app.learners.zone)
    next_at: datetime | None  # UTC: when the next check falls (a DM goes only if reviews are due then)
    next_local: datetime | None  # the same instant on the learner's wall clock
    problem: str | None  # DMS_CLOSED when reminders stopped because the DM was refused
    last_sent_on: date | None  # the learner's local day of the last DM sent


@dataclass(frozen=True)
class Reminder:
    """What one DM says."""

    user_id: int
    local_date: date
    due: int  # reviews due now
    topic_ids: tuple[str, ...]  # the topics those reviews come from, most due first
    lang: str  # "en" or "es": the learner's locale as stored (learners.locale), else "en"
    nonce: str  # stable per (user, local day): Discord's nonce for the DM
    marker: str  # stable per local day, present in the DM's text/embed, so `find` can see it


class ReminderSender(Protocol):
    async def send(self, reminder: Reminder) -> int:
        """DM it; the message id. Raises bot.services.posting.PostRefused("dms_closed") on Discord's 50007
        (and other refusals with their reason), PostFailed on a passing failure."""
        ...

    async def find(self, reminder: Reminder, since: datetime) -> int | None:
        """The id of this day's DM if it is already in the learner's DM channel (sent after `since`)."""
        ...


class ReminderService:
    def __init__(self, course: CourseService, repo: ReminderRepository, progress: ProgressRepository,
                 learners: LearnerService, clock: Clock):
        self.course = course
        self.repo = repo
        self.progress = progress
        self.learners = learners
        self.clock = clock
        self.changed = asyncio.Event()  # set when a reminder is set or changed, so the scheduler recomputes
        self._untold: set[int] | None = None  # learners with a problem to be told; None until first read
        self._untold_at: datetime | None = None  # when `_untold` was read
        self._untold_read: asyncio.Lock = asyncio.Lock()  # commands arriving together share one read

    # -- the learner --

    async def turn_on(self, user_id: int, local_time: str | None = None, timezone: str | None = None
                      ) -> ReminderStatus:
        """Reminders on, at `local_time` (DEFAULT_TIME if not given, as /remind on says); `timezone` also sets
        the learner's zone. Clears a recorded problem: turning them on again is how a learner retries, so a day
        whose DM was refused, failed or skipped is open to the new time (the record goes with the save)."""
        at = parse_time(local_time if local_time is not None else DEFAULT_TIME)
        tz = await self.learners.set_zone(user_id, timezone) if timezone is not None else None
        tz = tz or await self.learners.zone(user_id)
        now = self.clock.now()
        slot = rules.first_check(at, tz, now, await self._taken(user_id, now))
        await self.repo.save(user_id=user_id, local_time=at.strftime("%H:%M"), next_local_date=slot.local_date,
                             next_due_at=slot.due_at, now=now)
        if self._untold is not None:
            self._untold.discard(user_id)
        self.changed.set()
        return await self.status(user_id)

    async def turn_off(self, user_id: int) -> None:
        if not await self.repo.disable(user_id, self.clock.now()):
            raise RemindersNotSet()
        self.changed.set()

    async def status(self, user_id: int) -> ReminderStatus:
        row = await self.repo.get(user_id)
        if row is None:
            raise RemindersNotSet()
        tz = _zone(row)
        due = row.next_due_at if row.enabled and row.problem is None else None
        return ReminderStatus(
            enabled=row.enabled, local_time=parse_time(row.local_time), timezone=tz.key, next_at=due,
            next_local=due.astimezone(tz) if due else None, problem=row.problem,
            last_sent_on=row.last_sent_on)

    async def set_zone(self, user_id: int, typed: str | None) -> ZoneInfo | None:
        """The learner's zone, set from what they typed (app.learners.set_zone: BadTimezone, or None to clear it),
        and their reminder with it: every front end sets a zone here, so a reminder always follows it."""
        chosen = await self.learners.set_zone(user_id, typed)
        await self.zone_changed(user_id)
        return chosen

    async def zone_changed(self, user_id: int) -> None:
        """The learner's zone changed: their next check falls at their time in the new zone, on a day whose check
        is not over yet (a new zone is no retry: a day whose DM failed or was skipped stays done)."""
        row = await self.repo.get(user_id)
        if row is None or not row.enabled or row.problem is not None:
            return
        now = self.clock.now()
        taken = await self.repo.days_taken(user_id, since=now.date() - LOOK_BACK, ended_too=True)
        slot = rules.first_check(parse_time(row.local_time), _zone(row), now, taken)
        await self.repo.set_next(user_id, slot.local_date, slot.due_at)
        self.changed.set()

    async def untold_problem(self, user_id: int) -> str | None:
        """The problem that stopped the learner's reminders, once; None without a database trip for everyone
        with nothing to tell. Another process of a cluster may have recorded it, so the set is read again once it
        is UNTOLD_FRESH old (one indexed read a minute at most, shared by the commands that find it old): the
        learner is told on their first command after that, whichever process it reaches."""
        if self._untold_stale():
            async with self._untold_read:
                if self._untold_stale():
                    await self._refresh_untold()
        if user_id not in self._untold:
            return None
        self._untold.discard(user_id)
        return await self.repo.mark_problem_told(user_id)

    # -- the scheduler's side --

    async def next_wake(self) -> datetime | None:
        return await self.repo.earliest_due()

    async def prune(self, kept: timedelta = SENDS_KEPT) -> int:
        """Forget the record of DMs on local dates more than `kept` ago: the once-a-day rule reads a day's record
        only while that day is not over (and LOOK_BACK of them for a new time), and the last DM's day stays on the
        reminder. Any process may run it, as often as it likes. Returns how many went."""
        return await self.repo.prune_sends(self.clock.now().date() - kept)

    async def run_due(self, sender: ReminderSender, batch: int = 100) -> int:
        """Check every reminder whose time has come; returns how many DMs were sent."""
        await self._refresh_untold()
        sent = 0
        while True:
            now = self.clock.now()
            rows = await self.repo.take_due(now, now + LEASE, limit=batch)
            for row in rows:
                try:
                    sent += await self._check(row, sender, now)
                except Exception:  # noqa: BLE001 - one learner's fault must not stop the others
                    log.exception("review reminder for learner %s failed; retrying in %s", row.user_id, RETRY)
                    await self.repo.set_next(row.user_id, row.next_local_date, now + RETRY, version=row.version)
            if len(rows) < batch:
                return sent

    async def _check(self, row: ReminderRow, sender: ReminderSender, now: datetime) -> int:
        at, tz, day, user = parse_time(row.local_time), _zone(row), row.next_local_date, row.user_id
        if rules.is_over(day, tz, now):  # the bot was down all of the rest of that day: no late DM
            await self.repo.skip(user, day, "the bot was down until the day was over", now)
            log.warning("review reminder for learner %s skipped for %s: the bot was down until it ended", user, day)
            return await self._advance(row, at, tz, now)
        claim = await self.repo.send(user, day)
        if claim is not None and claim.status != "claimed":  # sent, skipped or failed: that day is done
            return await self._advance(row, at, tz, now)
        if claim is not None and claim.claimed_at + LEASE > now:  # another process is sending it
            await self.repo.set_next(user, day, claim.claimed_at + LEASE, version=row.version)
            return 0
        reminder = self._reminder(row, day, await self.progress.due_items(user, now, MOST_DUE))
        if claim is None:
            if not reminder.due:
                return await self._advance(row, at, tz, now)
            if not await self.repo.claim(user, day, now):  # claimed meanwhile: look again once its lease is out
                await self.repo.set_next(user, day, now + LEASE, version=row.version)
                return 0
        elif not await self.repo.reclaim(user, day, claim.claimed_at, now):
            await self.repo.set_next(user, day, now + LEASE, version=row.version)
            return 0
        try:
            message_id = await sender.find(reminder, since=claim.claimed_at - timedelta(minutes=1)) if claim else None
            if message_id is None and not reminder.due:  # a claim left over, and nothing due any more
                await self.repo.finish(user, day, status="skipped", now=now, note="nothing due on the retry")
                return await self._advance(row, at, tz, now)
            if message_id is None:
                message_id = await sender.send(reminder)
        except PostRefused as exc:
            # any refusal of a DM (closed DMs; a DM channel Discord no longer knows) is the one problem the learner
            # can fix and is told of: Discord refused the DM; the record keeps the reason
            await self.repo.finish(user, day, status="failed", now=now, note=exc.reason)
            await self.repo.set_problem(user, DMS_CLOSED, now)
            if self._untold is not None:
                self._untold.add(user)
            log.warning("review reminders stopped for learner %s: %s (they are told on their next command)",
                        user, exc)
            return 0
        except PostFailed as exc:
            if now + RETRY < rules.day_end(day, tz):
                log.warning("review reminder for learner %s not confirmed (%s); retrying in %s", user, exc, RETRY)
                await self.repo.set_next(user, day, now + RETRY, version=row.version)
                return 0
            log.warning("review reminder for learner %s on %s given up: %s", user, day, exc)
            await self.repo.finish(user, day, status="failed", now=now, note=str(exc)[:200])
            return await self._advance(row, at, tz, now)
        await self.repo.finish(user, day, status="sent", now=self.clock.now(), message_id=message_id,
                               due=reminder.due)
        await self._advance(row, at, tz, now)
        return 1

    async def _advance(self, row: ReminderRow, at: time, tz: ZoneInfo, now: datetime) -> int:
        slot, missed = rules.next_check(row.next_local_date, at, tz, now)
        if missed:
            log.info("review reminders for learner %s: %d days passed whole while the bot was down", row.user_id,
                     len(missed))
        if not await self.repo.set_next(row.user_id, slot.local_date, slot.due_at, version=row.version):
            log.info("review reminders for learner %s changed during their check: their new choice stands",
                     row.user_id)
        return 0

    def _reminder(self, row: ReminderRow, day: date, due_ids: list[str]) -> Reminder:
        """The DM: the due reviews still in the course (as /review serves them) and their topics."""
        items = self.course.catalog.items
        due = [items[i] for i in due_ids if i in items]
        topics = Counter(topic for item in due for topic in dict.fromkeys(item.topics))
        order = {topic: n for n, topic in enumerate(self.course.catalog.topics)}
        ranked = sorted(topics, key=lambda t: (-topics[t], order.get(t, len(order)), t))
        return Reminder(user_id=row.user_id, local_date=day, due=len(due), topic_ids=tuple(ranked),
                        lang=lang_of(row.locale), nonce=rules.nonce(row.user_id, day), marker=rules.marker(day))

    async def _taken(self, user_id: int, now: datetime) -> set[date]:
        return await self.repo.days_taken(user_id, since=now.date() - LOOK_BACK)

    def _untold_stale(self) -> bool:
        now = self.clock.now()
        return self._untold_at is None or not self._untold_at <= now < self._untold_at + UNTOLD_FRESH

    async def _refresh_untold(self) -> None:
        read_at = self.clock.now()
        self._untold = await self.repo.untold()
        self._untold_at = read_at


def _zone(row: ReminderRow) -> ZoneInfo:
    """The learner's zone, as their days are counted (UTC when unset or no longer known)."""
    return zone_named(row.timezone)
