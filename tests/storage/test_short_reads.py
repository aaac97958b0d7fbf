"""Short reads (what /progress and /leaderboard show) run on the event loop's thread, on a connection of their
own, and see what is committed; when that connection finds the database busy, the read goes to the reader's
thread instead of failing."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from bot.storage import Database, StorageError


@pytest.fixture
async def db(tmp_path):
    db = await Database.open(tmp_path / "t.db")
    await db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
    yield db
    await db.close()


def note(text: str):
    def change(conn: sqlite3.Connection) -> None:
        conn.execute("INSERT INTO notes (text) VALUES (?)", (text,))
    return change


def texts_and_thread(cursor: sqlite3.Cursor) -> tuple[list[str], int]:
    return [r[0] for r in cursor.execute("SELECT text FROM notes ORDER BY id")], threading.get_ident()


async def test_a_short_read_runs_on_the_loops_thread_and_sees_every_commit(db):
    here = threading.get_ident()
    await db.write(note("plain"))
    await db.write(note("short"), short=True)
    assert await db.read(texts_and_thread, short=True) == (["plain", "short"], here)
    texts, thread = await db.read(texts_and_thread)
    assert texts == ["plain", "short"] and thread != here


async def test_a_short_read_that_fails_keeps_no_old_snapshot(db):
    """A query that raises gives up its read transaction: the next short read sees the writes made since."""
    def bug(cursor: sqlite3.Cursor) -> None:
        cursor.execute("SELECT text FROM notes").fetchall()
        raise ValueError("a bug in the query")

    await db.write(note("before"))
    with pytest.raises(ValueError):
        await db.read(bug, short=True)
    await db.write(note("after"))
    assert (await db.read(texts_and_thread, short=True))[0] == ["before", "after"]


async def test_a_bad_short_read_says_what_failed_and_where(db):
    with pytest.raises(StorageError) as caught:
        await db.read(lambda cursor: cursor.execute("SELECT missing FROM notes").fetchall(), short=True)
    assert "no such column" in str(caught.value) and str(db.path) in str(caught.value)


class Busy:
    """A connection that finds the database busy (as a reader can, rarely, while another process recovers
    the write-ahead log)."""

    def execute(self, sql: str, *args: object) -> None:
        error = sqlite3.OperationalError("database is locked")
        error.sqlite_errorname = "SQLITE_BUSY"
        raise error

    def close(self) -> None:
        pass


async def test_a_short_read_that_finds_the_database_busy_is_done_on_the_readers_thread(db):
    await db.write(note("kept"))
    db._reader_here = Busy()
    texts, thread = await db.read(texts_and_thread, short=True)
    assert texts == ["kept"] and thread != threading.get_ident()
