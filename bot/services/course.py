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


class CourseService:
    """Holds the catalog; a reload either replaces it whole or leaves it untouched."""

    def __init__(self, catalog: Catalog, folder: Path, loader: Loader, clock: Clock, audit: AuditRepository):
        self._catalog = catalog
        self.folder = folder
        self._load = loader
        self.clock = clock
        self.audit = audit
        self.loaded_at: datetime = clock.now()
        self.last_errors: list[str] = []
        self._lock = asyncio.Lock()

    @property
    def catalog(self) -> Catalog:
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
