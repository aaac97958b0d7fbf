"""The scheduler loop in virtual time: it sleeps until the next due post, wakes on changes, and its
idle cost does not grow with the number of servers."""

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from bot.services.scheduler import DailyScheduler
from tests.services.test_daily_service import Channel


class End(Exception):
    pass


def virtual_sleep(clock, until: datetime, log: list[float]):
    async def sleep(seconds: float) -> None:
        log.append(seconds)
        if clock.now() + timedelta(seconds=seconds) > until:
            raise End()
        clock.advance(seconds=seconds)
        await asyncio.sleep(0)
    return sleep


async def run_until(app, clock, until: datetime, channel=None, cap=timedelta(hours=1)):
    sleeps: list[float] = []
    scheduler = DailyScheduler(app.daily, clock, cap=cap, sleep=virtual_sleep(clock, until, sleeps))
    with pytest.raises(End):
        await scheduler.run(channel or Channel())
    return scheduler, sleeps


async def test_sleeps_until_each_post_and_posts_it_on_time(app, clock):
    clock.set(datetime(2026, 3, 2, 6, 0, tzinfo=UTC))
    await app.daily.configure(1, 10, "09:00", "UTC")
    channel = Channel()
    scheduler, sleeps = await run_until(app, clock, datetime(2026, 3, 5, 0, 0, tzinfo=UTC), channel,
                                        cap=timedelta(days=2))
    assert [m.local_date.isoformat() for m in channel.messages] == ["2026-03-02", "2026-03-03", "2026-03-04"]
    assert sleeps == [3 * 3600, 24 * 3600, 24 * 3600, 24 * 3600]  # straight to each 09:00, no polling
    _, hourly = await run_until(app, clock, datetime(2026, 3, 5, 12, 0, tzinfo=UTC), channel)
    assert hourly == [3600.0] * 28 and len(channel.messages) == 4  # the default cap: a re-check each hour


async def test_idle_cost_is_the_same_for_ten_thousand_servers_as_for_one(app, clock):
    clock.set(datetime(2026, 3, 2, 0, 0, tzinfo=UTC))
    await app.daily.configure(1, 10, "23:00", "UTC")
    one, _ = await run_until(app, clock, datetime(2026, 3, 2, 22, 0, tzinfo=UTC))
    clock.set(datetime(2026, 3, 2, 0, 0, tzinfo=UTC))
    due = datetime(2026, 3, 2, 23, 0, tzinfo=UTC)
    for guild in range(2, 10_001):
        await app.daily.repo.save(guild_id=guild, channel_id=guild, local_time="23:00", timezone="UTC",
                                  topic_id=None, seed=guild, next_local_date=due.date(), next_due_at=due,
                                  now=clock.now())
    many, _ = await run_until(app, clock, datetime(2026, 3, 2, 22, 0, tzinfo=UTC))
    assert many.wakes == one.wakes <= 23


async def test_a_change_wakes_the_sleeping_scheduler(app, clock):
    clock.set(datetime(2026, 3, 2, 6, 0, tzinfo=UTC))
    channel = Channel()
    gate = asyncio.Event()
    slept: list[float] = []

    async def sleep(seconds: float) -> None:  # real waiting, on an event, so a change can interrupt it
        slept.append(seconds)
        await gate.wait()

    scheduler = DailyScheduler(app.daily, clock, sleep=sleep)
    task = asyncio.create_task(scheduler.run(channel))
    try:
        for _ in range(20):
            await asyncio.sleep(0.01)
        assert slept == [3600.0] and scheduler.wakes == 1  # nothing scheduled: the cap
        await app.daily.configure(1, 10, "06:30", "UTC")
        for _ in range(200):  # until it sleeps again (its reads take a few round trips on PostgreSQL)
            await asyncio.sleep(0.01)
            if len(slept) == 2:
                break
        assert scheduler.wakes == 2 and slept[-1] == 1800.0  # recomputed at once
        clock.advance(minutes=30)
        await app.daily.configure(1, 10, "06:30", "UTC", topic="alpha")  # any change wakes it
        for _ in range(200):
            await asyncio.sleep(0.01)
            if len(slept) == 3:
                break
        assert scheduler.wakes == 3 and channel.messages == []  # woken, but 06:30 today was past when set
        assert slept[-1] == 3600.0
    finally:
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task


async def test_a_failing_database_does_not_spin_the_loop(app, clock, caplog):
    clock.set(datetime(2026, 3, 2, 6, 0, tzinfo=UTC))
    calls = 0

    async def broken(*args, **kwargs):
        nonlocal calls
        calls += 1
        raise RuntimeError("database is locked")
    app.daily.run_due = broken
    _, sleeps = await run_until(app, clock, clock.now() + timedelta(minutes=5))
    assert calls == len(sleeps) and min(sleeps) == 30
    assert "scheduler hit an error" in caplog.text
