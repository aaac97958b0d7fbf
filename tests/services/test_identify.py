"""Shards' turns to IDENTIFY: one per 5 s per bucket (shard_id % max_concurrency), as Discord requires of the whole
bot. In memory on SQLite (one process runs every shard); claimed from the database on PostgreSQL, so two
processes of a cluster starting together take turns too; a database fault costs a shard discord.py's own 5 s
wait, not its connection."""

import asyncio
import logging
import random
import time

import pytest

from bot.app import build_app
from bot.services.identify import IDENTIFY_EVERY, LocalPacer, SharedPacer
from bot.storage.identify import IdentifySlots
from tests.conftest import make_settings


class VirtualTime:
    """A clock that sleeping moves on: no real waits."""

    def __init__(self, now: float = 100.0):
        self.now = now
        self.slept: list[float] = []

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


async def test_in_memory_shards_identify_as_fast_as_their_buckets_allow():
    time_ = VirtualTime()
    pacer = LocalPacer(clock=time_.clock, sleep=time_.sleep)
    await pacer.wait_turn(0, 1)
    assert pacer.delay(1, 1) == IDENTIFY_EVERY == 5.0  # one bucket: every IDENTIFY 5 s after the last
    await pacer.wait_turn(1, 1)
    assert time_.slept == [5.0]

    time_ = VirtualTime()
    pacer = LocalPacer(clock=time_.clock, sleep=time_.sleep)
    for shard in range(16):
        await pacer.wait_turn(shard, 16)  # sixteen buckets: sixteen shards at once
    assert time_.slept == []
    assert pacer.delay(16, 16) == 5.0 and pacer.delay(17, 16) == 5.0  # the next round waits for its bucket
    await pacer.wait_turn(16, 16)
    assert time_.slept == [5.0] and pacer.delay(16, 16) == 5.0 and pacer.delay(1, 16) == 0.0


async def test_in_memory_shards_of_one_bucket_starting_together_go_one_after_the_other():
    time_ = VirtualTime()
    pacer = LocalPacer(clock=time_.clock, sleep=time_.sleep)
    let_through = []

    async def connect(shard: int) -> None:
        await pacer.wait_turn(shard, 2)
        let_through.append((shard, time_.now))

    await asyncio.gather(*(connect(shard) for shard in range(6)))
    by_bucket = {b: [at for shard, at in let_through if shard % 2 == b] for b in (0, 1)}
    assert by_bucket == {0: [100.0, 105.0, 110.0], 1: [100.0, 105.0, 110.0]}


async def test_each_engine_keeps_the_turns_where_every_process_running_shards_sees_them(app):
    if app.db.dialect.name == "postgresql":
        assert isinstance(app.pacer, SharedPacer)
        await app.pacer.wait_turn(3, 16)
        assert await app.db.scalar("SELECT COUNT(*) FROM identify_slots WHERE bucket = 3") == 1
    else:
        assert isinstance(app.pacer, LocalPacer)  # one process: no write per shard
        await app.pacer.wait_turn(3, 16)
        assert await app.db.scalar("SELECT COUNT(*) FROM identify_slots") == 0


async def test_a_bucket_is_claimed_once_per_interval_by_the_databases_clock(app):
    slots = IdentifySlots(app.db)
    assert await slots.claim(0, 5.0)
    assert not await slots.claim(0, 5.0)  # taken: nothing changed
    assert 4.0 < await slots.frees_in(0, 5.0) <= 5.0
    assert await slots.claim(1, 5.0)  # another bucket is free
    assert await slots.frees_in(7, 5.0) == 0.0  # a bucket never claimed is free
    await asyncio.sleep(0.3)
    assert await slots.claim(0, 0.25)  # the turn is over


GAP = 0.5  # seconds between two turns of one bucket in the cluster tests: Discord's 5 s, shortened
SLACK = 0.1  # the database's clock decides; the test sees each turn a round trip later


@pytest.mark.parametrize("engine", ["postgresql"])
async def test_two_processes_on_one_postgresql_database_take_turns_to_identify(app, tmp_path, course_copy,
                                                                              database_target):
    other = await build_app(make_settings(tmp_path, course_copy, TUTOR_DATABASE=database_target),
                            rng=random.Random(8))
    try:
        # as compose.yaml runs them: shards 0-1 on one process, 2-3 on the other, starting at the same time
        processes = {SharedPacer(IdentifySlots(app.db), every=GAP): (0, 1),
                     SharedPacer(IdentifySlots(other.db), every=GAP): (2, 3)}

        async def start(max_concurrency: int) -> list[float]:
            let_through = []

            async def connect(pacer: SharedPacer, shard: int) -> None:
                await pacer.wait_turn(shard, max_concurrency)
                let_through.append(time.monotonic())

            began = time.monotonic()
            await asyncio.gather(*(connect(p, s) for p, shards in processes.items() for s in shards))
            return [at - began for at in sorted(let_through)]

        # sixteen buckets: the four shards are in four of them, and none waits
        assert max(await start(16)) < GAP
        # one bucket (most bots): one shard at a time across both processes, each a whole turn after the last
        # (each process pacing only itself let one shard of each through at once)
        times = await start(1)
        gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
        assert all(gap >= GAP - SLACK for gap in gaps), gaps
        assert times[-1] < 4 * GAP + 1.0  # and no longer than the turns require
    finally:
        await other.close()


async def test_a_database_fault_while_claiming_costs_the_default_wait_and_one_warning_an_outage(app, caplog):
    time_ = VirtualTime()
    pacer = SharedPacer(IdentifySlots(app.db), sleep=time_.sleep)
    await app.db.execute("DROP TABLE identify_slots")  # every claim fails from here

    async def connect(*shards: int) -> list[str]:
        caplog.clear()
        with caplog.at_level(logging.WARNING, logger="bot.services.identify"):
            for shard in shards:
                await pacer.wait_turn(shard, 1)  # returns: the shard connects
        return [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]

    warned = await connect(0, 1, 2)
    assert time_.slept == [5.0, 5.0, 5.0]  # discord.py's own wait before each
    assert len(warned) == 1 and "could not take shard 0's turn" in warned[0]
    await app.db.execute("CREATE TABLE identify_slots (bucket INTEGER PRIMARY KEY,"
                         " identified_at DOUBLE PRECISION NOT NULL)")  # the database is back
    time_.slept.clear()
    assert await connect(3) == [] and time_.slept == []  # a turn claimed, no wait
    await app.db.execute("DROP TABLE identify_slots")
    assert len(await connect(4, 5)) == 1  # a new outage is told once too
