"""Learners' reports of problems with course items, and the moderators' queue of them.

A learner reports an item from the feedback that showed it (one open report per learner per item). The queue
groups the open reports by item, each with where the item is in the course files (file:line), so it can be fixed
at once. Whose reports a moderator sees is decided here: the bot's operators see every server's (the course is
one for all of them), a server's moderators their own server's. Resolving tells the reporters who asked to be
told, once each, by the `ReportNotifier` port (a DM on Discord): a refused DM is recorded, never retried."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, replace
from typing import Protocol

from bot.content import locate as course_files
from bot.domain.clock import Clock
from bot.domain.errors import NotModerator
from bot.domain.reports import (
    DISMISSED,
    DMS_CLOSED,
    MAX_CLOSE_NOTE,
    RESOLVED,
    TELL_FAILED,
    TOLD,
    AlreadyReported,
    ItemRef,
    ItemReports,
    NewReport,
    NoOpenReports,
    checked,
    grouped,
)
from bot.services.course import CourseService
from bot.services.guilds import GuildSettingsService
from bot.services.operators import CourseEditors
from bot.services.posting import PostFailed, PostRefused
from bot.storage.reports import ReportRepository

log = logging.getLogger(__name__)

# The hook for the item statistics' flags (too easy, too hard, ...): () -> {item key: its flags}. Set by the
# composition root when a service lists flagged items; the queue then shows an item's flags beside its reports.
FlaggedItems = Callable[[], Awaitable[dict[str, tuple[str, ...]]]]


def flags_from(item_stats) -> FlaggedItems:
    """The hook over the item statistics' `flagged()` (entries with `.item` and `.stats.flags`, one per language):
    each flagged question's flags, over all its languages, most pressing first."""

    async def flagged() -> dict[str, tuple[str, ...]]:
        found: dict[str, tuple[str, ...]] = {}
        for entry in await item_stats.flagged():
            key = f"question:{entry.item.id}"
            found[key] = tuple(dict.fromkeys([*found.get(key, ()), *(str(f) for f in entry.stats.flags)]))
        return found

    return flagged


class ReportNotifier(Protocol):
    async def tell_fixed(self, user_id: int, lang: str, item: ItemRef, note: str) -> None:
        """Tell a reporter their item was fixed. PostRefused when they cannot be told (closed DMs), PostFailed
        for a passing failure."""


@dataclass(frozen=True)
class Scope:
    """Whose reports a moderator sees: every server's (an operator), or one server's."""

    everywhere: bool
    guild_id: int | None


@dataclass(frozen=True)
class Closing:
    item: ItemRef
    status: str  # resolved or dismissed
    closed: int  # reports closed
    told: int  # reporters told it was fixed
    not_told: int  # reporters who asked but could not be told (closed DMs, an outage)


class ReportService:
    def __init__(self, course: CourseService, repo: ReportRepository, guilds: GuildSettingsService,
                 editors: CourseEditors, clock: Clock):
        self.course = course
        self.repo = repo
        self.guilds = guilds
        self.editors = editors
        self.clock = clock
        self.flagged_items: FlaggedItems | None = None

    async def report(self, item: ItemRef, user_id: int, guild_id: int | None, lang: str, reason: str,
                     note: str = "", notify: bool = False) -> None:
        """Store a learner's report, with the course version in service; AlreadyReported when they have an open
        one on this item."""
        version = self.course.catalog.course.version
        new = checked(NewReport(item, user_id, guild_id, reason, note, lang, version, notify))
        if not await self.repo.add(new, self.clock.now()):
            raise AlreadyReported()

    async def scope(self, user_id: int, guild_id: int | None, manages_server: bool,
                    role_ids: Iterable[int]) -> Scope:
        """An operator sees every report; a server's moderator the server's; anyone else is refused."""
        if self.editors.is_operator(user_id):
            return Scope(True, guild_id)
        if guild_id is None:
            raise NotModerator()
        await self.guilds.require_moderator(guild_id, manages_server, role_ids)
        return Scope(False, guild_id)

    async def queue(self, scope: Scope, locate: bool = True) -> list[ItemReports]:
        """The open reports in the scope by item, most reported first, each with its file:line and flags
        (without `locate`, only the reports: an autocomplete's quick list)."""
        groups = grouped(await self.repo.open_reports(scope.everywhere, scope.guild_id))
        if not locate:
            return groups
        folder = self.course.folder
        places = await asyncio.to_thread(lambda: [course_files.locate(folder, g.item.kind, g.item.id)
                                                   for g in groups])
        flags = await self.flagged_items() if self.flagged_items is not None else {}
        return [replace(g, where=where, flagged=tuple(flags.get(g.item.key, ())))
                for g, where in zip(groups, places, strict=True)]

    async def resolve(self, scope: Scope, item_key: str, note: str, moderator_id: int,
                      notifier: ReportNotifier | None) -> Closing:
        """Close the item's open reports as fixed, and tell each reporter who asked, once."""
        return await self._close(scope, item_key, RESOLVED, note, moderator_id, notifier)

    async def dismiss(self, scope: Scope, item_key: str, note: str, moderator_id: int) -> Closing:
        """Close the item's open reports as not a problem; nobody is told."""
        return await self._close(scope, item_key, DISMISSED, note, moderator_id, None)

    async def _close(self, scope: Scope, item_key: str, status: str, note: str, moderator_id: int,
                     notifier: ReportNotifier | None) -> Closing:
        item = ItemRef.parse(item_key)
        note = " ".join(note.split())[:MAX_CLOSE_NOTE]
        closed = await self.repo.close(item, status, note, moderator_id, scope.everywhere, scope.guild_id,
                                       self.clock.now())
        if not closed:
            raise NoOpenReports(item=item_key)
        told = not_told = 0
        for report in closed:
            if status != RESOLVED or not report.notify or notifier is None:
                continue
            try:
                await notifier.tell_fixed(report.user_id, report.lang, item, note)
                outcome = TOLD
                told += 1
            except PostRefused as exc:
                outcome = DMS_CLOSED if exc.reason == DMS_CLOSED else TELL_FAILED
                not_told += 1
            except PostFailed as exc:
                log.warning("could not tell reporter of report %s: %s", report.id, exc)
                outcome = TELL_FAILED
                not_told += 1
            await self.repo.mark_told(report.id, outcome, self.clock.now())
        return Closing(item, status, len(closed), told, not_told)
