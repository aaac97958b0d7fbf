"""One SQLite file; one writer connection (every change in a transaction), one reader connection."""

from __future__ import annotations

import asyncio
import logging
import os
import sqlite3
import time
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiosqlite

log = logging.getLogger(__name__)

PRAGMAS = (
    "PRAGMA journal_mode = WAL",
    "PRAGMA foreign_keys = ON",
    # a write waits at most 2 s for another process's lock, so the user still gets an answer inside
    # Discord's 3-second window
    "PRAGMA busy_timeout = 2000",
    "PRAGMA synchronous = NORMAL",
)


class StorageError(Exception):
    """The database cannot do what was asked (locked, read-only, full disk, corrupt).

    `kind` is one of KINDS; the message says what happened and what the operator can do."""

    def __init__(self, message: str, kind: str = "other"):
        super().__init__(message)
        self.kind = kind


# SQLite's primary result codes -> (kind, advice for the operator)
KINDS = {
    "SQLITE_BUSY": ("locked", "another process holds a write lock on it (an open sqlite3 shell or a second bot?)"),
    "SQLITE_LOCKED": ("locked", "another connection holds a lock on it"),
    "SQLITE_READONLY": ("read_only", "it is read-only: check the permissions of the file and its folder, "
                                     "and that the disk is mounted read-write"),
    "SQLITE_FULL": ("full", "the disk is full: free some space"),
    "SQLITE_IOERR": ("io", "the disk reported an I/O error: check the disk"),
    "SQLITE_CORRUPT": ("corrupt", "the file is damaged: restore the latest backup (see README)"),
    "SQLITE_NOTADB": ("corrupt", "the file is not a SQLite database: check TUTOR_DATABASE"),
    "SQLITE_CANTOPEN": ("cannot_open", "the file cannot be opened: check the path and its permissions"),
}
READ_ONLY = ("the file or its folder is read-only (permissions, or a read-only mount): the bot writes the "
             "database and its -wal and -shm files beside it")
LOCK_PAUSE = 1.0  # after a write found the database locked, others fail at once for this long (seconds)


def _writable(path: Path) -> bool:
    """Whether the database file (if it exists) and its folder can be written (False on a read-only mount,
    even for root)."""
    folder = path.parent
    while not folder.exists() and folder != folder.parent:  # the folder is made on open: its nearest parent
        folder = folder.parent
    return os.access(folder, os.W_OK) and (not path.exists() or os.access(path, os.W_OK))


def storage_error(exc: sqlite3.Error, path: Path, doing: str) -> StorageError:
    """A sqlite3 error as a StorageError that says what happened, to which file, and what to do."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    primary = "_".join(name.split("_")[:2])  # SQLITE_IOERR_WRITE -> SQLITE_IOERR
    kind, advice = KINDS.get(primary, ("other", ""))
    if kind in ("cannot_open", "read_only") and not _writable(path):
        kind, advice = "read_only", READ_ONLY
    text = f"could not {doing} in {path}: {exc}"
    return StorageError(f"{text}; {advice}" if advice else text, kind)


class DatabaseTooNew(StorageError):
    def __init__(self, found: int, known: int):
        super().__init__(
            f"the database is at schema version {found}, but this version of the bot knows only up to "
            f"{known}: upgrade the bot, or restore a backup made by this version"
        )
        self.found = found
        self.known = known


class Database:
    def __init__(self, path: Path, writer: aiosqlite.Connection, reader: aiosqlite.Connection):
        self.path = path
        self._writer = writer
        self._reader = reader
        self._lock = asyncio.Lock()
        self._locked: tuple[float, StorageError] | None = None  # the last "database is locked", and when

    @classmethod
    async def open(cls, path: Path | str) -> Database:
        path = Path(path)
        opened: list[aiosqlite.Connection] = []
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            writer = await aiosqlite.connect(path, isolation_level=None)
            opened.append(writer)
            for pragma in PRAGMAS:
                await writer.execute(pragma)
            reader = await aiosqlite.connect(path, isolation_level=None)
            opened.append(reader)
            for pragma in PRAGMAS[1:]:
                await reader.execute(pragma)
            await reader.execute("PRAGMA query_only = ON")
        except (sqlite3.Error, OSError) as exc:
            for conn in opened:
                await conn.close()
            if isinstance(exc, OSError):
                kind, advice = ("cannot_open", "check the path and its permissions") if _writable(path) \
                    else ("read_only", READ_ONLY)
                raise StorageError(f"cannot open database {path}: {exc}; {advice}", kind) from exc
            raise storage_error(exc, path, "open the database") from exc
        writer.row_factory = reader.row_factory = aiosqlite.Row
        return cls(path, writer, reader)

    async def close(self) -> None:
        await self._reader.close()
        await self._writer.close()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """Everything inside commits together or not at all. A SQLite failure anywhere inside (locked,
        read-only, disk full, I/O) rolls the whole transaction back and is raised as a StorageError."""
        async with self._lock:
            if self._locked is not None and time.monotonic() - self._locked[0] < LOCK_PAUSE:
                raise self._locked[1]  # don't queue every waiting task behind another 2-second wait
            try:
                await self._writer.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                error = storage_error(exc, self.path, "start a write")
                if error.kind == "locked":
                    self._locked = (time.monotonic(), error)
                raise error from exc
            self._locked = None
            try:
                yield self._writer
            except BaseException as exc:
                await self._rollback()
                if isinstance(exc, sqlite3.Error):
                    raise storage_error(exc, self.path, "write") from exc
                raise
            try:
                await self._writer.execute("COMMIT")
            except sqlite3.Error as exc:
                await self._rollback()
                raise storage_error(exc, self.path, "commit") from exc

    async def _rollback(self) -> None:
        """Undo the open transaction (SQLite may already have rolled it back itself, e.g. on a full disk)."""
        if not self._writer.in_transaction:
            return
        try:
            await self._writer.execute("ROLLBACK")
        except sqlite3.Error as exc:
            log.error("could not roll back a failed write in %s: %s", self.path, exc)

    @asynccontextmanager
    async def exclusive(self) -> AsyncIterator[aiosqlite.Connection]:
        """The writer connection with no transaction opened (for migrations and backups)."""
        async with self._lock:
            yield self._writer

    async def fetchall(self, sql: str, params: Iterable[Any] = ()) -> list[aiosqlite.Row]:
        """Run and fetch in one step on the reader's thread: a statement left open between the two would
        hold its read snapshot, and another task's read in between would miss writes committed since."""
        try:
            return list(await self._reader.execute_fetchall(sql, tuple(params)))
        except sqlite3.Error as exc:
            raise storage_error(exc, self.path, "read") from exc

    async def fetchone(self, sql: str, params: Iterable[Any] = ()) -> aiosqlite.Row | None:
        rows = await self.fetchall(sql, params)
        return rows[0] if rows else None

    async def scalar(self, sql: str, params: Iterable[Any] = ()) -> Any:
        row = await self.fetchone(sql, params)
        return None if row is None else row[0]
