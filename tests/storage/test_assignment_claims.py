"""The assignment's rows on both engines: a post is claimed by one caller only (a conditional UPDATE on the row), a
claim left unconfirmed is taken over only as it was read; a learner's finished take is never replaced; and the
answers' trigger counts a take's answers given by the due time only, on both engines alike."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.storage.assignments import REMIND

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
LEASE = timedelta(minutes=2)


async def an_assignment(repo, due=NOW + timedelta(days=3)) -> int:
    return await repo.create(guild_id=1, channel_id=2, role_id=None, topic_id="alpha", items=["a-mc", "a-tf"],
                             timezone="UTC", due_at=due, created_by=3, lang="en", now=NOW,
                             remind_at=due - timedelta(days=1))


async def test_a_post_is_claimed_once_and_an_unconfirmed_claim_only_as_it_was_read(app):
    repo = app.assignments.repo
    assignment_id = await an_assignment(repo)
    assert await repo.claim(assignment_id, REMIND, None, NOW, NOW + LEASE)
    assert not await repo.claim(assignment_id, REMIND, None, NOW, NOW + LEASE)  # a second caller loses
    assert await repo.earliest() == NOW + LEASE  # it comes up again once its lease is over
    later = NOW + LEASE
    assert not await repo.claim(assignment_id, REMIND, NOW - timedelta(seconds=1), later, later + LEASE)
    assert await repo.claim(assignment_id, REMIND, NOW, later, later + LEASE)  # taken over, as read
    assert not await repo.claim(assignment_id, REMIND, NOW, later, later + LEASE)  # by one caller only
    assert not await repo.claim(assignment_id, "summary", None, later, later + LEASE)  # not its stage yet


async def test_a_finished_take_stands_and_only_answers_by_the_due_time_count(app):
    repo, quiz = app.assignments.repo, app.quiz
    due = NOW + timedelta(hours=1)
    assignment_id = await an_assignment(repo, due)
    items = [app.course.catalog.items["a-tf"], app.course.catalog.items["a-mc"]]
    view = await quiz.start(user_id=7, lang="en", length=2, items=items)
    assert await repo.begin(assignment_id, 7, view.session_id, 2, NOW)
    await quiz.answer(view.session_id, 0, 7, True)  # a-tf's answer is true: right
    app.clock.set(due + timedelta(seconds=1))
    nxt = await quiz.next(view.session_id, 0, 7)
    await quiz.answer(view.session_id, 1, 7, 0)  # after the due time: not counted
    take = await repo.take(assignment_id, 7)
    assert (take.answered, take.correct, take.finished) == (1, 1, False)
    assert nxt.position == 1
    app.clock.set(NOW + timedelta(minutes=5))
    other = await quiz.start(user_id=7, lang="en", length=2, items=items)  # a new start replaces it
    assert await repo.begin(assignment_id, 7, other.session_id, 1, NOW)
    await quiz.answer(other.session_id, 0, 7, False)
    take = await repo.take(assignment_id, 7)
    assert (take.session_id, take.answered, take.correct, take.finished) == (other.session_id, 1, 0, True)
    assert not await repo.begin(assignment_id, 7, view.session_id, 2, NOW)  # finished: it stands
    assert (await repo.take(assignment_id, 7)).session_id == other.session_id
