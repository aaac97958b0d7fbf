"""PostgreSQL's own faults under the services (tests/storage/test_faults.py has SQLite's): a server connection
killed, a server shut down and started again, a write stuck behind another connection's lock. Each costs at
most the answer it happened under, as a StorageError that says what happened and what to do; nothing is
half-written; the next answer goes in once the fault is gone, on a connection the pool opened anew."""

from __future__ import annotations

import asyncio
import random
import time

import asyncpg
import pytest

from bot.app import build_app
from bot.storage import StorageError
from bot.storage import postgres as pg_engine
from tests import pg_server
from tests.conftest import make_settings
from tests.services.test_quiz_service import right_response

ENGINES = ("postgresql",)  # the faults of a database server

USER, GUILD = 111, 999
BOT = "study-tutor-bot"  # the bot's application_name, as pg_stat_activity shows it


async def bot_backends(dsn: str) -> set[int]:
    """The server processes of the bot's pooled connections to this database."""
    conn = await asyncpg.connect(dsn)
    try:
        rows = await conn.fetch("SELECT pid FROM pg_stat_activity WHERE datname = current_database()"
                                " AND application_name = $1", BOT)
    finally:
        await conn.close()
    return {row["pid"] for row in rows}


async def terminate(dsn: str) -> set[int]:
    """Kill every connection the bot has to this database, as an operator's pg_terminate_backend would."""
    pids = await bot_backends(dsn)
    conn = await asyncpg.connect(dsn)
    try:
        for pid in pids:
            await conn.execute("SELECT pg_terminate_backend($1)", pid)
    finally:
        await conn.close()
    return pids


async def snapshot(dsn: str) -> dict[str, list[tuple]]:
    """Every row of every table."""
    conn = await asyncpg.connect(dsn)
    try:
        tables = [r[0] for r in await conn.fetch("SELECT table_name FROM information_schema.tables"
                                                 " WHERE table_schema = 'public' ORDER BY table_name")]
        return {t: sorted((tuple(r) for r in await conn.fetch(f'SELECT * FROM "{t}"')), key=repr) for t in tables}
    finally:
        await conn.close()


async def lock_waiter(conn) -> int:
    """The server process of the bot's connection that waits on a lock, once one does (within 2 s)."""
    for _ in range(100):
        waiting = await conn.fetchval("SELECT pid FROM pg_stat_activity WHERE application_name = $1"
                                      " AND wait_event_type = 'Lock'", BOT)
        if waiting:
            return waiting
        await asyncio.sleep(0.02)
    raise AssertionError("no answer waited on the lock")


async def one_answer(app, user: int = USER) -> None:
    view = await app.quiz.start(user_id=user, guild_id=GUILD, lang="en", length=1)
    assert (await app.quiz.answer(view.session_id, 0, user, right_response(view))).grade.correct


async def test_a_killed_connection_costs_at_most_one_answer_and_the_pool_opens_new_ones(app, database_target):
    await one_answer(app)
    for _ in range(3):
        killed = await terminate(database_target)
        assert killed, "the bot held no connection to kill"
        try:  # the connection may be taken from the pool before its end is noticed: one storage error, then
            await one_answer(app)
        except StorageError as exc:
            assert exc.kind == "unavailable" and database_target in str(exc), exc
        await one_answer(app)  # the one after works
        now = await bot_backends(database_target)
        assert now and not now & killed  # on new connections, not the dead ones
    assert (await app.progress.progress(USER)).answered >= 4


async def test_a_killed_connection_mid_answer_writes_nothing_half(app, database_target):
    """The answer's transaction is cut between its statements: none of its rows stay."""
    view = await app.quiz.start(user_id=USER, guild_id=GUILD, lang="en", length=1)
    before = await snapshot(database_target)
    conn = await asyncpg.connect(database_target)
    try:  # the answer's write waits on this lock, and its connection is killed while it waits
        await conn.execute("BEGIN; LOCK TABLE review_log IN EXCLUSIVE MODE")
        answering = asyncio.create_task(app.quiz.answer(view.session_id, 0, USER, right_response(view)))
        await conn.execute("SELECT pg_terminate_backend($1)", await lock_waiter(conn))
        with pytest.raises(StorageError) as caught:
            await answering
        await conn.execute("ROLLBACK")
    finally:
        await conn.close()
    assert "could not" in str(caught.value)
    assert await snapshot(database_target) == before
    assert (await app.quiz.answer(view.session_id, 0, USER, right_response(view))).grade.correct


