"""One storage layer over two engines. The repositories are written once, against `Database` and `Tx`; an engine
(`bot.storage.sqlite`, `bot.storage.postgres`) supplies only what truly differs: connecting, transactions,
placeholders, error translation, schema versions and a few SQL fragments (`Dialect`).

SQL is written with SQLite's placeholders (`?`, or `?1`, `?2`... to use one value twice); the PostgreSQL
engine turns them into `$1`, `$2`... once per statement text. Statements stick to what both engines read the
same way: `INSERT ... ON CONFLICT ... DO NOTHING / DO UPDATE`, `RETURNING`, `COALESCE`, window-free
aggregates. Rows are read by column name or position (`row["id"]`, `row[0]`) on both.

A transaction is all or nothing: an exception inside `transaction()` rolls it back. A statement that fails
inside one (a unique key taken by a concurrent write, say) fails the whole transaction on PostgreSQL, so a
repository never catches an error and goes on in the same transaction: it writes `ON CONFLICT` instead, or
lets the transaction fail (`StorageError(kind="conflict")`) and decides outside it."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol


class Row(Protocol):  # sqlite3.Row and asyncpg.Record both read like this
    def __getitem__(self, key: int | str) -> Any: ...

    def keys(self) -> Any: ...


class Tx(Protocol):
    """Statements inside one transaction (or one read snapshot)."""

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run one statement; the number of rows it changed."""

    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> int:
        """Run one statement for each of `rows`; the number of rows changed in all."""

    async def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Row]: ...

    async def fetchone(self, sql: str, params: Sequence[Any] = ()) -> Row | None: ...

    async def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        """The first column of the first row (None when there is no row)."""


class OneRow:
    """`fetchone` and `scalar` in terms of the class's own `fetchall` (for an engine whose driver has only that)."""

    async def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        raise NotImplementedError

    async def fetchone(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        rows = await self.fetchall(sql, params)
        return rows[0] if rows else None

    async def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any:
        row = await self.fetchone(sql, params)
        return None if row is None else row[0]


@dataclass(frozen=True)
class Dialect:
    """The SQL fragments that differ between the engines."""

    name: str
    # the non-null values of an expression over a group, joined by the unit separator (char 31) into one text
    # (a learner's ids as one value rather than one row each: /progress reads hundreds of them)
    joined: str

    def join(self, expression: str) -> str:
        return self.joined.format(expression)


SQLITE = Dialect("sqlite", "group_concat({}, char(31))")
POSTGRESQL = Dialect("postgresql", "string_agg({}, chr(31))")
SEPARATOR = "\x1f"


class Database(Protocol):
    """What the repositories use. `where` names the database for messages (a file, or a server without its
    password); `dialect` has the fragments that differ."""

    where: str
    dialect: Dialect

    def transaction(self) -> AbstractAsyncContextManager[Tx]:
        """A write transaction: committed when the block ends, rolled back if it raises."""

    def snapshot(self) -> AbstractAsyncContextManager[Tx]:
        """Several reads that all see the same committed state (writes are refused)."""

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """One statement in its own transaction; the number of rows it changed."""

    async def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> int: ...

    async def fetchall(self, sql: str, params: Sequence[Any] = ()) -> list[Row]: ...

    async def fetchone(self, sql: str, params: Sequence[Any] = ()) -> Row | None: ...

    async def scalar(self, sql: str, params: Sequence[Any] = ()) -> Any: ...

    async def schema_version(self) -> int: ...

    async def apply_migration(self, sql: str, version: int, name: str) -> bool:
        """Run a migration's script (`name`: its file, for messages) and record `version`, in one transaction.
        False when the database had it already (another process, starting at the same time, applied it)."""

    async def scrub(self) -> None:
        """After a deletion: leave no readable copy of deleted rows in the engine's files where it can."""

    async def listen(self, channel: str, callback: Callable[[str | None], object]) -> bool:
        """Hear what other processes of the cluster announce on `channel` (PostgreSQL's LISTEN/NOTIFY):
        `callback(payload)` per announcement, and `callback(None)` whenever one may have been missed (on
        connecting and reconnecting), until `close()`. False, and nothing more, where no other process shares
        the database (SQLite)."""

    async def close(self) -> None: ...


def is_url(target: str | Path) -> bool:
    return isinstance(target, str) and target.startswith(("postgresql://", "postgres://"))


async def open_database(target: str | Path) -> Database:
    """A `postgresql://` URL opens PostgreSQL; anything else is a SQLite file's path."""
    if is_url(target):
        from bot.storage.postgres import PostgresDatabase  # asyncpg is imported only by who uses it

        return await PostgresDatabase.open(str(target))
    from bot.storage.sqlite import SqliteDatabase

    return await SqliteDatabase.open(Path(target))
