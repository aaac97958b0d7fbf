"""One course for a cluster of processes sharing one database (PostgreSQL).

The course accepted last, by any process's `/content upload` or `/content reload`, is kept in the database, files
and all (bot.storage.course_store). Its process announces it (NOTIFY); every process hears it (LISTEN) and takes
it: written into its own course folder and reloaded all or nothing, as a reload is. At start a process takes the
database's course too, so one started on an older folder serves what the others serve; the first process of a
new cluster offers its folder's course. The database's course is the cluster's: to change it, upload a file or
edit one process's folder and `/content reload` there.

Each process reports the course it serves every few minutes (for `/content status`), and looks at the
database's course then too, so a notification missed while its listening connection was down costs minutes,
not the whole run. On SQLite (one process) none of this runs: `start` says so and returns."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import socket
from collections.abc import Callable
from datetime import timedelta
from functools import partial
from pathlib import Path

from bot.content import staging
from bot.domain.catalog import Catalog
from bot.domain.clock import Clock
from bot.domain.shards import Shards
from bot.services.course import CourseService
from bot.storage.course_store import CourseStore, Server

log = logging.getLogger(__name__)
REPORT_EVERY = 120.0  # seconds between two reports of the course a process serves
GONE_AFTER = timedelta(minutes=10)  # a process not heard of for this long is not listed
FORGET_AFTER = timedelta(days=1)  # ... and its row is removed after this long


def default_label() -> str:
    """The process's name in /content status: its host and process id."""
    return f"{socket.gethostname()}:{os.getpid()}"


def shards_text(shards: Shards) -> str:
    """'0-1/4': the shards a process runs and how many there are, in no language."""
    return shards.describe().removeprefix("shards ").replace(" of ", "/")


class CourseCluster:
    def __init__(self, course: CourseService, store: CourseStore, clock: Clock, label: str | None = None):
        self.course = course
        self.store = store
        self.clock = clock
        self.label = label or default_label()
        self.shards = ""
        self.active = False  # True once listening: other processes share the database
        self._wake = asyncio.Event()

    async def serve(self, shards: Shards) -> None:
        """`start`, then `follow`, until cancelled."""
        if await self.start(shards):
            await self.follow()

    async def follow(self) -> None:
        """Take each course announced, and report the one served every few minutes, until cancelled."""
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), REPORT_EVERY)
            self._wake.clear()
            await self.sync()

    async def start(self, shards: Shards) -> bool:
        """Once the course is loaded: listen for courses accepted elsewhere, offer this folder's course if the
        cluster has none, and take the cluster's if it differs. False on a database no other process shares."""
        await self.course.ready()
        self.shards = shards_text(shards)
        # once per process: a bot that retries its Discord login starts again, on the same database
        if not self.active and not await self.store.listen(self._heard):
            return False
        self.active = True
        self.course.shared = self
        try:
            catalog = self.course.catalog
            files = await asyncio.to_thread(staging.course_texts, self.course.folder)
            if await self.store.accept(files, catalog.fingerprint, self.clock.now(), None, only_first=True):
                log.info("this process's course %s is the cluster's first", catalog.fingerprint)
        except Exception:  # noqa: BLE001 - another process may offer its own; this one serves its folder
            log.exception("could not offer this process's course to the cluster")
        await self.sync()
        return True

    def _heard(self, fingerprint: str | None) -> None:
        """A course announced (its fingerprint), or None: the listening connection is new, so look anyway."""
        self._wake.set()

    async def sync(self) -> None:
        """Take the cluster's course if it is not the one served, and report what this process serves."""
        try:
            result = await self.course.take_shared()
            if result is not None and not result.ok:
                log.error("the cluster's course does not load here; still serving %s:\n%s",
                          result.catalog.fingerprint, "\n".join(result.errors[:20]))
            await self.report()
        except Exception:  # noqa: BLE001 - tried again at the next announcement or report
            log.exception("could not take the cluster's course")

    async def report(self) -> None:
        now = self.clock.now()
        await self.store.serving(self.label, self.shards, self.course.catalog.fingerprint, now)
        await self.store.forget(before=now - FORGET_AFTER)

    # SharedCourse, for CourseService

    async def share(self, catalog: Catalog, user_id: int | None) -> None:
        files = await asyncio.to_thread(staging.course_texts, self.course.folder)
        await self.store.accept(files, catalog.fingerprint, self.clock.now(), user_id)
        await self.store.serving(self.label, self.shards, catalog.fingerprint, self.clock.now())
        log.info("course %s handed to the cluster (%d files)", catalog.fingerprint, len(files))

    async def newer_than(self, fingerprint: str) -> Callable[[Path], object] | None:
        accepted = await self.store.accepted(with_files=False)
        if accepted is None or accepted.fingerprint == fingerprint:
            return None
        accepted = await self.store.accepted()  # the files, read only when they are needed
        if accepted is None or accepted.fingerprint == fingerprint:
            return None
        log.info("taking the cluster's course %s (accepted %s)", accepted.fingerprint, accepted.accepted_at)
        return partial(staging.install_course, files=accepted.files, now=self.clock.now())

    async def servers(self) -> list[Server]:
        """The processes serving (heard of lately), by label; [] for a single process."""
        if not self.active:
            return []
        return await self.store.servers(since=self.clock.now() - GONE_AFTER)

    async def close(self) -> None:
        """A process that stops leaves the list at once."""
        if self.active:
            with contextlib.suppress(Exception):
                await self.store.forget(self.label)