async def test_a_write_behind_another_connections_lock_fails_in_time_and_writes_nothing(
        tmp_path, course_copy, clock, database_target):
    """An answer waits for another connection's lock no longer than LOCK_TIMEOUT (inside Discord's 3-second
    window for a reply): a 'locked' StorageError saying where to look, nothing written, and the same answer goes
    in once the lock is gone."""
    app = await build_app(make_settings(tmp_path, course_copy, TUTOR_DATABASE=database_target), clock=clock,
                          rng=random.Random(7))
    try:
        view = await app.quiz.start(user_id=USER, guild_id=GUILD, lang="en", length=1)
        before = await snapshot(database_target)
        holder = await asyncpg.connect(database_target)
        try:
            await holder.execute("BEGIN; LOCK TABLE scores IN EXCLUSIVE MODE")  # reads go on, writes wait
            started = time.monotonic()
            with pytest.raises(StorageError) as caught:
                await app.quiz.answer(view.session_id, 0, USER, right_response(view))
            waited = time.monotonic() - started
            assert (await app.progress.progress(USER)).answered == 0  # reading still works meanwhile
            await holder.execute("ROLLBACK")
        finally:
            await holder.close()
        assert caught.value.kind == "locked" and "pg_locks" in str(caught.value), caught.value
        assert pg_engine.LOCK_TIMEOUT <= waited < 2.9
        assert await snapshot(database_target) == before
        assert (await app.quiz.answer(view.session_id, 0, USER, right_response(view))).grade.correct
    finally:
        await app.close()


async def test_a_statement_past_the_statement_timeout_is_cancelled_and_writes_nothing(
        tmp_path, course_copy, clock, database_target, monkeypatch):
    """A statement that runs too long (whatever holds it up) is cancelled: a 'timeout' StorageError, no answer
    half-written. Here a lock held longer than the statement timeout, made shorter than the lock timeout."""
    monkeypatch.setattr(pg_engine, "STATEMENT_TIMEOUT", 1)
    monkeypatch.setattr(pg_engine, "LOCK_TIMEOUT", 5)
    app = await build_app(make_settings(tmp_path, course_copy, TUTOR_DATABASE=database_target), clock=clock,
                          rng=random.Random(7))
    try:
        view = await app.quiz.start(user_id=USER, guild_id=GUILD, lang="en", length=1)
        before = await snapshot(database_target)
        holder = await asyncpg.connect(database_target)
        try:
            await holder.execute("BEGIN; LOCK TABLE scores IN EXCLUSIVE MODE")
            with pytest.raises(StorageError) as caught:
                await app.quiz.answer(view.session_id, 0, USER, right_response(view))
            await holder.execute("ROLLBACK")
        finally:
            await holder.close()
        assert caught.value.kind == "timeout" and "statement timeout" in str(caught.value), caught.value
        assert await snapshot(database_target) == before
        assert (await app.quiz.answer(view.session_id, 0, USER, right_response(view))).grade.correct
    finally:
        await app.close()


@pytest.fixture
def own_server(postgres_server):
    """A server of this test's own, to shut down and start again (the session's is shared)."""
    server = pg_server.PostgresServer(postgres_server.bindir)
    try:
        server.start()
        yield server
    finally:
        server.stop()


async def test_a_server_shut_down_then_started_again(own_server, tmp_path, course_copy, clock):
    """While the server is down every answer fails at once as 'unavailable' (no wait, no hang); once it is up
    again the same app answers, on new connections, with nothing lost from before."""
    async with own_server.database() as dsn:
        app = await build_app(make_settings(tmp_path, course_copy, TUTOR_DATABASE=dsn), clock=clock,
                              rng=random.Random(7))
        try:
            await one_answer(app)
            view = await app.quiz.start(user_id=USER, guild_id=GUILD, lang="en", length=1)
            await asyncio.to_thread(own_server.halt)
            started = time.monotonic()
            for _ in range(3):
                with pytest.raises(StorageError) as caught:
                    await app.quiz.answer(view.session_id, 0, USER, right_response(view))
                assert caught.value.kind == "unavailable" and "cannot be reached" in str(caught.value)
            assert time.monotonic() - started < 2.9
            await asyncio.to_thread(own_server.resume)
            assert (await app.quiz.answer(view.session_id, 0, USER, right_response(view))).grade.correct
            assert (await app.progress.progress(USER)).answered == 2
        finally:
            await app.close()


async def test_an_answer_stuck_behind_a_lock_holds_nothing_another_learners_answer_needs(app, database_target):
    """The answer writes the learner's own rows first and the question's shared ones (its statistics, the
    server's day) last: one answer waiting for a lock does not hold up another learner's answer to the same
    question, which would otherwise wait its whole lock timeout and reply outside Discord's window."""
    first = await app.quiz.start(user_id=USER, guild_id=GUILD, lang="en", length=1)
    for other in range(USER + 1, USER + 200):  # another learner on the same question, in a DM (no scores)
        second = await app.quiz.start(user_id=other, lang="en", length=1)
        if second.item.id == first.item.id:
            break
    else:
        raise AssertionError("no second quiz on the same question")
    holder = await asyncpg.connect(database_target)
    try:
        await holder.execute("BEGIN; LOCK TABLE scores IN EXCLUSIVE MODE")  # the first answer's write waits
        waiting = asyncio.create_task(app.quiz.answer(first.session_id, 0, USER, right_response(first)))
        await lock_waiter(holder)
        assert (await app.quiz.answer(second.session_id, 0, other, right_response(second))).grade.correct
        assert not waiting.done()  # the second went in while the first still waited
        await holder.execute("ROLLBACK")
    finally:
        await holder.close()
    assert (await waiting).grade.correct
    stats = await app.db.fetchall("SELECT answered FROM item_stats WHERE item_id = ?", (first.item.id,))
    assert [tuple(r) for r in stats] == [(2,)]
