"""One SQLite file: one writer connection (every change one function in one transaction), one reader
connection, one for short reads on the event loop's thread, and one that checkpoints the write-ahead log beside
the writer."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import time
from collections.abc import AsyncIterator, Callable, Iterable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, TypeVar

import aiosqlite

from bot.storage.errors import READ_ONLY, StorageError, storage_error, writable

log = logging.getLogger(__name__)
T = TypeVar("T")
Outcome = tuple[bool, Any]  # (True, what a change returned) or (False, the exception it raised)

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


LOCK_PAUSE = 1.0  # after a write found the database locked, others fail at once for this long (seconds)
# Copying the write-ahead log into the database file (a checkpoint) took 12-30 ms here. SQLite does it
# inside whichever commit crosses 1000 pages, so every few hundred answers one learner waited for it (most
# of the answer clicks' p99). Here the writer never checkpoints: after this many writes a third connection,
# on its own thread, copies the log while writes go on (PASSIVE), then copies the few pages written
# meanwhile with writes held back (RESTART, under a millisecond), so the next write starts the log afresh
# and it stays small. A PASSIVE checkpoint alone never lets the log restart while writes keep coming.
CHECKPOINT_EVERY = 100
CHECKPOINT_RETRY = 10  # writes after a restart a reader was in the way of (not every write: a reader may stay)
WAL_SIZE_LIMIT = 16 * 1024 * 1024  # a log grown larger (a migration, say) is cut back to this on restart


def _atomically(conn: sqlite3.Connection, changes: list[Callable[[sqlite3.Connection], Any]],
                path: Path, wait_ms: int | None = None) -> list[Outcome]:
    """Each of `changes` between one BEGIN IMMEDIATE and one COMMIT, each on its own: one that fails is undone
    (its savepoint rolled back) and the others still commit. One change alone needs no savepoint: a failure
    rolls the transaction back. Returns (True, result) or (False, exception) per change; a failure to begin
    or commit is raised, and then nothing was written. `wait_ms`: first set how long a lock held by another
    process is waited for (None: as it is)."""
    try:
        if wait_ms is not None:
            conn.execute(f"PRAGMA busy_timeout = {int(wait_ms)}")
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.Error as exc:
        raise storage_error(exc, path, "start a write") from exc
    alone = len(changes) == 1
    outcomes: list[Outcome] = []
    for change in changes:
        try:
            if not alone:
                conn.execute("SAVEPOINT change")
            result = change(conn)
            if not alone:
                conn.execute("RELEASE change")
        except BaseException as exc:  # noqa: BLE001 - handed to the change's caller, with nothing written
            failed = (False, storage_error(exc, path, "write") if isinstance(exc, sqlite3.Error) else exc)
            if not alone and _undo(conn):
                outcomes.append(failed)
                continue
            # alone, or the transaction is gone (SQLite rolls it back on a full disk, say) or cannot be kept:
            # roll back whatever is left, and commit nothing
            _rollback(conn, path)
            return _lost([*outcomes, failed], len(changes), path)
        outcomes.append((True, result))
    if conn.in_transaction:
        try:
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            _rollback(conn, path)
            raise storage_error(exc, path, "commit") from exc
    return outcomes


def _lost(outcomes: list[Outcome], total: int, path: Path) -> list[Outcome]:
    """The transaction was rolled back after a failed change (the last of `outcomes`): the changes before it
    were undone with it, and those after it were not run. Each is told so (and nothing of theirs was written)."""
    lost = StorageError(f"could not write in {path}: another write in the same transaction failed and took "
                        "this one with it; try again", "other")
    failed = outcomes[-1]
    return [(False, lost)] * (len(outcomes) - 1) + [failed] + [(False, lost)] * (total - len(outcomes))


def _undo(conn: sqlite3.Connection) -> bool:
    """Undo one change of a batch (back to its savepoint); False if the transaction is gone or cannot be kept."""
    if not conn.in_transaction:
        return False
    try:
        conn.execute("ROLLBACK TO change")
        conn.execute("RELEASE change")
    except sqlite3.Error:
        return False
    return True


def _rollback(conn: sqlite3.Connection, path: Path) -> None:
    """Undo the open transaction (SQLite may already have rolled it back itself, e.g. on a full disk)."""
    if not conn.in_transaction:
        return
    try:
        conn.execute("ROLLBACK")
    except sqlite3.Error as exc:
        log.error("could not roll back a failed write in %s: %s", path, exc)


def _snapshot(conn: sqlite3.Connection, query: Callable[[sqlite3.Cursor], T]) -> T:
    """`query(cursor)` inside one read transaction (one snapshot of the database)."""
    conn.execute("BEGIN")
    try:
        cursor = conn.cursor()
        cursor.row_factory = None  # plain tuples: the query builds what it returns from them
        return query(cursor)
    finally:
        if conn.in_transaction:
            conn.execute("ROLLBACK")  # nothing was written: this only lets go of the snapshot


class Database:
    def __init__(self, path: Path, writer: aiosqlite.Connection, reader: aiosqlite.Connection,
                 checkpointer: aiosqlite.Connection | None = None, *, short_writes_here: bool = False,
                 reader_here: sqlite3.Connection | None = None):
        """With a `checkpointer`, the writer must have `wal_autocheckpoint = 0`; with `short_writes_here`, it
        must have been opened with `check_same_thread=False`; `reader_here`, for short reads, is a query-only
        connection that never waits for a lock (`open` does all three)."""
        self.path = path
        self._here = short_writes_here
        self._reader_here = reader_here
        self._wait_ms = BUSY_TIMEOUT_MS  # the writer's busy timeout, as last set
        self._closing = False
        self._writer = writer
        self._reader = reader
        self._checkpointer = checkpointer
        self._lock = asyncio.Lock()
        self._locked: tuple[float, StorageError] | None = None  # the last "database is locked", and when
        self._writes = 0  # since the last checkpoint
        self._checkpointing: asyncio.Task[None] | None = None
        self._busy = False  # a transaction is on its way to the writer's thread or back
        self._queued: list[tuple[Callable[[sqlite3.Connection], Any], asyncio.Future]] = []
        self._draining: asyncio.Task[None] | None = None

    @classmethod
    async def open(cls, path: Path | str) -> Database:
        path = Path(path)
        opened: list[aiosqlite.Connection] = []
        reader_here: sqlite3.Connection | None = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # used on the event loop's thread too, for short writes while its own thread is idle (see `write`)
            writer = await aiosqlite.connect(path, isolation_level=None, check_same_thread=False)
            opened.append(writer)
            for pragma in PRAGMAS:
                await writer.execute(pragma)
            reader = await aiosqlite.connect(path, isolation_level=None)
            opened.append(reader)
            for pragma in PRAGMAS[1:]:
                await reader.execute(pragma)
            await reader.execute("PRAGMA query_only = ON")
            checkpointer = await aiosqlite.connect(path, isolation_level=None)
            opened.append(checkpointer)
            # never waits: a reader in the way (a backup, an sqlite3 shell) means "next time", not a stall of
            # the writes held back meanwhile
            await checkpointer.execute("PRAGMA busy_timeout = 0")
            await writer.execute("PRAGMA wal_autocheckpoint = 0")
            await writer.execute(f"PRAGMA journal_size_limit = {WAL_SIZE_LIMIT}")
            # short reads, on the event loop's thread: never waits for a lock (see `read`)
            reader_here = sqlite3.connect(path, isolation_level=None, timeout=0)
            reader_here.execute("PRAGMA query_only = ON")
        except (sqlite3.Error, OSError) as exc:
            for conn in opened:
                await conn.close()
            if reader_here is not None:
                reader_here.close()
            if isinstance(exc, OSError):
                kind, advice = ("cannot_open", "check the path and its permissions") if writable(path) \
                    else ("read_only", READ_ONLY)
                raise StorageError(f"cannot open database {path}: {exc}; {advice}", kind) from exc
            raise storage_error(exc, path, "open the database") from exc
        writer.row_factory = reader.row_factory = aiosqlite.Row
        return cls(path, writer, reader, checkpointer, short_writes_here=True, reader_here=reader_here)

    async def close(self) -> None:
        self._closing = True  # no more short writes here: the writer's thread is about to close the connection
        if self._draining is not None:
            await self._draining
        if self._checkpointing is not None:
            await self._checkpointing
        if self._checkpointer is not None:
            await self._checkpointer.close()
        if self._reader_here is not None:
            self._reader_here.close()
        await self._reader.close()
        await self._writer.close()  # the last connection to close checkpoints what is left

    async def write(self, change: Callable[[sqlite3.Connection], T], *, short: bool = False) -> T:
        """Run `change(conn)` inside one transaction and return what it returns.

        The whole change is one trip to the writer's thread (BEGIN IMMEDIATE, the statements, COMMIT), or none
        at all when it is short (below), never one per statement. Everything commits together or not at all:
        an exception inside rolls it all back, and a SQLite failure (locked, read-only, disk full, I/O) is
        raised as a StorageError that says what to do. `change` may run on another thread: it must only use
        `conn` and its own arguments.

        Changes that arrive while one is on its way are queued and then all go in the next trip, in one
        transaction, each in its own savepoint (group commit): a crowd of learners pays one hop and one commit
        per batch, not per answer. Each still stands alone: one that fails is undone and the rest commit, and
        none is told it succeeded before the commit.

        `short`: a change of a few rows found by their keys (an answer, a Next). When no write is on its way,
        it runs here, on the event loop's thread, with no trip: a trip's two thread wake-ups (~0.15 ms measured)
        are half as much again as such a change's own work (~0.1-0.3 ms, much of it Python, which holds the
        interpreter lock on any thread), and an answer click waits for all of it. It never waits for a lock
        here: when another process holds the database's write lock, it goes to the writer's thread and waits
        there like any write, so the event loop is never held up by a lock."""
        if short and self._here and not (self._busy or self._closing or self._lock.locked() or self._locked):
            outcome = self._write_here(change)
            if outcome is not None:
                ok, value = outcome
                if ok:
                    return value
                raise value
        if self._busy:
            queued: asyncio.Future[T] = asyncio.get_running_loop().create_future()
            self._queued.append((change, queued))
            return await queued
        self._busy = True
        try:
            [(ok, value)] = await self._commit([change])
        finally:
            if self._queued:  # they came in meanwhile: the next trip takes them all
                self._draining = asyncio.create_task(self._drain(), name="database-writes")
            else:
                self._busy = False
        if ok:
            return value
        raise value

    async def _drain(self) -> None:
        try:
            while self._queued:
                batch, self._queued = self._queued, []
                try:
                    outcomes = await self._commit([change for change, _ in batch])
                except Exception as exc:  # noqa: BLE001 - the connection is gone (closed): each caller hears
                    outcomes = [(False, exc)] * len(batch)
                for (_, waiter), (ok, value) in zip(batch, outcomes, strict=True):
                    if not waiter.done():  # its caller may have given up (cancelled); the change stands
                        waiter.set_result(value) if ok else waiter.set_exception(value)
        finally:
            self._busy = False
            self._draining = None

    async def _commit(self, changes: list[Callable[[sqlite3.Connection], Any]]) -> list[Outcome]:
        """One trip to the writer's thread for `changes`; a failure of the whole trip is each one's outcome."""
        async with self._lock:
            if self._locked is not None and time.monotonic() - self._locked[0] < LOCK_PAUSE:
                # don't queue every waiting task behind another 2-second wait
                return [(False, self._locked[1])] * len(changes)
            try:
                # aiosqlite runs every call on the connection's own thread; `_execute` is how it queues one
                # function there (its public calls are one statement each). Pinned in pyproject.toml.
                outcomes = await self._writer._execute(_atomically, self._writer._conn, changes, self.path,
                                                       self._wait_for_locks(BUSY_TIMEOUT_MS))
            except StorageError as error:
                if error.kind == "locked":
                    self._locked = (time.monotonic(), error)
                return [(False, error)] * len(changes)
            self._locked = None
        self._wrote(len(changes))
        return outcomes

    def _write_here(self, change: Callable[[sqlite3.Connection], Any]) -> Outcome | None:
        """`change` on this thread, in its own transaction, with no wait for a lock: None (nothing written) if
        another process holds the write lock. Only while the writer's thread is idle (see `write`)."""
        try:
            [outcome] = _atomically(self._writer._conn, [change], self.path, self._wait_for_locks(0))
        except StorageError as error:
            return None if error.kind == "locked" else (False, error)
        self._wrote(1)
        return outcome

    def _wait_for_locks(self, ms: int) -> int | None:
        """The writer's busy timeout for the next transaction, for `_atomically`: None if it has it already."""
        if self._wait_ms == ms:
            return None
        self._wait_ms = ms
        return ms

    def _wrote(self, count: int) -> None:
        self._writes += count
        if self._writes >= CHECKPOINT_EVERY and self._checkpointer is not None and self._checkpointing is None:
            self._checkpointing = asyncio.create_task(self._checkpoint())

    async def _checkpoint(self) -> None:
        """Copy committed pages from the write-ahead log into the database file (see CHECKPOINT_EVERY). When a
        reader is in the way of the restart, it is tried again after CHECKPOINT_RETRY writes; a failure (a full
        disk, say) is logged and tried again after CHECKPOINT_EVERY writes: the log keeps the data meanwhile."""
        try:
            for _ in range(2):  # the second copies what was written during the first: less to hold back
                await self._checkpointer.execute("PRAGMA wal_checkpoint(PASSIVE)")
            async with self._lock, self._checkpointer.execute("PRAGMA wal_checkpoint(RESTART)") as cursor:
                busy, _, _ = await cursor.fetchone()
            self._writes = CHECKPOINT_EVERY - CHECKPOINT_RETRY if busy else 0
        except sqlite3.Error as exc:
            self._writes = 0
            log.warning("%s", storage_error(exc, self.path, "checkpoint the write-ahead log"))
        finally:
            self._checkpointing = None

    async def execute(self, sql: str, params: Iterable[Any] = ()) -> int:
        """One statement as its own write; returns the number of rows it changed."""
        params = tuple(params)
        return await self.write(lambda conn: conn.execute(sql, params).rowcount)

    async def executemany(self, sql: str, rows: Iterable[Iterable[Any]]) -> None:
        """One statement for each of `rows`, all in one write."""
        rows = [tuple(r) for r in rows]
        await self.write(lambda conn: conn.executemany(sql, rows))

    @asynccontextmanager
    async def exclusive(self) -> AsyncIterator[aiosqlite.Connection]:
        """The writer connection with no transaction opened (for migrations and backups)."""
        async with self._lock:
            yield self._writer

    async def read(self, query: Callable[[sqlite3.Cursor], T], *, short: bool = False) -> T:
        """Run `query(cursor)` on the reader's thread and return what it returns: several statements in one
        trip, inside one read transaction, so they all see the same committed state. The cursor's rows are
        plain tuples. `query` runs on another thread: it must only use `cursor` and its own arguments (and must
        not write: the reader is query-only).

        `short`: a few reads of rows found through an index (what /progress and /leaderboard show). It runs
        here, on the event loop's thread, on a connection of its own, with no trip: like a short write, its own
        work (/progress's four reads on 100,000 learners: ~0.1 ms median, ~0.3 ms at the 99th percentile) is
        about what the trip's two thread wake-ups cost (~0.15 ms), and the learner waits for both.
        Readers never wait for writers (write-ahead log); in the rare case the database is busy even for
        readers, it goes to the reader's thread, which waits, so the event loop never does."""
        if short and self._reader_here is not None and not self._closing:
            try:
                return _snapshot(self._reader_here, query)
            except sqlite3.Error as exc:
                error = storage_error(exc, self.path, "read")
                if error.kind != "locked":
                    raise error from exc
        try:
            return await self._reader._execute(_snapshot, self._reader._conn, query)  # as in `_commit`
        except sqlite3.Error as exc:
            raise storage_error(exc, self.path, "read") from exc

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
