"""kill -9 of one process of a cluster in the middle of a burst of answers: learners in servers of both shards
answer quizzes at once; shard 1's process is killed, shard 0's goes on acknowledging its learners' answers while
the other is down, then shard 1's comes back and the burst goes on. Every answer either process acknowledged to
its learner is in the shared database, and each server's scores agree with its stored answers (no answer
half-written)."""

from __future__ import annotations

import asyncio
import time

import pytest

from tests.e2e.conftest import fetch
from tests.e2e.test_cluster import running_cluster
from tests.e2e.test_crash_burst import Burst

pytestmark = [pytest.mark.slow, pytest.mark.asyncio(loop_scope="function")]

ENGINES = ("postgresql",)  # the processes of a cluster share one PostgreSQL database; SQLite serves one process
LEARNERS = 20  # per shard, dealt between the shard's servers
KILL_AT = 300  # acknowledged answers, both shards together, before shard 1's process is killed
TOTAL = 800


async def disagreements(database: str) -> list[tuple]:
    """(server, learner, answers, right answers, and the same in their 'all' score) where the score and the stored
    answers disagree: an answer stored without its score, or a score without its answer."""
    return await fetch(database, """
        SELECT a.guild_id, a.user_id, a.n, a.right_ones, s.answered, s.correct
        FROM (SELECT guild_id, user_id, COUNT(*) AS n, SUM(correct) AS right_ones FROM attempts
              WHERE guild_id IS NOT NULL GROUP BY guild_id, user_id) AS a
        FULL JOIN (SELECT guild_id, user_id, answered, correct FROM scores WHERE period = 'all') AS s
            ON s.guild_id = a.guild_id AND s.user_id = a.user_id
        WHERE a.n IS DISTINCT FROM s.answered OR a.right_ones IS DISTINCT FROM s.correct""")


async def test_kill_9_of_one_process_during_a_burst_of_answers_on_both_shards(database, tmp_path):
    async with running_cluster(tmp_path, database) as cluster:
        double = cluster.double
        bursts = {}
        for shard in (0, 1):
            guilds = cluster.servers(shard)
            users = [cluster.member(f"s{shard}learner{n}", [guilds[n % len(guilds)]]) for n in range(LEARNERS)]
            bursts[shard] = Burst(double, users, servers={u.id: guilds[n % len(guilds)] for n, u in enumerate(users)})
        steady, cut = bursts[0], bursts[1]

        def acked() -> int:
            return len(steady.acked) + len(cut.acked)

        began = time.monotonic()
        # each shard's learners answer their share: process 0's alone could reach TOTAL while process 1 is down
        staying = [asyncio.create_task(steady.learner(u, TOTAL // 2)) for u in steady.users]
        killed = [asyncio.create_task(cut.learner(u, TOTAL // 2)) for u in cut.users]
        await double.wait_until(lambda: acked() >= KILL_AT, 60, f"{KILL_AT} answers acknowledged")
        await cluster.bots[1].kill()  # SIGKILL: no cleanup of any kind
        down, killed_after, at_kill = time.monotonic(), acked(), set(steady.acked)
        results = await asyncio.gather(*killed, return_exceptions=True)
        assert all(isinstance(r, BaseException) for r in results), "a learner of the killed process was not cut off"
        # the answers shard 1's learners sent and never saw answered: before the process was gone (in flight at
        # the kill: stored or not), or to the dead process (never delivered)
        cut_off = [it for it in double.interactions.values() if it.user in cut.users
                   and it.ack is None and it.label != "/quiz" and "q:n:" not in it.label]
        in_flight = sum(it.created < down for it in cut_off)
        assert len(cut_off) == cut.interrupted, (cut_off, cut.interrupted)

        await cluster.restart(1)
        during_outage, outage = steady.acked - at_kill, time.monotonic() - down
        served = {a[2] for a in during_outage}
        assert served == {u.id for u in steady.users}, (
            f"{len(during_outage)} answers acknowledged by process 0 during the outage of {outage:.1f} s, to "
            f"{len(served)} of its {LEARNERS} learners")
        back, share_done = set(cut.acked), all(t.done() for t in staying)
        await asyncio.wait_for(asyncio.gather(*staying, *(cut.learner(u, TOTAL // 2) for u in cut.users)), 120)

        rows = set(await fetch(cluster.database, "SELECT session_id, position, user_id FROM attempts"))
        figures = (f"{acked()} acknowledged ({len(steady.acked)} by process 0, {len(cut.acked)} by process 1; "
                   f"{killed_after} before the kill), {len(rows)} stored, {in_flight} in flight at the kill "
                   f"({len(rows - steady.acked - cut.acked)} of them stored; {len(cut_off) - in_flight} more sent to "
                   f"the dead process), {len(during_outage)} acknowledged by process 0 during process 1's outage of "
                   f"{outage:.1f} s (its learners' share {'done' if share_done else 'not yet done'} by then); the "
                   f"burst took {time.monotonic() - began:.0f} s")
        print(figures)
        assert acked() >= TOTAL and cut.acked - back, f"the restarted process acknowledged no answer: {figures}"
        for shard, burst in bursts.items():
            lost = burst.acked - rows
            assert not lost, f"{len(lost)} answers acknowledged in servers of shard {shard} were lost: {figures}"
        assert len(rows) <= acked() + in_flight, f"answers stored that nobody gave: {figures}"
        bad = await disagreements(cluster.database)
        assert not bad, f"scores disagree with the answers: {bad[:5]}; {figures}"
        assert not double.refusals, double.refusals
