"""The interactions being handled right now, so a stop can let them finish (see Runner.finish_in_flight)."""

from __future__ import annotations

import asyncio


class InFlight:
    """The tasks handling an interaction: each enters when it reaches the bot's code (the click's dispatch, a
    command's check) and leaves when it ends."""

    def __init__(self) -> None:
        self._tasks: set[asyncio.Task] = set()

    def enter(self) -> None:
        task = asyncio.current_task()
        if task is not None and task not in self._tasks:
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    def tasks(self) -> set[asyncio.Task]:
        return set(self._tasks)
