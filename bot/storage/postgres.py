"""The PostgreSQL engine (TUTOR_DATABASE=postgresql://...): a pool of asyncpg connections, for one or many bot
processes sharing one database. Transactions run side by side (READ COMMITTED); the repositories' statements
are written so that is safe: a row is claimed by a unique key (`ON CONFLICT`), moved on by a conditional
`UPDATE ... WHERE`, and a snapshot of several reads is one REPEATABLE READ, read-only transaction."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Sequence
from contextlib import asynccontextmanager
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg

from bot.storage.engine import POSTGRESQL, Row
from bot.storage.errors import StorageError

log = logging.getLogger(__name__)
POOL_SIZE = 10
# A listening connection is checked this often (a dropped network can leave it looking open), and taken again
# this long after it was lost (seconds).
LISTEN_CHECK = 30
LISTEN_RETRY = 5
# A statement that waits longer than this for another connection's lock gives up, so the learner still gets an
# answer (the storage apology) inside Discord's 3-second window for a reply, as SQLite's busy timeout does
# (seconds).
LOCK_TIMEOUT = 2
# A statement that runs longer than this, whatever holds it up, is cancelled: a slow server costs one learner
# an error message, not a hung bot (seconds).
STATEMENT_TIMEOUT = 10
_PLACEHOLDER = re.compile(r"\?(\d*)")
_VERSION_TABLE = "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)"


@lru_cache(maxsize=2048)
def placeholders(sql: str) -> str:
    """SQLite's `?` and `?N` as PostgreSQL's `$N` (the statements hold no literal question marks)."""
    count = 0

    def number(match: re.Match[str]) -> str:
        nonlocal count
        if match[1]:
            return f"${match[1]}"
        count += 1
        return f"${count}"

    return _PLACEHOLDER.sub(number, sql)


def shown(dsn: str) -> str:
    """The URL without its password, for messages and logs."""
    parts = urlsplit(dsn)
    if parts.password is None:
        return dsn
    host = parts.hostname or ""
    netloc = f"{parts.username}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


def translate(exc: BaseException, where: str, doing: str) -> StorageError:
    """An asyncpg or connection failure as a StorageError that says what happened and what to do."""
    text = f"could not {doing} in {where}: {exc}"
    if isinstance(exc, asyncpg.UniqueViolationError | asyncpg.ExclusionViolationError):
        return StorageError(f"{text}; another write took the same key first", "conflict")
    if isinstance(exc, asyncpg.SerializationError | asyncpg.DeadlockDetectedError):
        return StorageError(f"{text}; a concurrent write was in the way: try again", "locked")
    if isinstance(exc, asyncpg.LockNotAvailableError):
        return StorageError(f"{text}; another connection held a lock on it too long (lock timeout): see "
                            "pg_locks and pg_stat_activity for who holds it", "locked")
    if isinstance(exc, asyncpg.QueryCanceledError):
        return StorageError(f"{text}; the statement took too long (statement timeout): check the server's "
                            "load and locks (pg_stat_activity)", "timeout")
    if isinstance(exc, asyncpg.DiskFullError):
        return StorageError(f"{text}; the server's disk is full: free some space", "full")
    if isinstance(exc, asyncpg.ReadOnlySQLTransactionError):
        return StorageError(f"{text}; the server is read-only (a standby?): point TUTOR_DATABASE at the "
                            "primary", "read_only")
    if isinstance(exc, asyncpg.InvalidPasswordError | asyncpg.InvalidAuthorizationSpecificationError):
        return StorageError(f"{text}; check the user and password in TUTOR_DATABASE", "cannot_open")
    if isinstance(exc, asyncpg.InvalidCatalogNameError):
        return StorageError(f"{text}; create the database first (createdb), or check its name", "cannot_open")
    if isinstance(exc, asyncpg.OperatorInterventionError | asyncpg.InternalClientError
                  | asyncpg.ConnectionDoesNotExistError):
        # the server ended the connection (shut down, restarted, pg_terminate_backend), or asyncpg met it in a
        # state it cannot go on from: the next command takes a new one
        return StorageError(f"{text}; the connection to the server was lost (a restart, or an operator ended "
                            "it): if this repeats, check the server", "unavailable")
    if isinstance(exc, OSError | asyncpg.PostgresConnectionError | asyncpg.InterfaceError | asyncio.TimeoutError):
        return StorageError(f"{text}; the server cannot be reached: check that it runs and the address in "
                            "TUTOR_DATABASE", "unavailable")
    return StorageError(text, "other")


_FAILURES = (asyncpg.PostgresError, asyncpg.InterfaceError, asyncpg.InternalClientError, OSError,
             asyncio.TimeoutError)


class _Tx:
    def __init__(self, conn: asyncpg.Connection, where: str, doing: str):
        self._conn = conn
        self._where = where
        self._doing = doing

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        try:
            status = await self._conn.execute(placeholders(sql), *params)
        except _FAILURES as exc:
            raise translate(exc, self._where, self._doing) from exc
        count = status.rsplit(" ", 1)[-1]  # "UPDATE 3", "INSERT 0 1", "DELETE 0"
        return int(count) if count.isdigit() else 0

    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> int:
        # one statement per row, not asyncpg's executemany: it reports no counts (rows are few where it is used)
        return sum([await self.execute(sql, row) for row in rows])

    async def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        try:
            return await self._conn.fetch(placeholders(sql), *params)
        except _FAILURES as exc:
            raise translate(exc, self._where, self._doing) from exc

    async def fetchone(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        try:
            return await self._conn.fetchrow(placeholders(sql), *params)
        except _FAILURES as exc:
            raise translate(exc, self._where, self._doing) from exc

    async def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        try:
            return await self._conn.fetchval(placeholders(sql), *params)
        except _FAILURES as exc:
            raise translate(exc, self._where, self._doing) from exc


class PostgresDatabase:
    dialect = POSTGRESQL

    def __init__(self, dsn: str, pool: asyncpg.Pool):
        self.dsn = dsn
        self.where = shown(dsn)
        self._pool = pool
        self._listening: list[asyncio.Task[None]] = []

    @classmethod
    async def open(cls, dsn: str, size: int = POOL_SIZE) -> PostgresDatabase:
        try:
            pool = await asyncpg.create_pool(
                dsn, min_size=1, max_size=size, timeout=10,
                server_settings={"statement_timeout": str(STATEMENT_TIMEOUT * 1000),
                                 "lock_timeout": str(LOCK_TIMEOUT * 1000),
                                 "application_name": "study-tutor-bot"})
        except _FAILURES as exc:
            raise translate(exc, shown(dsn), "open the database") from exc
        return cls(dsn, pool)

    async def close(self) -> None:
        for task in self._listening:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._listening.clear()
        await self._pool.close()

    async def listen(self, channel: str, callback: Callable[[str | None], object]) -> bool:
        """Hear NOTIFY `channel` on a connection of its own (outside the pool: it stays LISTENing), taken again
        whenever it is lost. `callback(payload)` for each notification, and `callback(None)` each time the
        connection is (re)made: what was notified meanwhile was missed, so the listener looks for itself."""
        self._listening.append(asyncio.create_task(self._listen(channel, callback), name=f"listen-{channel}"))
        return True

    async def _listen(self, channel: str, callback: Callable[[str | None], object]) -> None:
        def heard(_conn: object, _pid: int, _channel: str, payload: str) -> None:
            callback(payload)

        while True:
            conn = None
            try:
                conn = await asyncpg.connect(self.dsn, timeout=10,
                                             server_settings={"application_name": "study-tutor-bot listen"})
                lost = asyncio.Event()
                conn.add_termination_listener(lambda _conn, lost=lost: lost.set())
                await conn.add_listener(channel, heard)
                callback(None)
                while not lost.is_set():
                    with contextlib.suppress(asyncio.TimeoutError):
                        await asyncio.wait_for(lost.wait(), LISTEN_CHECK)
                    if not lost.is_set():
                        await conn.fetchval("SELECT 1", timeout=LISTEN_CHECK)
                log.warning("stopped hearing %s from %s: the connection was lost; listening again", channel,
                            self.where)
            except _FAILURES as exc:
                log.warning("%s; trying again in %d s", translate(exc, self.where, f"listen for {channel}"),
                            LISTEN_RETRY)
                await asyncio.sleep(LISTEN_RETRY)
            finally:
                if conn is not None:
                    with contextlib.suppress(*_FAILURES):
                        conn.terminate()

    @asynccontextmanager
    async def _connection(self, doing: str) -> AsyncIterator[asyncpg.Connection]:
        try:
            conn = await self._pool.acquire()
        except _FAILURES as exc:
            raise translate(exc, self.where, doing) from exc
        try:
            yield conn
        except StorageError as exc:
            if exc.kind == "unavailable":
                # A connection the server ended (a restart, pg_terminate_backend) can look idle to the pool until
                # it is used, and so can the others it holds: this one is closed, and all are replaced as they
                # are next taken, so one command pays for the outage, not one per pooled connection.
                with contextlib.suppress(*_FAILURES):  # (asyncpg may have taken this one back already)
                    conn.terminate()
                await self._pool.expire_connections()
            raise
        finally:
            with contextlib.suppress(*_FAILURES):  # the pool drops a connection it cannot reset, and raises
                await self._pool.release(conn)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[_Tx]:
        async with self._connection("write") as conn:
            tx = conn.transaction()
            try:
                await tx.start()
            except _FAILURES as exc:
                raise translate(exc, self.where, "start a write") from exc
            try:
                yield _Tx(conn, self.where, "write")
            except BaseException:
                await _quietly(tx.rollback)
                raise
            try:
                await tx.commit()
            except _FAILURES as exc:
                await _quietly(tx.rollback)
                raise translate(exc, self.where, "commit") from exc

    @asynccontextmanager
    async def snapshot(self) -> AsyncIterator[_Tx]:
        async with self._connection("read") as conn:
            tx = conn.transaction(isolation="repeatable_read", readonly=True)
            try:
                await tx.start()
            except _FAILURES as exc:
                raise translate(exc, self.where, "read") from exc
            try:
                yield _Tx(conn, self.where, "read")
            finally:
                await _quietly(tx.rollback)

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        async with self._connection("write") as conn:
            return await _Tx(conn, self.where, "write").execute(sql, params)

    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> int:
        async with self.transaction() as tx:
            return await tx.executemany(sql, rows)

    async def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        async with self._connection("read") as conn:
            return await _Tx(conn, self.where, "read").fetchall(sql, params)

    async def fetchone(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        async with self._connection("read") as conn:
            return await _Tx(conn, self.where, "read").fetchone(sql, params)

    async def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        async with self._connection("read") as conn:
            return await _Tx(conn, self.where, "read").scalar(sql, params)

    async def schema_version(self) -> int:
        async with self._connection("read the schema version") as conn:
            try:
                exists = await conn.fetchval("SELECT to_regclass('schema_version') IS NOT NULL")
                version = await conn.fetchval("SELECT max(version) FROM schema_version") if exists else None
            except _FAILURES as exc:
                raise translate(exc, self.where, "read the schema version") from exc
        return int(version or 0)

    async def apply_migration(self, sql: str, version: int, name: str) -> bool:
        async with self._connection(f"apply migration {name}") as conn:
            try:
                async with conn.transaction():
                    # no learner waits on a migration: it may take as long as it needs, and wait for another
                    # process's migration to end, unlike a command's statements
                    await conn.execute("SET LOCAL lock_timeout = 0; SET LOCAL statement_timeout = 0")
                    # one migration at a time across every process starting against this database
                    await conn.execute("SELECT pg_advisory_xact_lock(7263)")
                    await conn.execute(_VERSION_TABLE)
                    if (await conn.fetchval("SELECT max(version) FROM schema_version") or 0) >= version:
                        return False  # another process applied it meanwhile
                    await conn.execute(sql)
                    await conn.execute("DELETE FROM schema_version")
                    await conn.execute("INSERT INTO schema_version (version) VALUES ($1)", version)
            except _FAILURES as exc:
                raise translate(exc, self.where, f"apply migration {name}") from exc
        return True

    async def scrub(self) -> None:
        """Nothing to do here: PostgreSQL reuses a deleted row's space once VACUUM (autovacuum) has passed, and
        its files are the server operator's to protect (README, Privacy)."""


async def _quietly(step: Callable[[], Awaitable[Any]]) -> None:
    """Run `step` (a rollback), ignoring that the connection is gone (its transaction went with it). The call
    itself is inside: asyncpg refuses a closed connection's rollback on the call, before any await."""
    with contextlib.suppress(*_FAILURES):
        await step()
