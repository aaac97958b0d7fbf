"""Short writes (an answer, a Next) run on the event loop's thread while no other write is on its way, and
still never make the event loop wait for a lock: one held by another process sends them to the writer's
thread, which waits for it as for any write."""

from __future__ import annotations

import asyncio
import sqlite3
import threading

import pytest

from bot.storage import Database, StorageError
from tests.storage.test_faults import Lock


@pytest.fixture
async def db(tmp_path):
    db = await Database.open(tmp_path / "t.db")
    await db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT UNIQUE, thread INTEGER)")
    yield db
    await db.close()


def insert(text: str, then=None):
    """A change that records which thread ran it."""
    def change(conn: sqlite3.Connection) -> int:
        conn.execute("INSERT INTO notes (text, thread) VALUES (?, ?)", (text, threading.get_ident()))
        if then is not None:
            then(conn)
        return threading.get_ident()
    return change


async def texts(db: Database) -> list[str]:
    return [r[0] for r in await db.fetchall("SELECT text FROM notes ORDER BY id")]


class Ticker:
    """Counts how often the event loop gets to run another task while something else is awaited."""

    def __init__(self) -> None:
        self.ticks = 0

    async def __aenter__(self) -> Ticker:
        async def tick() -> None:
            while True:
                await asyncio.sleep(0.01)
                self.ticks += 1
        self.task = asyncio.create_task(tick())
        return self

    async def __aexit__(self, *exc: object) -> None:
        self.task.cancel()


async def test_a_short_write_runs_on_the_loops_thread_and_others_on_the_writers(db):
    here = threading.get_ident()
    assert await db.write(insert("short"), short=True) == here
    assert await db.write(insert("plain")) != here
    assert await texts(db) == ["short", "plain"]


async def test_a_short_write_never_holds_the_loop_up_for_a_lock(db):
    """Another process holds the write lock for 0.3 s: the short write waits for it on the writer's thread,
    while the event loop goes on with other tasks, then succeeds."""
    lock = Lock(db.path)
    with lock:
        threading.Timer(0.3, lock.release.set).start()
        async with Ticker() as ticker:
            ran_on = await db.write(insert("after the lock"), short=True)
    assert ran_on != threading.get_ident()
    assert ticker.ticks >= 10, ticker.ticks  # 0 if the loop had waited for the lock itself
    assert await texts(db) == ["after the lock"]


async def test_after_a_short_write_a_plain_one_still_waits_for_a_lock(db):
    """The short write takes away the wait for locks, on the connection both use: the next plain write
    gets it back, so it waits out a lock held for 0.3 s instead of failing at once."""
    await db.write(insert("short"), short=True)
    lock = Lock(db.path)
    with lock:
        threading.Timer(0.3, lock.release.set).start()
        await db.write(insert("plain"))
    assert await texts(db) == ["short", "plain"]
    assert await db.write(insert("short again"), short=True) == threading.get_ident()


async def test_short_writes_that_arrive_during_a_trip_join_the_next_one(db):
    """While a write is on its way to the writer's thread, short writes queue for the next trip (group
    commit) rather than run beside it."""
    slow = insert("slow", then=lambda conn: threading.Event().wait(0.1))
    first = asyncio.ensure_future(db.write(slow))
    await asyncio.sleep(0)  # the slow write is on its way
    threads = await asyncio.gather(*(db.write(insert(f"short {n}"), short=True) for n in range(5)))
    writer = await first
    assert writer != threading.get_ident()
    assert threads == [writer] * 5
    assert await texts(db) == ["slow", *(f"short {n}" for n in range(5))]


async def test_a_short_write_that_fails_writes_nothing(db):
    def bug(conn: sqlite3.Connection) -> None:
        raise ValueError("a bug in the change")

    await db.write(insert("taken"))
    with pytest.raises(ValueError):
        await db.write(insert("half", then=bug), short=True)
    with pytest.raises(StorageError) as caught:
        await db.write(insert("taken"), short=True)
    assert "UNIQUE" in str(caught.value) and str(db.path) in str(caught.value)
    assert await texts(db) == ["taken"]
    assert await db.write(insert("next"), short=True) == threading.get_ident()  # nothing was left open
    assert await texts(db) == ["taken", "next"]
