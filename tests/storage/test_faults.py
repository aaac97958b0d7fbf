"""Storage faults: a database that is read-only, locked by another process, or fails in the middle of a
write. Each gives a StorageError that says what happened, to which file and what to do; nothing is
half-written; the bot waits out a database it cannot open at start instead of exiting over and over."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import threading
from pathlib import Path

import aiosqlite
import pytest

from bot.app import StartupError, open_app_patiently
from bot.domain.errors import QuizFinished
from bot.services import quiz as quiz_service
from bot.storage import StorageError
from bot.storage.sqlite import SqliteDatabase
from tests.conftest import make_settings
from tests.services.test_quiz_service import right_response

# SQLite's own faults (a file's lock, permissions, triggers that fail a write)
ENGINES = ("sqlite",)

USER, GUILD = 111, 999


async def snapshot(db) -> dict[str, list[tuple]]:
    """Every row of every table."""
    tables = [r[0] for r in await db.fetchall("SELECT name FROM sqlite_master WHERE type = 'table'"
                                              " AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    return {t: sorted((tuple(r) for r in await db.fetchall(f"SELECT * FROM {t}")), key=repr) for t in tables}


class Lock:
    """Another process's write lock on the database: a plain sqlite3 connection in a thread, holding
    BEGIN IMMEDIATE until released."""

    def __init__(self, path: Path):
        self.path = path
        self.held = threading.Event()
        self.release = threading.Event()
        self.thread = threading.Thread(target=self._hold, daemon=True)

    def _hold(self) -> None:
        con = sqlite3.connect(self.path, isolation_level=None)
        con.execute("BEGIN IMMEDIATE")
        self.held.set()
        self.release.wait(30)
        con.execute("ROLLBACK")
        con.close()

    def __enter__(self) -> Lock:
        self.thread.start()
        assert self.held.wait(5)
        return self

    def __exit__(self, *exc: object) -> None:
        self.release.set()
        self.thread.join(5)


@pytest.mark.parametrize("table", ["attempts", "item_progress", "activity_days", "scores", "review_cards",
                                   "review_log"])
async def test_an_answer_that_fails_at_any_step_writes_nothing(app, table):
    """Recording an answer writes six tables. A failure at any of them (here a trigger that aborts the
    insert, as a full disk would) leaves the database exactly as it was, and the same answer can be given
    again once the fault is gone."""
    view = await app.quiz.start(user_id=USER, guild_id=GUILD, lang="en", length=2)
    before = await snapshot(app.db)
    await app.db.execute(f"CREATE TRIGGER fault BEFORE INSERT ON {table}"
                           " BEGIN SELECT RAISE(ABORT, 'simulated failure'); END")
    with pytest.raises(StorageError) as caught:
        await app.quiz.answer(view.session_id, 0, USER, right_response(view))
    assert str(app.db.path) in str(caught.value) and "simulated failure" in str(caught.value)
    assert await snapshot(app.db) == before
    await app.db.execute("DROP TRIGGER fault")
    feedback = await app.quiz.answer(view.session_id, 0, USER, right_response(view))
    assert feedback.grade.correct
    assert (await app.quiz.answer(view.session_id, 0, USER, right_response(view))).again
    assert await app.db.scalar("SELECT answered FROM scores WHERE user_id = ? AND period = 'all'", (USER,)) == 1


async def test_a_failure_in_the_scheduler_mid_answer_writes_nothing(app, monkeypatch):
    """The review card is computed before the answer is written: an exception there (not a storage one) writes
    nothing, and reaches the caller as itself."""
    view = await app.quiz.start(user_id=USER, guild_id=GUILD, lang="en", length=2)
    before = await snapshot(app.db)

    def broken(card, correct, now):
        raise ZeroDivisionError("scheduler bug")

    with monkeypatch.context() as patch:
        patch.setattr(quiz_service, "schedule", broken)
        with pytest.raises(ZeroDivisionError):
            await app.quiz.answer(view.session_id, 0, USER, right_response(view))
    assert await snapshot(app.db) == before
    assert (await app.quiz.answer(view.session_id, 0, USER, right_response(view))).grade.correct
    assert await app.db.scalar("SELECT COUNT(*) FROM attempts") == 1


async def test_a_quiz_that_cannot_start_leaves_the_running_one_playable(app):
    """Starting a quiz abandons the learner's running one: both happen together or not at all."""
    running = await app.quiz.start(user_id=USER, guild_id=GUILD, lang="en", length=2)
    await app.db.execute("CREATE TRIGGER fault BEFORE INSERT ON quiz_questions"
                           " BEGIN SELECT RAISE(ABORT, 'simulated failure'); END")
    with pytest.raises(StorageError):
        await app.quiz.start(user_id=USER, guild_id=GUILD, lang="en", length=2)
    assert await app.db.scalar("SELECT COUNT(*) FROM quiz_sessions") == 1
    feedback = await app.quiz.answer(running.session_id, 0, USER, right_response(running))
    assert feedback.grade.correct
    await app.db.execute("DROP TRIGGER fault")
    await app.quiz.start(user_id=USER, guild_id=GUILD, lang="en", length=2)  # now the old one is abandoned
    with pytest.raises(QuizFinished):
        await app.quiz.next(running.session_id, 0, USER)
        await app.quiz.answer(running.session_id, 1, USER, 0)


