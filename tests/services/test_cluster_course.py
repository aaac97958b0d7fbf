"""One course for a cluster: processes sharing one PostgreSQL database (here, two or three apps in this process,
each with its own course folder) serve the course accepted last by any of them, reloaded all or nothing; a
refused change reaches nobody; /content status's list names each process, its shards and what it serves."""

from __future__ import annotations

import asyncio
import contextlib
import random
import shutil
import time

import pytest

from bot.app import build_app
from bot.content import load_course
from bot.domain.shards import Shards
from bot.storage.course_store import CourseStore
from tests.conftest import FIXTURE_COURSE, make_settings

ENGINES = ("postgresql",)
QUIZ = "quizzes/alpha.yaml"
OLD, NEW = '"Which is right?"', '"Which one is right, then?"'


async def until(check, timeout: float = 5.0) -> None:
    """Wait for `check()` to hold, as a user would: a few seconds at most."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"not within {timeout} s")
        await asyncio.sleep(0.05)


class Cluster:
    def __init__(self, tmp_path, dsn, clock):
        self.tmp_path, self.dsn, self.clock = tmp_path, dsn, clock
        self.apps, self.tasks = [], []

    async def process(self, name: str, shard: int, folder=None):
        """A process `name` running shard `shard` of 2, on a copy of `folder` (the fixture course)."""
        course = self.tmp_path / name / "course"
        shutil.copytree(folder or FIXTURE_COURSE, course, ignore=shutil.ignore_patterns(".*"))
        settings = make_settings(self.tmp_path / name, course, TUTOR_DATABASE=self.dsn)
        app = await build_app(settings, clock=self.clock, rng=random.Random(7))
        app.cluster.label = name  # one test process: the default host:pid would be the same for all
        self.apps.append(app)
        assert await app.cluster.start(Shards.of(2, [shard]))
        self.tasks.append(asyncio.create_task(app.cluster.follow()))
        return app

    async def close(self):
        for task in self.tasks:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task
        for app in self.apps:
            await app.close()


@pytest.fixture
async def cluster(tmp_path, postgres_dsn, clock):
    made = Cluster(tmp_path, postgres_dsn, clock)
    yield made
    await made.close()


def edit(app, old: str, new: str) -> None:
    path = app.course.folder / QUIZ
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


async def test_an_accepted_reload_reaches_the_other_process_within_seconds(cluster):
    a = await cluster.process("a", 0)
    b = await cluster.process("b", 1)
    first = a.course.catalog.fingerprint
    assert b.course.catalog.fingerprint == first
    edit(a, OLD, NEW)
    result = await a.course.reload(user_id=42)
    assert result.ok and result.catalog.fingerprint != first

    await until(lambda: b.course.catalog.fingerprint == result.catalog.fingerprint)
    assert b.course.catalog.items["a-mc"].prompt.en == "Which one is right, then?"
    assert NEW in (b.course.folder / QUIZ).read_text(encoding="utf-8")  # its folder holds the new file
    assert list((b.course.folder / ".backups").iterdir())  # and the file it replaced, as an upload keeps it
    assert [r["action"] for r in await b.course.audit.recent(5)][0] == "sync"
    accepted = await CourseStore(a.db).accepted(with_files=False)
    assert (accepted.fingerprint, accepted.accepted_by) == (result.catalog.fingerprint, 42)


async def test_a_refused_reload_reaches_nobody(cluster):
    a = await cluster.process("a", 0)
    b = await cluster.process("b", 1)
    served = b.course.catalog.fingerprint
    (a.course.folder / QUIZ).write_text("- id: broken\n  type: multiple_choice\n", encoding="utf-8")
    result = await a.course.reload(user_id=42)
    assert not result.ok
    assert a.course.catalog.fingerprint == served  # the course in service stays, as on one process

    await asyncio.sleep(1.0)
    assert b.course.catalog.fingerprint == served
    assert OLD in (b.course.folder / QUIZ).read_text(encoding="utf-8")
    assert (await CourseStore(b.db).accepted(with_files=False)).fingerprint == served


async def test_status_lists_each_process_its_shards_and_what_it_serves(cluster):
    a = await cluster.process("a", 0)
    await cluster.process("b", 1)
    servers = await a.cluster.servers()
    first = a.course.catalog.fingerprint
    assert [(s.label, s.shards, s.fingerprint) for s in servers] == [("a", "0/2", first), ("b", "1/2", first)]

    edit(a, OLD, NEW)
    new = (await a.course.reload()).catalog.fingerprint
    await until(lambda: all(app.course.catalog.fingerprint == new for app in cluster.apps))
    await a.cluster.report()
    await cluster.apps[1].cluster.report()
    assert {s.fingerprint for s in await a.cluster.servers()} == {new}

    cluster.clock.advance(minutes=11)  # b has not been heard of since: gone from the list
    await a.cluster.report()
    assert [s.label for s in await a.cluster.servers()] == ["a"]


async def test_a_process_started_on_an_older_folder_takes_the_clusters_course(cluster, tmp_path):
    a = await cluster.process("a", 0)
    old_folder = tmp_path / "old-course"
    shutil.copytree(a.course.folder, old_folder)
    edit(a, OLD, NEW)
    new = (await a.course.reload()).catalog.fingerprint

    late = await cluster.process("late", 1, folder=old_folder)
    assert late.course.catalog.fingerprint == new  # once started: no old course served past the start
    assert NEW in (late.course.folder / QUIZ).read_text(encoding="utf-8")
    assert load_course(late.course.folder).fingerprint == new  # the folder is the course, whatever its name


async def test_a_new_file_and_a_removed_one_travel_too(cluster):
    a = await cluster.process("a", 0)
    b = await cluster.process("b", 1)
    extra = a.course.folder / "quizzes" / "gamma.yaml"
    shutil.move(a.course.folder / "quizzes" / "beta.yaml", extra)
    result = await a.course.reload()
    assert result.ok
    await until(lambda: b.course.catalog.fingerprint == result.catalog.fingerprint)
    assert (b.course.folder / "quizzes" / "gamma.yaml").exists()
    assert not (b.course.folder / "quizzes" / "beta.yaml").exists()


async def test_a_cluster_course_that_does_not_load_here_changes_nothing_here(cluster):
    """A course that loads on one process but not on another (a rolling upgrade's older bot, say): the other
    keeps its folder and the course it serves, and says why in /content status's last errors."""
    a = await cluster.process("a", 0)
    b = await cluster.process("b", 1)
    served = b.course.catalog.fingerprint
    store = CourseStore(a.db)
    files = dict((await store.accepted()).files)
    files[QUIZ] = "- id: broken\n  type: multiple_choice\n"
    await store.accept(files, "not-loadable", cluster.clock.now(), 42)

    await until(lambda: bool(b.course.last_errors))
    assert any("alpha.yaml" in e for e in b.course.last_errors)
    assert b.course.catalog.fingerprint == served
    assert OLD in (b.course.folder / QUIZ).read_text(encoding="utf-8")
    assert not (b.course.folder / ".incoming").exists()


async def test_a_single_sqlite_process_shares_nothing(tmp_path, course_copy, clock):
    app = await build_app(make_settings(tmp_path, course_copy), clock=clock, rng=random.Random(7))
    try:
        assert not await app.cluster.start(Shards.of(1))
        edit(app, OLD, NEW)
        assert (await app.course.reload()).ok
        assert await app.cluster.servers() == []
        assert await CourseStore(app.db).accepted() is None
    finally:
        await app.close()
