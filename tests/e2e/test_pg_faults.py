"""PostgreSQL's faults under the real bot (`python -m bot` over the double; test_storage_faults.py has SQLite's):
its server connections killed, its server shut down and started again, a table locked by another connection
for longer than the bot waits. Each costs the learner at most the answer it happened under, answered with the
ephemeral storage apology inside Discord's reply window (never silence); nothing is half-written; the bot
neither crashes nor exits, and the next answer goes in once the fault is gone."""

from __future__ import annotations

import asyncio

import asyncpg
import pytest

from tests import pg_server
from tests.e2e.conftest import count, running_world
from tests.e2e.test_storage_faults import APOLOGY, at_one_click_question, one_click_answer, storage_lines

pytestmark = [pytest.mark.slow, pytest.mark.asyncio(loop_scope="function")]
ENGINES = ("postgresql",)  # the faults of a database server

FEEDBACK = ("Right!", "Not quite.", "Close, but not quite.")
BOT = "study-tutor-bot"  # the bot's application_name, as pg_stat_activity shows it


async def attempts(world, session_id: int) -> int:
    return await count(world.database, "SELECT COUNT(*) FROM attempts WHERE session_id = ?", session_id)


async def kill_connections(dsn: str) -> int:
    """pg_terminate_backend on every connection the bot holds to its database; how many there were."""
    conn = await asyncpg.connect(dsn)
    try:
        pids = [r["pid"] for r in await conn.fetch(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1", BOT)]
        for pid in pids:
            await conn.execute("SELECT pg_terminate_backend($1)", pid)
    finally:
        await conn.close()
    return len(pids)


async def test_killed_connections_cost_at_most_one_answer(fresh_world):
    world, double = fresh_world, fresh_world.double
    learner = double.add_user("cut-off")
    double.guild.add_member(learner)
    for _ in range(2):
        message, answer = await at_one_click_question(double, learner)
        session_id = int(answer.split(":")[2])
        assert await kill_connections(world.database)
        first = await (await double.click(message, answer, user=learner)).reply()
        if first.embeds:  # the bot's pool noticed in time: answered as if nothing had happened
            assert first.embeds[-1]["title"] in FEEDBACK, first
        else:
            assert first.ephemeral and APOLOGY in first.content, first.content
            assert one_click_answer(double.message(message.id)) == answer  # still the question, unanswered
            again = await (await double.click(message, answer, user=learner)).reply()
            assert again.embeds[-1]["title"] in FEEDBACK, again
        assert await attempts(world, session_id) >= 1
        progress = await (await double.slash("progress", user=learner)).reply()
        assert progress.embeds and "answer" in progress.embeds[0]["description"]
    assert world.bot.running and world.bot.starts == 1
    assert not double.refusals  # every reply, apology or feedback, came inside Discord's window


async def test_a_lock_held_too_long_is_an_apology_in_time_and_nothing_written(fresh_world):
    """Five learners answer while another connection holds a lock their answers need: each gets the apology
    inside the window (the bot waits LOCK_TIMEOUT, 2 s, for a lock), nothing is written, one log line each
    says what to look at; once the lock is gone all five answers go in."""
    world, double = fresh_world, fresh_world.double
    learners = [double.add_user(f"locked{n}") for n in range(5)]
    for user in learners:
        double.guild.add_member(user)
    quizzes = [await at_one_click_question(double, user) for user in learners]
    sessions = [int(answer.split(":")[2]) for _, answer in quizzes]
    before = [await attempts(world, s) for s in sessions]

    holder = await asyncpg.connect(world.database)
    try:
        await holder.execute("BEGIN; LOCK TABLE scores IN EXCLUSIVE MODE")  # reads go on, writes wait
        its = await asyncio.gather(*(double.click(m, a, user=u) for (m, a), u in zip(quizzes, learners,
                                                                                     strict=True)))
        replies = await asyncio.gather(*(it.reply() for it in its))
        await holder.execute("ROLLBACK")
    finally:
        await holder.close()
    assert all(r.ephemeral and APOLOGY in r.content for r in replies), [r.content for r in replies]
    assert not double.refusals
    assert [await attempts(world, s) for s in sessions] == before
    lines = storage_lines(world.bot)
    assert len(lines) == 5 and all("locked" in line and "lock timeout" in line for line in lines), lines

    for (message, answer), user in zip(quizzes, learners, strict=True):
        feedback = await (await double.click(message, answer, user=user)).reply()
        assert feedback.embeds[-1]["title"] in FEEDBACK, feedback
    assert [await attempts(world, s) for s in sessions] == [b + 1 for b in before]
    assert world.bot.running and world.bot.starts == 1


@pytest.fixture
def own_server(postgres_server):
    """A server of this test's own, to shut down and start again (the session's is shared)."""
    server = pg_server.PostgresServer(postgres_server.bindir)
    try:
        server.start()
        yield server
    finally:
        server.stop()


async def test_a_server_restart_is_an_apology_during_the_outage_then_business_as_usual(own_server, tmp_path):
    async with own_server.database() as dsn, running_world(tmp_path, TUTOR_DATABASE=dsn) as world:
        double = world.double
        learner = double.add_user("outage")
        double.guild.add_member(learner)
        message, answer = await at_one_click_question(double, learner)
        session_id = int(answer.split(":")[2])
        before = await attempts(world, session_id)  # the questions passed on the way to a one-click one

        await asyncio.to_thread(own_server.halt)
        reply = await (await double.click(message, answer, user=learner)).reply()
        assert reply.ephemeral and APOLOGY in reply.content, reply.content
        progress = await (await double.slash("progress", user=learner)).reply()
        assert progress.ephemeral and APOLOGY in progress.content, progress.content
        assert not double.refusals  # not silence: the apologies came inside Discord's window
        lines = storage_lines(world.bot)
        assert len(lines) == 2 and all("unavailable" in line for line in lines), lines

        await asyncio.to_thread(own_server.resume)
        feedback = await (await double.click(message, answer, user=learner)).reply()
        assert feedback.embeds[-1]["title"] in FEEDBACK, feedback
        assert await attempts(world, session_id) == before + 1
        progress = await (await double.slash("progress", user=learner)).reply()
        assert progress.embeds[0]["description"].startswith(f"{before + 1} answer"), progress.embeds[0]
        assert world.bot.running and world.bot.starts == 1
