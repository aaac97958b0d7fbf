"""Review-reminder times: when a learner's daily check falls in their own zone, and when its day is over.

The wall-clock rules are the daily quote's (bot/domain/daily.py): a time in a spring-forward gap falls at the
first valid moment after it, one that happens twice on a fall-back day at its first occurrence. A reminder may
go late, but only within its own local day: a day the bot missed whole is skipped, never sent the next day.
"""

from __future__ import annotations

import zoneinfo
from datetime import date, datetime, time, timedelta

from bot.domain.daily import Slot, first_slot, occurrence

__all__ = ["Slot", "day_end", "first_check", "is_over", "marker", "next_check", "nonce"]
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def first_check(at: time, tz: zoneinfo.ZoneInfo, now: datetime, taken: set[date]) -> Slot:
    """The first check strictly after `now` on a day that had no DM yet (turning reminders on, or changing
    their time or zone, never sends at once, nor twice on one day)."""
    return first_slot(at, tz, now, taken)


def day_end(day: date, tz: zoneinfo.ZoneInfo) -> datetime:
    """The UTC instant `day` ends on the wall clock of `tz` (its next midnight, or the first moment after
    it where a zone springs forward at midnight)."""
    return occurrence(day + timedelta(days=1), time(0, 0), tz)


def is_over(day: date, tz: zoneinfo.ZoneInfo, now: datetime) -> bool:
    return now >= day_end(day, tz)


def next_check(done: date, at: time, tz: zoneinfo.ZoneInfo, now: datetime) -> tuple[Slot, list[date]]:
    """The check after the one for `done`: the next day that is not over yet (its time may have passed, then
    it is due at once), and the days in between, missed for good."""
    missed: list[date] = []
    day = done + timedelta(days=1)
    while is_over(day, tz, now):
        missed.append(day)
        day += timedelta(days=1)
    return Slot(day, occurrence(day, at, tz)), missed


def marker(day: date) -> str:
    """The date a reminder shows; it is how an unconfirmed DM is found again."""
    return day.isoformat()


def nonce(user_id: int, day: date) -> str:
    """A message nonce unique to a learner's day, within Discord's 25 characters (the id in base 36)."""
    digits, n = "", user_id
    while True:
        n, r = divmod(n, 36)
        digits = _DIGITS[r] + digits
        if not n:
            break
    return f"r{digits}{day:%y%m%d}"
