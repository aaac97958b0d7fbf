"""The course's first load after the app is built (as the bot does while it connects): until it is in,
the catalog is not handed out and what waits for it waits; a load that fails leaves nothing half-loaded."""

from __future__ import annotations

import asyncio
import random

import pytest

from bot.app import build_app
from bot.content import ContentErrors, load_course
from bot.services.course import CourseNotLoaded, CourseService
from bot.storage.audit import AuditRepository
from tests.conftest import make_settings


@pytest.fixture
async def later_app(tmp_path, course_copy, clock):
    application = await build_app(make_settings(tmp_path, course_copy), clock=clock, rng=random.Random(7),
                                  course_later=True)
    yield application
    await application.close()


async def test_waiters_get_the_course_once_it_is_loaded(later_app, course_copy):
    course = later_app.course
    assert not course.is_loaded
    with pytest.raises(CourseNotLoaded):
        course.catalog  # noqa: B018 - the property raises

    async def learner():
        await course.ready()
        return await later_app.quiz.start(user_id=1, lang="en", length=2)

    waiting = asyncio.create_task(learner())
    await asyncio.sleep(0.05)
    assert not waiting.done()
    catalog = await course.load()
    view = await asyncio.wait_for(waiting, 5)
    assert course.is_loaded and course.catalog is catalog
    assert catalog.fingerprint == load_course(course_copy).fingerprint
    assert view.item.id in catalog.items
    assert await course.load() is catalog  # loading again hands back the course in service


async def test_a_failed_first_load_names_the_file_and_loads_nothing(later_app, course_copy):
    path = course_copy / "quizzes" / "alpha.yaml"
    good = path.read_text()
    path.write_text("- id: broken\n  type: multiple_choice\n")
    with pytest.raises(ContentErrors) as caught:
        await later_app.course.load()
    assert any(e.file.endswith("alpha.yaml") and e.line == 1 for e in caught.value.errors)
    assert not later_app.course.is_loaded
    path.write_text(good)
    assert (await later_app.course.load()).fingerprint == load_course(course_copy).fingerprint


async def test_loads_at_once_do_not_read_the_course_twice(later_app, course_copy, clock):
    calls = []

    def counting(folder):
        calls.append(folder)
        return load_course(folder)

    course = CourseService(None, course_copy, counting, clock, AuditRepository(later_app.db))
    first, second = await asyncio.gather(course.load(), course.load())
    assert first is second and calls == [course_copy]
