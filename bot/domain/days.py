"""A learner's days: counted in their own time zone (the one they set with /mydata timezone or /remind), UTC
until they set one. Their streak, the day an answer counts for, "due today" and the activity calendar all use
these, so a learner in Los Angeles answering at 18:00 and 23:00 on two evenings has two days, not one or three."""

from __future__ import annotations

import functools
import zoneinfo
from datetime import UTC, date, datetime, time, tzinfo

UTC_ZONE = zoneinfo.ZoneInfo("UTC")


@functools.lru_cache(maxsize=1024)
def zone_named(name: str | None) -> zoneinfo.ZoneInfo:
    """The zone stored for a learner (an IANA name, or None: none set). A name the system no longer knows (a
    tzdata update may retire one) counts as UTC rather than failing their answers. Cached: the answer path
    calls this with every click."""
    if not name:
        return UTC_ZONE
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return UTC_ZONE


def local_date(now: datetime, zone: tzinfo) -> date:
    """The learner's date at the instant `now`."""
    return now.astimezone(zone).date()


def day_start(day: date, zone: tzinfo) -> datetime:
    """When `day` begins in `zone` (midnight, or the first moment after it on a day that skips it)."""
    return datetime.combine(day, time(), zone).astimezone(UTC).astimezone(zone)
