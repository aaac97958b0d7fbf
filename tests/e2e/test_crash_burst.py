"""kill -9 in the middle of a burst of answers: every answer the bot acknowledged to its learner is in
the database after the restart, the database passes PRAGMA integrity_check (SQLite), and the scores agree
with the answers (no answer half-written). Then the burst goes on to 1,000 answers on the restarted bot. On
both engines: on PostgreSQL the killed bot's connections die with it, mid-transaction for some."""

from __future__ import annotations

import asyncio

import pytest

from bot.storage.engine import is_url
from tests.e2e.conftest import count, fetch, running_world
from tests.e2e.test_quiz_flow import answer_current, buttons

pytestmark = [pytest.mark.slow, pytest.mark.asyncio(loop_scope="function")]

LEARNERS = 50
TOTAL = 1000
KILL_AT = 400  # acknowledged answers before the kill


class Burst:
    def __init__(self, double, users, *, servers: dict | None = None):
        self.double = double
        self.users = users
        self.servers = servers or {}  # user id -> the server they take quizzes in (else the double's first)
        self.acked: set[tuple[int, int, int]] = set()  # (session, position, user) the learner saw feedback for
        self.interrupted = 0  # answers in flight when the bot died: acknowledged or not, they may be stored
        self.enough = asyncio.Event()

    async def learner(self, user, target: int) -> None:
        """Take quizzes of 20, answering and pressing Next, until `target` answers are acknowledged in all."""
        double = self.double
        while len(self.acked) < target:
            server = self.servers.get(user.id, double.guild)
            message = await (await double.slash("quiz", {"length": 20}, user=user, guild=server)).response_message()
            while message.embeds[0]["title"] != "Quiz finished" and len(self.acked) < target:
                first = buttons(message)[0]["custom_id"]
                session, position = (int(x) for x in first.split(":")[2:4])
                try:
                    feedback, _ = await answer_current(double, message, user)
                except Exception:  # noqa: BLE001 - the bot was killed under this answer
                    self.interrupted += 1
                    raise
                assert feedback.embeds[-1]["title"] in ("Right!", "Not quite.", "Close, but not quite."), feedback
                self.acked.add((session, position, user.id))
                if len(self.acked) >= KILL_AT:
                    self.enough.set()
                message = double.message(message.id)
                (nxt,) = [b for b in buttons(message) if b["custom_id"].startswith("q:n:")]
                await (await double.click(message, nxt["custom_id"], user=user)).reply()
                message = double.message(message.id)


async def stored(db: str) -> tuple[set[tuple[int, int, int]], str, int, int]:
    rows = set(await fetch(db, "SELECT session_id, position, user_id FROM attempts"))
    # a PostgreSQL server checks its own pages (and a crash here is the client's, not the server's)
    integrity = "ok" if is_url(db) else (await fetch(db, "PRAGMA integrity_check"))[0][0]
    answered = await count(db, "SELECT COALESCE(SUM(answered), 0) FROM scores WHERE period = 'all'")
    attempts = await count(db, "SELECT COUNT(*) FROM attempts")
    return rows, integrity, answered, attempts


async def test_kill_9_during_a_burst_of_1000_answers(tmp_path, database):
    async with running_world(tmp_path, TUTOR_DATABASE=database) as world:
        double, db = world.double, world.database
        users = [double.add_user(f"burst{n}") for n in range(LEARNERS)]
        for user in users:
            double.guild.add_member(user)
        burst = Burst(double, users)

        tasks = [asyncio.create_task(burst.learner(u, TOTAL)) for u in users]
        await asyncio.wait_for(burst.enough.wait(), 120)
        await world.bot.kill()  # SIGKILL: no cleanup of any kind
        results = await asyncio.gather(*tasks, return_exceptions=True)
        acked_before_kill = set(burst.acked)
        assert len(acked_before_kill) >= KILL_AT
        assert sum(isinstance(r, BaseException) for r in results) == LEARNERS  # every learner was cut off

        await world.bot.restart(timeout=30)
        await double.wait_for_sync(count=2, timeout=30)
        rows, integrity, answered, attempts = await stored(db)
        assert integrity == "ok"
        assert acked_before_kill <= rows, f"{len(acked_before_kill - rows)} acknowledged answers were lost"
        assert len(rows) <= len(acked_before_kill) + burst.interrupted  # nothing invented
        assert answered == attempts == len(rows)  # each stored answer is counted in the scores, once
        print(f"killed after {len(acked_before_kill)} acknowledged answers; {len(rows)} stored,"
              f" {burst.interrupted} in flight")

        # the burst goes on against the restarted bot, to 1,000 acknowledged answers in all
        await asyncio.wait_for(asyncio.gather(*(burst.learner(u, TOTAL) for u in users)), 300)
        rows, integrity, answered, attempts = await stored(db)
        assert len(burst.acked) >= TOTAL and burst.acked <= rows
        assert integrity == "ok" and answered == attempts == len(rows)
        assert not double.refusals
