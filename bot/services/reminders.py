"""Review reminders: a learner turns them on (/remind on) and gets one DM a day at their local time, when reviews
are due then. The Discord adapter implements `ReminderSender`; the scheduler calls `run_due`."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Protocol

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
    def __init__(self, *args: object, **kwargs: object):
        self.changed = asyncio.Event()  # set when a reminder is set or changed, so the scheduler recomputes

    async def turn_on(self, user_id: int, local_time: str | None = None, timezone: str | None = None
                      ) -> ReminderStatus:
        raise NotImplementedError

    async def turn_off(self, user_id: int) -> None:
        raise NotImplementedError

    async def status(self, user_id: int) -> ReminderStatus:
        raise NotImplementedError

    async def zone_changed(self, user_id: int) -> None:
        raise NotImplementedError

    async def untold_problem(self, user_id: int) -> str | None:
        raise NotImplementedError

    async def next_wake(self) -> datetime | None:
        raise NotImplementedError

    async def run_due(self, sender: ReminderSender, batch: int = 100) -> int:
        raise NotImplementedError

