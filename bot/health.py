"""A heartbeat file the running bot keeps fresh, and the check the container's HEALTHCHECK runs.

The bot rewrites the file every BEAT_SECONDS, and at once when its state changes (ready, reconnecting,
stopping). The file names the bot's process, so `check_heartbeat` knows at once when that process is gone
(a crash, kill -9); a file older than STALE_AFTER means the process is alive but its event loop is stuck.
Only "ready" is healthy: a bot still connecting, reconnecting or offline answers no one.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
import logging
import os
import socket
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from bot.config import Settings

log = logging.getLogger(__name__)

BEAT_SECONDS = 2.0
STALE_AFTER = 10.0  # five beats missed: the loop has been stuck for seconds, not a slow moment
READY = "ready"


def heartbeat_path(settings: Settings) -> Path:
    """Beside the SQLite file. With PostgreSQL, in the temporary folder (writable wherever the bot runs, in
    its container too, where the working folder is not), one file per database and shard range: the processes
    of a cluster on one host each keep their own, and `python -m bot health` with the same settings finds it."""
    if isinstance(settings.database, Path):
        return settings.database.with_name("heartbeat")
    key = f"{settings.database}|{settings.shard_count}|{settings.shard_ids}"
    return Path(tempfile.gettempdir()) / f"study-tutor-bot-{hashlib.sha256(key.encode()).hexdigest()[:16]}.heartbeat"


class Heartbeat:
    """Writes `state()` (with the time, the process id and the host) to the heartbeat file."""

    def __init__(self, path: Path, state: Callable[[], str], clock: Callable[[], float] = time.time):
        self.path = path
        self.state = state
        self.clock = clock
        self._failing = False

    def write(self, state: str | None = None) -> None:
        """Write now: `state`, or what `state()` says. A failure is logged once and the bot runs on: the
        health check then reports the file as stale, which is the truth about what it can know."""
        record = {"time": self.clock(), "pid": os.getpid(), "host": socket.gethostname(),
                  "state": state or self.state()}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            partial = self.path.with_name(self.path.name + ".new")
            partial.write_text(json.dumps(record) + "\n", encoding="utf-8")
            partial.replace(self.path)  # whole or not at all: the check never reads half a file
        except OSError as exc:
            if not self._failing:
                log.warning("cannot write the heartbeat file %s (%s): `python -m bot health` will report the "
                            "bot unhealthy", self.path, exc.strerror)
            self._failing = True
        else:
            self._failing = False

    async def run(self) -> None:
        """Write every BEAT_SECONDS, for good (cancel it to stop)."""
        while True:
            self.write()
            await asyncio.sleep(BEAT_SECONDS)


def process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, under another user
    with contextlib.suppress(OSError, IndexError):  # on Linux: a dead process not yet reaped by its parent
        stat = Path(f"/proc/{pid}/stat").read_text()
        return stat.rpartition(")")[2].split()[0] != "Z"
    return True


def check_heartbeat(settings: Settings, now: float | None = None,
                    alive: Callable[[int], bool] = process_alive) -> tuple[bool, str]:
    """(healthy, one line saying why) from the heartbeat file."""
    path = heartbeat_path(settings)
    try:
        beat = json.loads(path.read_text(encoding="utf-8"))
        stamp, pid, host, state = float(beat["time"]), int(beat["pid"]), str(beat["host"]), str(beat["state"])
    except (OSError, ValueError, KeyError, TypeError):
        return False, f"unhealthy: no heartbeat at {path}: is the bot running, with this TUTOR_DATABASE?"
    age = (time.time() if now is None else now) - stamp
    # a process id means something only on the host (or in the container) that wrote it
    if host == socket.gethostname() and not alive(pid):
        return False, f"unhealthy: the bot (pid {pid}) is not running; its last state was {state}, {age:.0f} s ago"
    if age > STALE_AFTER:
        return False, f"unhealthy: last heartbeat {age:.0f} s ago ({state}): the bot is stuck or stopped"
    if state != READY:
        return False, f"unhealthy: {state} (pid {pid}, heartbeat {age:.0f} s ago)"
    return True, f"healthy: {state} (pid {pid}, heartbeat {age:.0f} s ago)"
