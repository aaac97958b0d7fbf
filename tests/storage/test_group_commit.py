"""Writes that arrive while another is on its way to the writer's thread go together in the next trip, in one
transaction (group commit), and each still stands alone: a failing one is undone and reaches its own caller,
the others commit; when the transaction itself is lost, every write in it is told, and none is kept."""

from __future__ import annotations

import asyncio
import sqlite3

import pytest

from bot.storage import Database, StorageError


@pytest.fixture
async def db(tmp_path):
    db = await Database.open(tmp_path / "t.db")
    await db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT UNIQUE)")
    yield db
    await db.close()


def insert(text: str, then=None):
    def change(conn: sqlite3.Connection) -> str:
        conn.execute("INSERT INTO notes (text) VALUES (?)", (text,))
        if then is not None:
            then(conn)
        return text
    return change


def fail(conn: sqlite3.Connection) -> None:
    raise ValueError("a bug in the change")


async def texts(db: Database) -> list[str]:
    return [r[0] for r in await db.fetchall("SELECT text FROM notes ORDER BY id")]


async def trips_for(db: Database, writes) -> tuple[list, int]:
    """Run `writes` at once; their results (or exceptions) and how many trips to the writer's thread they took."""
    trips = 0
    execute = db._writer._execute

    async def counted(fn, *args):
        nonlocal trips
        trips += 1
        return await execute(fn, *args)

    db._writer._execute = counted
    try:
        return await asyncio.gather(*writes, return_exceptions=True), trips
    finally:
        del db._writer._execute


async def test_writes_that_arrive_together_share_trips_and_each_stands_alone(db):
    await db.execute("INSERT INTO notes (text) VALUES ('taken')")
    changes = [insert(f"note {n}") for n in range(20)]
    changes[7] = insert("note 7", then=fail)  # inserts, then raises: its row must not stay
    changes[12] = insert("taken")  # breaks the UNIQUE constraint: a SQLite error
    results, trips = await trips_for(db, [db.write(c) for c in changes])

    assert trips == 2, trips  # the first write alone, then the 19 that queued behind it
    assert isinstance(results[7], ValueError)
    assert isinstance(results[12], StorageError) and "UNIQUE" in str(results[12])
    kept = [f"note {n}" for n in range(20) if n not in (7, 12)]
    assert [r for n, r in enumerate(results) if n not in (7, 12)] == kept
    assert await texts(db) == ["taken", *kept]


def rolled_back(conn: sqlite3.Connection) -> None:  # what SQLite does itself on a full disk
    conn.execute("ROLLBACK")
    raise sqlite3.OperationalError("database or disk is full")


def savepoint_gone(conn: sqlite3.Connection) -> None:  # its own undo fails: the change cannot be taken out alone
    conn.execute("RELEASE change")
    raise sqlite3.OperationalError("database or disk is full")


@pytest.mark.parametrize("lose", [rolled_back, savepoint_gone])
async def test_a_lost_transaction_fails_every_write_in_it_and_keeps_none(db, lose):
    """A failure after which the whole transaction is gone, or cannot be kept: the writes of the batch that
    had succeeded are rolled back with it, so their callers must not hear 'done'."""

    writes = [db.write(insert("first")), db.write(insert("a")), db.write(insert("b", then=lose)),
              db.write(insert("c"))]
    results, trips = await trips_for(db, writes)

    assert trips == 2
    assert results[0] == "first"
    assert isinstance(results[2], StorageError) and "disk is full" in str(results[2])
    for lost in (results[1], results[3]):
        assert isinstance(lost, StorageError) and "took this one with it" in str(lost)
    assert await texts(db) == ["first"]
    assert await db.write(insert("again")) == "again"  # nothing was left open


async def test_a_commit_that_fails_fails_every_write_in_it(db):
    """A deferred foreign key is checked at COMMIT: one bad write there fails the whole batch's commit, and
    every caller in it gets the error (none was told it succeeded before the commit)."""
    await db.execute("CREATE TABLE links (note INTEGER REFERENCES notes (id) DEFERRABLE INITIALLY DEFERRED)")

    def dangling(conn: sqlite3.Connection) -> None:
        conn.execute("INSERT INTO links (note) VALUES (999)")

    results, trips = await trips_for(db, [db.write(insert("first")), db.write(insert("a")), db.write(dangling),
                                          db.write(insert("b"))])
    assert trips == 2
    assert results[0] == "first"
    assert all(isinstance(r, StorageError) and "FOREIGN KEY" in str(r) for r in results[1:]), results
    assert await texts(db) == ["first"]
    assert await db.scalar("SELECT COUNT(*) FROM links") == 0
