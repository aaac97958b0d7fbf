"""The course in service, and all-or-nothing reloads of it."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from bot.domain.catalog import Catalog
from bot.domain.clock import Clock
from bot.storage.audit import AuditRepository

log = logging.getLogger(__name__)

Loader = Callable[[Path], Catalog]  # raises an exception with `.errors` (file:line problems) on bad content


@dataclass
class ReloadResult:
    ok: bool
    catalog: Catalog
    errors: list[str] = field(default_factory=list)


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
        self._lock = asyncio.Lock()
        self._loaded = asyncio.Event()
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
                     action: str = "reload", file: str | None = None) -> ReloadResult:
        async with self._lock:
            try:
                catalog = await asyncio.to_thread(self._load, self.folder)
            except Exception as exc:  # the loader reports content problems as an exception with .errors
                errors = [str(e) for e in getattr(exc, "errors", [])] or [f"{type(exc).__name__}: {exc}"]
                self.last_errors = errors
                log.warning("course reload refused: %d error(s); the course in service is unchanged", len(errors))
                await self.audit.record(at=self.clock.now(), action=f"{action}-refused", user_id=user_id,
                                        guild_id=guild_id, file=file, fingerprint=self._catalog.fingerprint,
                                        detail="\n".join(errors[:20]))
                return ReloadResult(False, self._catalog, errors)
            previous = self._catalog.fingerprint
            self._catalog = catalog
            self.loaded_at = self.clock.now()
            self.last_errors = []
            log.info("course reloaded: %s -> %s", previous, catalog.fingerprint)
            await self.audit.record(at=self.loaded_at, action=action, user_id=user_id, guild_id=guild_id,
                                    file=file, fingerprint=catalog.fingerprint, detail=f"from {previous}")
            return ReloadResult(True, catalog)
