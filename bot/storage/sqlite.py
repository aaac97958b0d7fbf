"""The SQLite engine (the default): one file, through aiosqlite's public API. One writer connection, whose
transactions take turns (an asyncio lock: SQLite has one writer at a time anyway), and a few reader
connections, which never wait for the writer (write-ahead log)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
import time
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiosqlite

from bot.storage.engine import SQLITE, OneRow, Row
from bot.storage.errors import READ_ONLY, StorageError, storage_error, writable

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 2000  # see PRAGMAS
PRAGMAS = (
    "PRAGMA journal_mode = WAL",
    "PRAGMA foreign_keys = ON",
    # a write waits at most 2 s for another process's lock, so the user still gets an answer inside
    # Discord's 3-second window
    f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}",
    "PRAGMA synchronous = NORMAL",
    # deleted rows (a learner's /mydata delete) are overwritten with zeros, not left readable in the file
    "PRAGMA secure_delete = ON",
)
READERS = 2
# Copying the write-ahead log into the database file (a checkpoint) takes 10-30 ms. SQLite does it inside whichever
# commit crosses 1000 pages: every hundred answers or so, one learner waited for it (most of the answer click's
# p99). Here commits never checkpoint: after this many writes a connection of its own, on its own thread, copies
# the log while writes go on (PASSIVE), then copies the few pages written meanwhile with writes held back (RESTART,
# under a millisecond), so the next write starts the log afresh and it stays small. A PASSIVE checkpoint alone
# never lets the log restart while writes keep coming.
CHECKPOINT_EVERY = 100
WAL_SIZE_LIMIT = 16 * 1024 * 1024  # a log grown larger (a migration, say) is cut back to this on restart
# After a write found the database locked by another process (seconds): the writes queued behind it fail at
# once rather than each waiting its own 2 seconds in turn.
LOCK_PAUSE = 1.0


class _Tx(OneRow):
    def __init__(self, conn: aiosqlite.Connection, path: Path, doing: str):
        self._conn = conn
        self._path = path
        self._doing = doing

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        try:
            cursor = await self._conn.execute(sql, params)
        except sqlite3.Error as exc:
            raise storage_error(exc, self._path, self._doing) from exc
        return cursor.rowcount

    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> int:
        try:
            cursor = await self._conn.executemany(sql, [tuple(r) for r in rows])
        except sqlite3.Error as exc:
            raise storage_error(exc, self._path, self._doing) from exc
        return max(cursor.rowcount, 0)

    async def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        try:
            return list(await self._conn.execute_fetchall(sql, params))
        except sqlite3.Error as exc:
            raise storage_error(exc, self._path, self._doing) from exc


class SqliteDatabase(OneRow):
    dialect = SQLITE

    def __init__(self, path: Path, writer: aiosqlite.Connection, readers: list[aiosqlite.Connection],
                 checkpointer: aiosqlite.Connection | None = None):
        """With a `checkpointer`, the writer must have `wal_autocheckpoint = 0` (`open` does both)."""
        self.path = path
        self.where = str(path)
        self._writer = writer
        self._write_turn = asyncio.Lock()
        self._all_readers = readers
        self._readers: asyncio.Queue[aiosqlite.Connection] = asyncio.Queue()
        for reader in readers:
            self._readers.put_nowait(reader)
        self._locked: tuple[float, StorageError] | None = None  # the last "database is locked", and when
        self._checkpointer = checkpointer
        self._writes = 0  # since the last checkpoint
        self._checkpointing: asyncio.Task[None] | None = None

    @classmethod
    async def open(cls, path: Path, readers: int = READERS) -> SqliteDatabase:
        opened: list[aiosqlite.Connection] = []
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            writer = await aiosqlite.connect(path, isolation_level=None)
            opened.append(writer)
            for pragma in PRAGMAS:
                await writer.execute(pragma)
            for _ in range(readers):
                reader = await aiosqlite.connect(path, isolation_level=None)
                opened.append(reader)
                for pragma in PRAGMAS[1:]:
                    await reader.execute(pragma)
                await reader.execute("PRAGMA query_only = ON")
            checkpointer = await aiosqlite.connect(path, isolation_level=None)
            opened.append(checkpointer)
            # never waits: a reader in the way means "next time", not writes held back meanwhile
            await checkpointer.execute("PRAGMA busy_timeout = 0")
            await writer.execute("PRAGMA wal_autocheckpoint = 0")
            await writer.execute(f"PRAGMA journal_size_limit = {WAL_SIZE_LIMIT}")
        except (sqlite3.Error, OSError) as exc:
            for conn in opened:
                await conn.close()
            if isinstance(exc, OSError):
                kind, advice = ("cannot_open", "check the path and its permissions") if writable(path) \
                    else ("read_only", READ_ONLY)
                raise StorageError(f"cannot open database {path}: {exc}; {advice}", kind) from exc
            raise storage_error(exc, path, "open the database") from exc
        for conn in opened:
            conn.row_factory = sqlite3.Row
        return cls(path, opened[0], opened[1:-1], opened[-1])

    async def listen(self, channel: str, callback: Callable[[str | None], object]) -> bool:
        """Nothing to hear: one SQLite file is one process's (see Database.listen)."""
        return False

    async def close(self) -> None:
        if self._checkpointing is not None:
            await self._checkpointing
        async with self._write_turn:
            if self._checkpointer is not None:
                await self._checkpointer.close()
            for reader in self._all_readers:
                await reader.close()
            await self._writer.close()  # the last connection to close checkpoints what is left

    def _not_locked_lately(self) -> None:
        if self._locked is not None and time.monotonic() - self._locked[0] < LOCK_PAUSE:
            raise self._locked[1]

    def _found_locked(self, exc: sqlite3.Error, doing: str) -> StorageError:
        error = storage_error(exc, self.path, doing)
        if error.kind == "locked":
            self._locked = (time.monotonic(), error)
        return error

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[_Tx]:
        async with self._write_turn:
            self._not_locked_lately()
            try:
                await self._writer.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as exc:
                raise self._found_locked(exc, "start a write") from exc
            self._locked = None
            try:
                yield _Tx(self._writer, self.path, "write")
            except BaseException:
                await self._rollback()
                raise
            try:
                await self._writer.execute("COMMIT")
            except sqlite3.Error as exc:
                await self._rollback()
                raise storage_error(exc, self.path, "commit") from exc
            self._wrote()

    async def _rollback(self) -> None:
        """Undo the open transaction (SQLite may already have rolled it back itself, e.g. on a full disk)."""
        if self._writer.in_transaction:
            with contextlib.suppress(sqlite3.Error):  # the connection is gone, and its transaction with it
                await self._writer.execute("ROLLBACK")

    @asynccontextmanager
    async def snapshot(self) -> AsyncIterator[_Tx]:
        async with self._reader() as reader:
            try:
                await reader.execute("BEGIN")
            except sqlite3.Error as exc:
                raise storage_error(exc, self.path, "read") from exc
            try:
                yield _Tx(reader, self.path, "read")
            finally:
                if reader.in_transaction:
                    await reader.execute("ROLLBACK")  # nothing was written: this only lets go of the snapshot

    @asynccontextmanager
    async def _reader(self) -> AsyncIterator[aiosqlite.Connection]:
        reader = await self._readers.get()
        try:
            yield reader
        finally:
            self._readers.put_nowait(reader)

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """One statement is a transaction of its own (the connection is in autocommit mode): no BEGIN and
        COMMIT, each of which would be one more trip to the writer's thread."""
        async with self._write_turn:
            self._not_locked_lately()
            try:
                cursor = await self._writer.execute(sql, params)
            except sqlite3.Error as exc:
                raise self._found_locked(exc, "write") from exc
            self._locked = None
            self._wrote()
        return cursor.rowcount

    def _wrote(self) -> None:
        self._writes += 1
        if self._writes >= CHECKPOINT_EVERY and self._checkpointer is not None and self._checkpointing is None:
            self._checkpointing = asyncio.create_task(self._checkpoint(), name="checkpoint")

    async def _checkpoint(self) -> None:
        """Copy committed pages from the write-ahead log into the database file (see CHECKPOINT_EVERY). A reader
        in the way of the restart means another try after a tenth as many writes; a failure (a full disk, say) is
        logged and tried again later: the log keeps the data meanwhile."""
        assert self._checkpointer is not None
        try:
            for _ in range(2):  # the second copies what was written during the first: less to hold writes for
                await self._checkpointer.execute("PRAGMA wal_checkpoint(PASSIVE)")
            async with self._write_turn:
                rows = await self._checkpointer.execute_fetchall("PRAGMA wal_checkpoint(RESTART)")
            busy, _, _ = next(iter(rows))
            self._writes = CHECKPOINT_EVERY - CHECKPOINT_EVERY // 10 if busy else 0
        except sqlite3.Error as exc:
            self._writes = 0
            log.warning("%s", storage_error(exc, self.path, "checkpoint the write-ahead log"))
        finally:
            self._checkpointing = None

    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> int:
        async with self.transaction() as tx:
            return await tx.executemany(sql, rows)

    async def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        """One statement on a reader: it sees everything committed before it began."""
        async with self._reader() as reader:
            return await _Tx(reader, self.path, "read").fetchall(sql, params)

    async def schema_version(self) -> int:
        async with self._write_turn:
            try:
                rows = await self._writer.execute_fetchall("PRAGMA user_version")
            except sqlite3.Error as exc:
                raise storage_error(exc, self.path, "read the schema version") from exc
        return int(next(iter(rows))[0])

    async def apply_migration(self, sql: str, version: int, name: str) -> bool:
        """One process per SQLite file: nobody else applies migrations meanwhile."""
        async with self._write_turn:
            try:
                await self._writer.executescript(
                    f"BEGIN IMMEDIATE;\n{sql}\n;PRAGMA user_version = {int(version)};\nCOMMIT;")
            except sqlite3.Error as exc:
                await self._rollback()
                raise storage_error(exc, self.path, f"apply migration {name}") from exc
        return True

    async def scrub(self) -> None:
        """Empty the write-ahead log. Deleted rows are overwritten in the database file (secure_delete), but
        the log keeps older copies of their pages until they are written over. A checkpoint copies the log into
        the file and cuts it to nothing; a reader in the middle of a read is in the way, so it is tried a few
        times, a moment apart. Writes wait meanwhile (for as long as the file system takes to cut the log)."""
        for attempt in range(3):
            await asyncio.sleep(0.05 * attempt)
            async with self._write_turn:
                try:
                    rows = await self._writer.execute_fetchall("PRAGMA wal_checkpoint(TRUNCATE)")
                except sqlite3.Error as exc:
                    raise storage_error(exc, self.path, "empty the write-ahead log") from exc
            busy, _, _ = next(iter(rows))
            if not busy:
                return
        raise StorageError(f"could not empty the write-ahead log of {self.path}: readers were in the way; it is "
                           "written over as the bot goes on, and removed when it stops", "locked")
