"""Assignments: a quiz on a topic that a server's moderator sets for a date, and the rules around it.

The due time is a date and a time on the server's wall clock (the zone is chosen by the service), stored as a UTC
instant. A learner's result is their first quiz of the assignment finished by the due time: answers given after it
do not count, and a finished attempt is never replaced. The channel is reminded a day before the due time, once;
an assignment set less than a day ahead gets no reminder (its learners have just been told of it, and a reminder
at once would only repeat the moderator's news). After the due time its creator gets a summary, once."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.domain.daily import occurrence
from bot.domain.errors import DomainError

REMIND_BEFORE = timedelta(days=1)
FURTHEST = timedelta(days=366)  # a due time further ahead is a typo in the year, most likely
END_OF_DAY = time(23, 59)  # "YYYY-MM-DD" alone: the end of that day
_DUE = re.compile(r"\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]+(\d{1,2})[:.h](\d{2}))?\s*")


class BadDue(DomainError):
    """A due time that does not read as a date (and a time)."""

    key = "error.bad_due"  # params: value


class DueInPast(DomainError):
    key = "error.due_in_past"  # params: when (a Discord timestamp, composed by the adapter, or the local time)


class DueTooFar(DomainError):
    key = "error.due_too_far"


class NoSuchAssignment(DomainError):
    """An assignment that is not open in this server (never was, cancelled, or another server's)."""

    key = "error.no_such_assignment"


class NotAssignedToYou(DomainError):
    """An assignment for a role the learner does not have."""

    key = "error.not_assigned_to_you"


class AssignmentClosed(DomainError):
    key = "error.assignment_closed"  # params: when


class AlreadyDone(DomainError):
    """The learner finished the assignment: their first result stands."""

    key = "error.assignment_done"  # params: right, total


def parse_due(text: str, zone: ZoneInfo) -> datetime:
    """'2026-03-09 18:00' (or '2026-03-09T18:00', '18.00', '18h00') on the wall clock of `zone`, as a UTC
    instant; a date alone is the end of that day. A wall time that a daylight-saving change skips is the first
    moment after it, one that happens twice its first occurrence, as the daily quote's times are."""
    m = _DUE.fullmatch(text or "")
    if m is None:
        raise BadDue(value=(text or "")[:30])
    year, month, day, hour, minute = (int(g) if g is not None else None for g in m.groups())
    try:
        at = END_OF_DAY if hour is None else time(hour, minute)
        return occurrence(date(year, month, day), at, zone)
    except ValueError:
        raise BadDue(value=(text or "")[:30]) from None


def check_due(due: datetime, now: datetime) -> None:
    if due <= now:
        raise DueInPast(when=due.isoformat())
    if due - now > FURTHEST:
        raise DueTooFar()


def reminder_time(created: datetime, due: datetime) -> datetime | None:
    """When the channel is reminded: a day before the due time, or never for an assignment set later than that."""
    at = due - REMIND_BEFORE
    return at if at > created else None


def may_take(role_id: int | None, role_ids: Iterable[int]) -> bool:
    """Everyone takes an assignment without a role; a role's, only its members."""
    return role_id is None or role_id in set(role_ids)


@dataclass(frozen=True)
class Answer:
    """One answer counted for an assignment: who, which question, right or not."""

    user_id: int
    item_id: str
    correct: bool


@dataclass(frozen=True)
class Hardest:
    item_id: str
    missed: int
    answered: int


def hardest(answers: Sequence[Answer], order: Sequence[str]) -> Hardest | None:
    """The question missed most often; on a tie, the one with the lower share right, then the earlier in the
    assignment (`order`). None when nobody missed anything."""
    missed: dict[str, int] = {}
    answered: dict[str, int] = {}
    for a in answers:
        answered[a.item_id] = answered.get(a.item_id, 0) + 1
        missed[a.item_id] = missed.get(a.item_id, 0) + (not a.correct)
    position = {item: n for n, item in enumerate(order)}
    ranked = sorted((i for i in missed if missed[i]),
                    key=lambda i: (-missed[i], -missed[i] / answered[i], position.get(i, len(position)), i))
    return Hardest(ranked[0], missed[ranked[0]], answered[ranked[0]]) if ranked else None
