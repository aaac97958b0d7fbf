"""Daily-quote rules: when a server's quote is due in its own time zone, and which quote comes next.

Pure functions over the standard library's zoneinfo: a wall-clock time that does not exist on a
spring-forward day is posted at the first valid moment after it; one that happens twice on a fall-back
day is posted at its first occurrence. Each local date has one slot, so no day can get two posts.
"""

from __future__ import annotations

import functools
import hashlib
import re
import zoneinfo
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from bot.domain.content import Quote
from bot.domain.errors import BadTime, BadTimezone, NoQuotes, NoQuotesOnTopic

_HHMM = re.compile(r"\s*(\d{1,2})[:.h](\d{2})\s*")


def parse_time(text: str) -> time:
    """'09:00', '9:00', '21.30' or '21h30' -> time; anything else is refused with a hint."""
    m = _HHMM.fullmatch(text or "")
    if not m or int(m[1]) > 23 or int(m[2]) > 59:
        raise BadTime(value=(text or "")[:20])
    return time(int(m[1]), int(m[2]))


@functools.cache
def zone_names() -> tuple[str, ...]:
    """Every IANA zone name the system (or the tzdata package) knows, sorted."""
    return tuple(sorted(n for n in zoneinfo.available_timezones() if "/" in n or n == "UTC"))


def zone(name: str) -> zoneinfo.ZoneInfo:
    """The IANA zone for a name; case is forgiven, anything unknown is refused."""
    wanted = (name or "").strip()
    exact = next((n for n in zone_names() if n.casefold() == wanted.casefold()), None)
    if exact is None:
        raise BadTimezone(value=wanted[:40])
    return zoneinfo.ZoneInfo(exact)


def occurrence(day: date, at: time, tz: zoneinfo.ZoneInfo) -> datetime:
    """The UTC instant at which the wall clock in `tz` shows `at` on `day`, DST included."""
    wall = datetime.combine(day, at)
    first = wall.replace(tzinfo=tz, fold=0)
    utc = first.astimezone(UTC)
    if utc.astimezone(tz).replace(tzinfo=None) == wall:
        return utc  # exists (on a fall-back day, fold=0 is the first of the two)
    # In a spring-forward gap: the first instant whose wall time is past `at`.
    lo = wall.replace(tzinfo=tz, fold=1).astimezone(UTC)  # before the gap
    hi = utc  # after it
    while hi - lo > timedelta(seconds=1):
        mid = lo + (hi - lo) / 2
        if mid.astimezone(tz).replace(tzinfo=None) >= wall:
            hi = mid
        else:
            lo = mid
    return hi.replace(microsecond=0)


@dataclass(frozen=True)
class Slot:
    """One server's post for one local date, due at a UTC instant."""

    local_date: date
    due_at: datetime


def first_slot(at: time, tz: zoneinfo.ZoneInfo, now: datetime, taken: Iterable[date] = ()) -> Slot:
    """The first slot strictly after `now` on a day that has no post yet (a new or changed schedule
    never posts at once for a time already past today)."""
    taken = set(taken)
    day = now.astimezone(tz).date() - timedelta(days=1)
    while True:
        due = occurrence(day, at, tz)
        if due > now and day not in taken:
            return Slot(day, due)
        day += timedelta(days=1)


def slot_after(done: date, at: time, tz: zoneinfo.ZoneInfo, now: datetime, grace: timedelta) -> tuple[Slot, list[date]]:
    """The slot after `done` that can still be posted (due in the future, or late by at most `grace`),
    and the days in between that were missed for good."""
    missed: list[date] = []
    day = done + timedelta(days=1)
    while True:
        due = occurrence(day, at, tz)
        if due + grace >= now:
            return Slot(day, due), missed
        missed.append(day)
        day += timedelta(days=1)


def is_late(slot: Slot, now: datetime, grace: timedelta) -> bool:
    """Too late to post: the grace window after the due time has passed."""
    return now > slot.due_at + grace


def _rank(seed: int, cycle: int, quote_id: str) -> bytes:
    return hashlib.sha256(f"{seed}:{cycle}:{quote_id}".encode()).digest()


def quote_pool(quotes: Iterable[Quote], topic: str | None) -> list[str]:
    """The ids a server's post is chosen from: the quotes on its topic, or every quote when it has none.
    A topic the course no longer has has no quotes (the server asked for that topic, not for any quote).
    An empty pool is refused, so that a moderator is told rather than the post failing."""
    pool = [q.id for q in quotes if topic is None or topic in q.topics]
    if not pool:
        raise NoQuotesOnTopic(topic=topic) if topic is not None else NoQuotes()
    return pool


def next_quote(pool: Sequence[str], history: Sequence[str], seed: int) -> str:
    """The next quote of a server's rotation: none repeats until every quote of the pool was shown;
    the order is a shuffle keyed by the server's seed and the round, so servers and rounds differ.
    `history` is the server's earlier quotes, oldest first (quotes no longer in the pool are ignored)."""
    if not pool:
        raise ValueError("empty pool")
    members = set(pool)
    shown: set[str] = set()
    cycle = 0
    for quote_id in history:
        if quote_id in members:
            shown.add(quote_id)
            if shown == members:
                shown, cycle = set(), cycle + 1
    fresh = [q for q in pool if q not in shown]
    return min(fresh, key=lambda q: _rank(seed, cycle, q))


def post_marker(day: date) -> str:
    """The date written in a post's footer; it is how an unconfirmed post is found again."""
    return day.isoformat()


def post_nonce(guild_id: int, day: date) -> str:
    """A message nonce unique to a server's day (Discord allows 25 characters)."""
    return f"d{guild_id % 10**12}{day:%y%m%d}"