async def test_a_read_only_database_is_named_with_what_to_do(tmp_path):
    path = tmp_path / "tutor.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE t (x)")
    con.close()
    writer = await aiosqlite.connect(f"file:{path}?mode=ro", uri=True, isolation_level=None)
    reader = await aiosqlite.connect(path, isolation_level=None)
    reader.row_factory = writer.row_factory = sqlite3.Row
    db = SqliteDatabase(path, writer, [reader])
    try:
        with pytest.raises(StorageError) as caught:
            await db.execute("INSERT INTO t VALUES (1)")
        assert caught.value.kind == "read_only"
        assert str(path) in str(caught.value) and "read-only" in str(caught.value)
        assert await db.scalar("SELECT COUNT(*) FROM t") == 0
        assert not writer.in_transaction  # nothing was left open
    finally:
        await db.close()


async def test_a_database_locked_by_another_process(app):
    """Writes fail with a 'locked' StorageError naming the cause (after SQLite's 2-second busy wait for the
    first, at once for those queued behind it), and work again once the lock is gone."""
    with Lock(app.db.path):
        results = await asyncio.gather(
            *(app.quiz.start(user_id=USER + n, guild_id=GUILD, lang="en", length=1) for n in range(5)),
            return_exceptions=True)
    assert all(isinstance(r, StorageError) and r.kind == "locked" for r in results), results
    assert "another process holds a write lock" in str(results[0])
    assert await app.db.scalar("SELECT COUNT(*) FROM quiz_sessions") == 0
    await asyncio.sleep(1.05)  # the pause after a locked write (LOCK_PAUSE) is over
    view = await app.quiz.start(user_id=USER, guild_id=GUILD, lang="en", length=1)
    assert (await app.quiz.answer(view.session_id, 0, USER, right_response(view))).grade.correct


async def test_start_waits_out_a_locked_database_then_runs(tmp_path, course_copy, caplog):
    """At start, a database another process has locked is waited for (one log line per try, further
    apart each time) rather than the bot exiting, which its supervisor would answer with a restart loop."""
    settings = make_settings(tmp_path, course_copy)
    settings.database.parent.mkdir(parents=True)
    sqlite3.connect(settings.database).close()
    lock = Lock(settings.database)
    waits: list[float] = []

    async def sleep(seconds: float) -> None:
        waits.append(seconds)
        if len(waits) == 3:
            lock.release.set()
            lock.thread.join(5)

    with lock, caplog.at_level(logging.ERROR, logger="bot.app"):
        app = await open_app_patiently(settings, sleep=sleep)
    try:
        assert waits == [5.0, 10.0, 20.0]
        lines = [r.getMessage() for r in caplog.records]
        assert len(lines) == 3 and all("the database cannot be used yet (locked)" in x for x in lines), lines
        assert str(settings.database) in lines[0]
        view = await app.quiz.start(user_id=USER, guild_id=GUILD, lang="en", length=1)
        assert view.position == 0
    finally:
        await app.close()


async def test_start_stops_at_once_for_what_waiting_cannot_fix(tmp_path, course_copy):
    settings = make_settings(tmp_path, course_copy)
    settings.database.parent.mkdir(parents=True)
    settings.database.write_bytes(b"this is not a database, just some text " * 100)

    async def sleep(seconds: float) -> None:
        raise AssertionError("must not wait")

    with pytest.raises(StartupError) as caught:
        await open_app_patiently(settings, sleep=sleep)
    assert "not a database" in str(caught.value) and "TUTOR_DATABASE" in str(caught.value)
