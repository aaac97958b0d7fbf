"""One SQLite file; one writer connection (every change in a transaction), one reader connection."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiosqlite

log = logging.getLogger(__name__)

PRAGMAS = (
    "PRAGMA journal_mode = WAL",
    "PRAGMA foreign_keys = ON",
    "PRAGMA busy_timeout = 5000",
    "PRAGMA synchronous = NORMAL",
)


class StorageError(Exception):
    """The database cannot do what was asked (locked, read-only, full disk, corrupt)."""


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

    @classmethod
    async def open(cls, path: Path | str) -> Database:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            writer = await aiosqlite.connect(path, isolation_level=None)
            for pragma in PRAGMAS:
                await writer.execute(pragma)
            reader = await aiosqlite.connect(path, isolation_level=None)
            for pragma in PRAGMAS[1:]:
                await reader.execute(pragma)
            await reader.execute("PRAGMA query_only = ON")
        except aiosqlite.Error as exc:
            raise StorageError(f"cannot open database {path}: {exc}") from exc
        writer.row_factory = reader.row_factory = aiosqlite.Row
        return cls(path, writer, reader)

    async def close(self) -> None:
        await self._reader.close()
        await self._writer.close()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """Everything inside commits together or not at all."""
        async with self._lock:
            try:
                await self._writer.execute("BEGIN IMMEDIATE")
            except aiosqlite.Error as exc:
                raise StorageError(f"cannot start a write: {exc}") from exc
            try:
                yield self._writer
            except BaseException:
                await self._writer.execute("ROLLBACK")
                raise
            try:
                await self._writer.execute("COMMIT")
            except aiosqlite.Error as exc:
                await self._writer.execute("ROLLBACK")
                raise StorageError(f"cannot commit: {exc}") from exc

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
        except aiosqlite.Error as exc:
            raise StorageError(str(exc)) from exc

    async def fetchone(self, sql: str, params: Iterable[Any] = ()) -> aiosqlite.Row | None:
        rows = await self.fetchall(sql, params)
        return rows[0] if rows else None

    async def scalar(self, sql: str, params: Iterable[Any] = ()) -> Any:
        row = await self.fetchone(sql, params)
        return None if row is None else row[0]
