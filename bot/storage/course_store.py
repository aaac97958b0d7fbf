"""The course a cluster serves: the accepted version's files, and which process serves which version.

A process that accepts a course writes every file of it here in one transaction, with its fingerprint; on
PostgreSQL the same transaction NOTIFYs `course_changed` (payload: the fingerprint), which PostgreSQL delivers to
every listening process once the transaction commits, never before and never for a rolled-back one."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from bot.storage.engine import Database
from bot.storage.timefmt import from_db, to_db

CHANNEL = "course_changed"


@dataclass(frozen=True)
class AcceptedCourse:
    fingerprint: str
    accepted_at: datetime
    accepted_by: int | None
    files: dict[str, str] = field(default_factory=dict)  # path in the course folder -> text


@dataclass(frozen=True)
class Server:
    """One process of the cluster, as it last reported itself."""

    label: str
    shards: str
    fingerprint: str
    seen_at: datetime


class CourseStore:
    def __init__(self, db: Database):
        self.db = db

    async def listen(self, callback: Callable[[str | None], object]) -> bool:
        """Hear accepted courses announced by any process (see Database.listen); False on a one-process engine."""
        return await self.db.listen(CHANNEL, callback)

    async def accepted(self, *, with_files: bool = True) -> AcceptedCourse | None:
        """The course accepted last (None before the first), read in one snapshot with its files."""
        async with self.db.snapshot() as tx:
            row = await tx.fetchone("SELECT fingerprint, accepted_at, accepted_by FROM course_release WHERE slot = 1")
            if row is None:
                return None
            files = {}
            if with_files:
                files = {r["path"]: r["body"] for r in await tx.fetchall("SELECT path, body FROM course_files")}
        return AcceptedCourse(row["fingerprint"], from_db(row["accepted_at"]), row["accepted_by"], files)

    async def accept(self, files: Mapping[str, str], fingerprint: str, at: datetime, by: int | None, *,
                     only_first: bool = False) -> bool:
        """Make `files` the accepted course and announce it, all in one transaction. With `only_first`, only
        when no course was accepted yet (the first process of a new cluster offers its folder's course; two
        starting at once cannot both win). Whether it was written."""
        async with self.db.transaction() as tx:
            taken = await tx.execute(
                "INSERT INTO course_release (slot, fingerprint, accepted_at, accepted_by) VALUES (1, ?, ?, ?)"
                " ON CONFLICT (slot) DO " + ("NOTHING" if only_first else
                                            "UPDATE SET fingerprint = excluded.fingerprint,"
                                            " accepted_at = excluded.accepted_at, accepted_by = excluded.accepted_by"),
                (fingerprint, to_db(at), by))
            if not taken:
                return False
            await tx.execute("DELETE FROM course_files")
            await tx.executemany("INSERT INTO course_files (path, body) VALUES (?, ?)", sorted(files.items()))
            if self.db.dialect.name == "postgresql":  # delivered at commit; SQLite has no other process to tell
                await tx.execute("SELECT pg_notify(?, ?)", (CHANNEL, fingerprint))
        return True

    async def serving(self, label: str, shards: str, fingerprint: str, at: datetime) -> None:
        await self.db.execute(
            "INSERT INTO course_servers (label, shards, fingerprint, seen_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (label) DO UPDATE SET shards = excluded.shards, fingerprint = excluded.fingerprint,"
            " seen_at = excluded.seen_at", (label, shards, fingerprint, to_db(at)))

    async def servers(self, since: datetime) -> list[Server]:
        """The processes seen since `since`, by label."""
        rows = await self.db.fetchall(
            "SELECT label, shards, fingerprint, seen_at FROM course_servers WHERE seen_at >= ? ORDER BY label",
            (to_db(since),))
        return [Server(r["label"], r["shards"], r["fingerprint"], from_db(r["seen_at"])) for r in rows]

    async def forget(self, label: str | None = None, *, before: datetime | None = None) -> None:
        """Remove a process that stopped (`label`), or every one not seen since `before`."""
        if label is not None:
            await self.db.execute("DELETE FROM course_servers WHERE label = ?", (label,))
        if before is not None:
            await self.db.execute("DELETE FROM course_servers WHERE seen_at < ?", (to_db(before),))
