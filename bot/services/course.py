"""The course in service, and all-or-nothing reloads of it."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from bot.domain.catalog import Catalog
from bot.domain.clock import Clock
from bot.storage.audit import AuditRepository

log = logging.getLogger(__name__)

# raises an exception with `.errors` on bad content: file:line problems, each with `render(lang)`
Loader = Callable[[Path], Catalog]


@dataclass
class ReloadResult:
    ok: bool
    catalog: Catalog
    errors: list[str] = field(default_factory=list)  # in English (the log's and the audit's language)
    problems: list[Any] = field(default_factory=list)  # the same problems, each with `render(lang)`

    def errors_in(self, lang: str) -> list[str]:
        """The problems as a moderator reads them, in `lang`."""
        return in_language(self.problems, self.errors, lang)


def in_language(problems: list[Any], errors: list[str], lang: str) -> list[str]:
    """`problems` written in `lang`, or the English `errors` for a failure that is not the content's (a fault
    of the loader's own, reported as it was raised)."""
    return [p.render(lang) for p in problems] if problems else errors


class SharedCourse(Protocol):
    """The course a cluster of processes shares (bot.services.cluster.CourseCluster)."""

    async def share(self, catalog: Catalog, user_id: int | None) -> None:
        """Hand the course just accepted here to the other processes."""

    async def newer_than(self, fingerprint: str) -> Callable[[Path], object] | None:
        """What writes the cluster's course into a folder, when it is not the course `fingerprint`; else None."""


class CourseNotLoaded(RuntimeError):
    """The catalog was asked for before the first load finished: callers wait for `CourseService.ready()`."""


class CourseService:
    """Holds the catalog; a reload either replaces it whole or leaves it untouched.

    The first catalog is given at construction, or read later by `load()`: the bot reads it while it connects
    to Discord, and what arrives meanwhile waits for `ready()`."""

    def __init__(self, catalog: Catalog | None, folder: Path, loader: Loader, clock: Clock,
                 audit: AuditRepository):
        self._catalog = catalog
        self.folder = folder
        self._load = loader
        self.clock = clock
        self.audit = audit
        self.loaded_at: datetime = clock.now()
        self.last_errors: list[str] = []
        self.last_problems: list[Any] = []
        self._lock = asyncio.Lock()
        self._loaded = asyncio.Event()
        self.shared: SharedCourse | None = None  # set when other processes serve the same course
        if catalog is not None:
            self._loaded.set()

    @property
    def catalog(self) -> Catalog:
        if self._catalog is None:
            raise CourseNotLoaded("the course is still loading: wait for CourseService.ready() first")
        return self._catalog

    @property
    def is_loaded(self) -> bool:
        return self._catalog is not None

    async def ready(self) -> None:
        """Return once the course is loaded (at once, after the first load)."""
        await self._loaded.wait()

    async def load(self) -> Catalog:
        """The first load, off the event loop. Raises what the loader raises (ContentErrors for problems in
        the files) and stays unloaded then; once loaded, returns the catalog in service."""
        async with self._lock:
            if self._catalog is None:
                catalog = await asyncio.to_thread(self._load, self.folder)
                self._catalog = catalog
                self.loaded_at = self.clock.now()
                self._loaded.set()
                log.info("course loaded: %s", catalog.fingerprint)
            return self._catalog

    async def reload(self, *, user_id: int | None = None, guild_id: int | None = None,
                     action: str = "reload", file: str | None = None,
                     install: Callable[[Path], Callable[[], object]] | None = None) -> ReloadResult:
        """Load the folder again, all or nothing; an accepted course goes to the rest of the cluster, if any,
        before the next reload or sync may start. `install` (an upload) writes into the folder first, under the
        same turn, so a course taken from the cluster meanwhile cannot overwrite it unseen; it returns what
        undoes it, done if the course is refused."""
        async with self._lock:
            undo = None if install is None else await asyncio.to_thread(install, self.folder)
            result = await self._reload(self._load, user_id=user_id, guild_id=guild_id, action=action, file=file)
            if not result.ok and undo is not None:
                await asyncio.to_thread(undo)
            if result.ok and self.shared is not None:
                try:
                    await self.shared.share(result.catalog, user_id)
                except Exception:  # noqa: BLE001 - served here all the same; the other processes keep theirs
                    log.exception("course %s accepted here, but could not be handed to the other processes",
                                  result.catalog.fingerprint)
            return result

    async def take_shared(self) -> ReloadResult | None:
        """The cluster's course, when it is not the one in service: written into the folder and loaded, all or
        nothing (a course that does not load here leaves the folder and the course in service as they were).
        None when there is nothing to take."""
        async with self._lock:
            write = None if self.shared is None else await self.shared.newer_than(self.catalog.fingerprint)
            if write is None:
                return None

            def load(folder: Path) -> Catalog:
                write(folder)
                return self._load(folder)

            return await self._reload(load, action="sync")

    async def _reload(self, load: Loader, *, user_id: int | None = None, guild_id: int | None = None,
                      action: str, file: str | None = None) -> ReloadResult:
        try:
            catalog = await asyncio.to_thread(load, self.folder)
        except Exception as exc:  # the loader reports content problems as an exception with .errors
            problems = list(getattr(exc, "errors", []))
            errors = [str(e) for e in problems] or [f"{type(exc).__name__}: {exc}"]
            self.last_errors, self.last_problems = errors, problems
            log.warning("course %s refused: %d error(s); the course in service is unchanged", action, len(errors))
            await self.audit.record(at=self.clock.now(), action=f"{action}-refused", user_id=user_id,
                                    guild_id=guild_id, file=file, fingerprint=self._catalog.fingerprint,
                                    detail="\n".join(errors[:20]))
            return ReloadResult(False, self._catalog, errors, problems)
        previous = self._catalog.fingerprint
        self._catalog = catalog
        self.loaded_at = self.clock.now()
        self.last_errors, self.last_problems = [], []
        log.info("course %s: %s -> %s", action, previous, catalog.fingerprint)
        await self.audit.record(at=self.loaded_at, action=action, user_id=user_id, guild_id=guild_id,
                                file=file, fingerprint=catalog.fingerprint, detail=f"from {previous}")
        return ReloadResult(True, catalog)
