"""How times are stored: ISO-8601 text in UTC, which sorts as it should."""

from __future__ import annotations

from datetime import UTC, datetime


def to_db(when: datetime) -> str:
    return when.astimezone(UTC).isoformat(timespec="seconds")


def from_db(text: str | None) -> datetime | None:
    return None if text is None else datetime.fromisoformat(text)
