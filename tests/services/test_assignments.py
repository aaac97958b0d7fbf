"""Assignments (both engines, an injected clock): a server's moderator sets a quiz on a topic due at a local time;
bad input is refused; each learner's first finished take is their result, whatever they do after; the role, the
server and the due time are checked at each start; /mydata covers the takes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.domain.assignments import (
    AlreadyDone,
    AssignmentClosed,
    BadDue,
    DueInPast,
    DueTooFar,
    NoSuchAssignment,
    NotAssignedToYou,
)
from bot.domain.errors import BadOption, BadTimezone, NotFound, NotModerator
from tests.services.test_quiz_service import right_response, wrong_response

GUILD, OTHER_GUILD, CHANNEL, ROLE = 100, 200, 300, 400
MOD, ANA, BEN, CAL, DAN, OPERATOR = 50, 1, 2, 3, 4, 99


async def teacher(app, user=MOD, guild=GUILD):
    return await app.assignments.teacher(user, guild, True, [])


async def assign(app, due="2026-03-09 18:00", timezone="Europe/Madrid", **options):
    return await app.assignments.create(await teacher(app), topic="alpha", due=due, channel_id=CHANNEL,
                                        timezone=timezone, **{"length": 3, **options})


async def take(app, assignment_id: int, user: int, marks: str, roles=(), guild=GUILD):
    """Start (or go on with) the assignment and answer as `marks` says, r right and w wrong, one per question."""
    started = await app.assignments.start(assignment_id, user_id=user, guild_id=guild, role_ids=roles, lang="en")
    view = started.question
    for n, mark in enumerate(marks):
        await app.quiz.answer(view.session_id, view.position, user,
                              right_response(view) if mark == "r" else wrong_response(view))
        if n + 1 < len(marks):
            view = await app.quiz.next(view.session_id, view.position, user)
    return started


async def test_an_assignment_is_due_at_the_local_time_in_the_zone_chosen(app, clock):
    made = await assign(app, due="2026-03-09 18:00", timezone="europe/madrid")
    assert made.row.due_at == datetime(2026, 3, 9, 17, 0, tzinfo=UTC)  # Madrid is UTC+1 in March
    assert made.local_due.isoformat() == "2026-03-09T18:00:00+01:00" and made.zone.key == "Europe/Madrid"
    assert (made.row.topic_id, made.length, made.row.channel_id, made.row.role_id) == ("alpha", 3, CHANNEL, None)
    assert set(made.row.items) == {"a-mc", "a-tf", "a-who"}  # the topic's questions, the same for everyone
    assert (made.row.stage, made.row.next_at) == ("remind", datetime(2026, 3, 8, 17, 0, tzinfo=UTC))
    # a date alone is the end of that day; no zone typed: the server's (its quote of the day's), else the
    # moderator's own, else UTC
    assert (await assign(app, due="2026-03-10", timezone=None)).local_due.isoformat() == "2026-03-10T23:59:00+00:00"
    await app.learners.set_zone(MOD, "America/Mexico_City")
    assert (await assign(app, due="2026-03-10 08:00", timezone=None)).zone.key == "America/Mexico_City"
    await app.daily.configure(GUILD, CHANNEL, "09:00", "Asia/Tokyo")
    tokyo = await assign(app, due="2026-03-10 08:00", timezone=None)
    assert tokyo.row.due_at == datetime(2026, 3, 9, 23, 0, tzinfo=UTC)


async def test_bad_input_and_other_members_are_refused_and_nothing_is_set(app, clock):
    with pytest.raises(DueInPast) as past:
        await assign(app, due="2026-03-02 09:30")  # 08:30 UTC: half an hour ago
    assert past.value.params["when"] == "2026-03-02 09:30 (Europe/Madrid)"
    with pytest.raises(BadDue):
        await assign(app, due="next friday")
    with pytest.raises(BadDue):
        await assign(app, due="2026-02-30 10:00")
    with pytest.raises(DueTooFar):
        await assign(app, due="2036-03-09 18:00")
    with pytest.raises(BadTimezone):
        await assign(app, timezone="Mars/Olympus")
    with pytest.raises(BadOption):
        await assign(app, length=21)
    with pytest.raises(NotFound):
        await app.assignments.create(await teacher(app), topic="gamma", due="2026-03-09 18:00", channel_id=CHANNEL)
    with pytest.raises(NotModerator):
        await app.assignments.teacher(ANA, GUILD, False, [])  # neither Manage Server nor the moderator role
    with pytest.raises(NotModerator):
        await app.assignments.teacher(MOD, None, True, [])  # not in a server
    app.assignments.editors.set_owners({OPERATOR})
    assert (await app.assignments.teacher(OPERATOR, GUILD, False, [])).guild_id == GUILD  # the bot's operator
    assert await app.db.scalar("SELECT COUNT(*) FROM assignments") == 0


async def test_learners_see_the_open_assignments_of_their_server_and_roles(app, clock):
    everyone = await assign(app)
    for_role = await assign(app, role_id=ROLE)
    cancelled = await assign(app)
    soon = await assign(app, due="2026-03-02 12:00")
    elsewhere = await app.assignments.create(await teacher(app, guild=OTHER_GUILD), topic="beta",
                                             due="2026-03-09 18:00", channel_id=CHANNEL)
    await app.assignments.cancel(await teacher(app), cancelled.id)
    with pytest.raises(NoSuchAssignment):
        await app.assignments.cancel(await teacher(app), elsewhere.id)  # another server's

    def ids(listing):
        return [entry.assignment.id for entry in listing]

    assert ids(await app.assignments.for_learner(ANA, GUILD, [])) == [soon.id, everyone.id]
    assert ids(await app.assignments.for_learner(ANA, GUILD, [ROLE])) == [soon.id, everyone.id, for_role.id]
    assert [a.id for a in await app.assignments.listing(await teacher(app))] == [soon.id, everyone.id, for_role.id]
    with pytest.raises(NotAssignedToYou):
        await app.assignments.start(for_role.id, user_id=ANA, guild_id=GUILD, role_ids=[], lang="en")
    with pytest.raises(NoSuchAssignment):
        await app.assignments.start(cancelled.id, user_id=ANA, guild_id=GUILD, role_ids=[], lang="en")
    with pytest.raises(NoSuchAssignment):
        await app.assignments.start(everyone.id, user_id=ANA, guild_id=OTHER_GUILD, role_ids=[], lang="en")
    clock.advance(hours=2)  # past `soon`'s due time (11:00 UTC)
    assert ids(await app.assignments.for_learner(ANA, GUILD, [])) == [everyone.id]
    with pytest.raises(AssignmentClosed) as closed:
        await app.assignments.start(soon.id, user_id=ANA, guild_id=GUILD, role_ids=[], lang="en")
    assert closed.value.params["when"] == "2026-03-02 12:00 (Europe/Madrid)"


async def test_the_first_finished_take_counts_once(app, clock):
    made = await assign(app)
    first = await take(app, made.id, ANA, "rw")  # two of three: not finished yet
    [entry] = await app.assignments.for_learner(ANA, GUILD, [])
    assert (entry.take.answered, entry.take.correct, entry.take.finished) == (2, 1, False)
    again = await app.assignments.start(made.id, user_id=ANA, guild_id=GUILD, role_ids=[], lang="en")
    assert again.resumed and again.question.session_id == first.question.session_id
    assert again.question.position == 1  # the second question, answered: its Next moves on
    view = await app.quiz.next(again.question.session_id, 1, ANA)
    await app.quiz.answer(view.session_id, view.position, ANA, right_response(view))
    [entry] = await app.assignments.for_learner(ANA, GUILD, [])
    assert (entry.take.answered, entry.take.correct, entry.take.finished) == (3, 2, True)
    with pytest.raises(AlreadyDone) as done:
        await app.assignments.start(made.id, user_id=ANA, guild_id=GUILD, role_ids=[], lang="en")
    assert done.value.params == {"right": 2, "total": 3}
    practice = await app.assignments.practice(made.id, user_id=ANA, guild_id=GUILD, role_ids=[], lang="en")
    for n in range(3):  # all right this time: it does not count
        await app.quiz.answer(practice.session_id, n, ANA, right_response(practice))
        if n < 2:
            practice = await app.quiz.next(practice.session_id, n, ANA)
    [entry] = await app.assignments.for_learner(ANA, GUILD, [])
    assert (entry.take.correct, entry.take.total, entry.take.session_id) == (2, 3, first.question.session_id)


async def test_a_take_left_for_another_quiz_starts_afresh_and_late_answers_do_not_count(app, clock):
    made = await assign(app, due="2026-03-02 12:00")  # 11:00 UTC
    left = await take(app, made.id, BEN, "w")
    await app.quiz.start(user_id=BEN, lang="en", length=1)  # another quiz: the assignment's is abandoned
    fresh = await take(app, made.id, BEN, "rr")
    assert not fresh.resumed and fresh.question.session_id != left.question.session_id
    [entry] = await app.assignments.for_learner(BEN, GUILD, [])
    assert (entry.take.answered, entry.take.correct) == (2, 2)  # the abandoned quiz's miss is not counted
    clock.set(datetime(2026, 3, 2, 11, 0, 1, tzinfo=UTC))  # past the due time: the last answer is too late
    view = await app.quiz.next(fresh.question.session_id, 1, BEN)
    await app.quiz.answer(view.session_id, view.position, BEN, right_response(view))
    take_row = await app.assignments.repo.take(made.id, BEN)
    assert (take_row.answered, take_row.correct, take_row.finished) == (2, 2, False)


async def test_mydata_exports_and_deletes_the_learners_takes(app, clock):
    made = await assign(app)
    await take(app, made.id, CAL, "rrw")
    await take(app, made.id, DAN, "r")
    exported = await app.learners.export(CAL)
    [row] = exported["assignment_results"]
    assert (row["assignment_id"], row["answered"], row["correct"], row["total"]) == (made.id, 3, 2, 3)
    await app.learners.delete(CAL)
    assert await app.assignments.repo.take(made.id, CAL) is None
    assert (await app.assignments.repo.take(made.id, DAN)).answered == 1  # nobody else's
