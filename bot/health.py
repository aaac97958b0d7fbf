"""A heartbeat file the running bot touches, and the check the container's HEALTHCHECK runs."""

from __future__ import annotations

import time
from pathlib import Path

from bot.config import Settings

STALE_AFTER = 120  # seconds


def heartbeat_path(settings: Settings) -> Path:
    return settings.database.with_name("heartbeat")


def beat(settings: Settings, state: str = "ready") -> None:
    path = heartbeat_path(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{time.time():.0f} {state}\n", encoding="ascii")


def check_heartbeat(settings: Settings, now: float | None = None) -> tuple[bool, str]:
    path = heartbeat_path(settings)
    try:
        stamp, _, state = path.read_text(encoding="ascii").strip().partition(" ")
        age = (now or time.time()) - float(stamp)
    except (OSError, ValueError):
        return False, f"unhealthy: no heartbeat at {path}"
    if age > STALE_AFTER:
        return False, f"unhealthy: last heartbeat {age:.0f} s ago"
    return True, f"healthy: {state}, heartbeat {age:.0f} s ago"
