"""The cluster's course in the database: one accepted course at a time, files and all; the first offer of a new
cluster only when there is none; the processes seen lately. On PostgreSQL an accepted course is announced to
every listener, also after its listening connection was cut."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import asyncpg

from bot.storage import open_database
from bot.storage.course_store import CourseStore
from bot.storage.migrations import migrate


async def test_one_accepted_course_at_a_time(app, clock):
    store = CourseStore(app.db)
    assert await store.accepted() is None
    assert await store.accept({"course.yaml": "a: 1\n", "quizzes/x.yaml": "- é\r\n"}, "f1", clock.now(), None,
                              only_first=True)
    assert not await store.accept({"course.yaml": "other"}, "f2", clock.now(), 7, only_first=True)
    first = await store.accepted()
    assert (first.fingerprint, first.accepted_by, first.files) == \
        ("f1", None, {"course.yaml": "a: 1\n", "quizzes/x.yaml": "- é\r\n"})

    clock.advance(minutes=1)
    assert await store.accept({"course.yaml": "b: 2\n"}, "f2", clock.now(), 42)
    second = await store.accepted()
    assert (second.fingerprint, second.accepted_by, second.accepted_at) == ("f2", 42, clock.now())
    assert second.files == {"course.yaml": "b: 2\n"}  # a file the new course lacks is gone
    assert (await store.accepted(with_files=False)).files == {}


async def test_the_processes_seen_lately(app, clock):
    store = CourseStore(app.db)
    await store.serving("host:2", "1/2", "f1", clock.now())
    await store.serving("host:1", "0/2", "f1", clock.now())
    clock.advance(minutes=5)
    await store.serving("host:1", "0/2", "f2", clock.now())
    assert [(s.label, s.shards, s.fingerprint) for s in await store.servers(clock.now() - timedelta(minutes=10))] \
        == [("host:1", "0/2", "f2"), ("host:2", "1/2", "f1")]
    assert [s.label for s in await store.servers(clock.now() - timedelta(minutes=2))] == ["host:1"]
    await store.forget("host:1")
    await store.forget(before=clock.now())
    assert await store.servers(clock.now() - timedelta(days=1)) == []


async def until(check, timeout: float = 10.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not check():
        assert loop.time() < deadline, "not within the time"
        await asyncio.sleep(0.05)


async def test_postgresql_announces_accepted_courses_also_after_the_listener_was_cut(postgres_dsn, clock):
    writer, listener = await open_database(postgres_dsn), await open_database(postgres_dsn)
    try:
        await migrate(writer)
        heard: list[str | None] = []
        assert await CourseStore(listener).listen(heard.append)
        await until(lambda: heard == [None])  # connected: look for what may have been missed
        await CourseStore(writer).accept({"course.yaml": "a\n"}, "f1", clock.now(), 1)
        await until(lambda: heard == [None, "f1"])

        admin = await asyncpg.connect(postgres_dsn)
        try:
            cut = await admin.fetchval(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                " WHERE datname = current_database() AND application_name = 'study-tutor-bot listen'")
        finally:
            await admin.close()
        assert cut == 1
        await until(lambda: heard == [None, "f1", None])  # listening again, and told it may have missed some
        await CourseStore(writer).accept({"course.yaml": "b\n"}, "f2", clock.now(), 1)
        await until(lambda: heard[-1] == "f2")
    finally:
        await listener.close()
        await writer.close()


async def test_sqlite_has_no_one_to_tell(tmp_path):
    db = await open_database(tmp_path / "t.db")
    try:
        assert not await CourseStore(db).listen(lambda payload: None)
    finally:
        await db.close()
