"""The reminder loop in virtual time: it sleeps until the next due reminder (no polling of learners), wakes when a
learner turns reminders on, and its wakes do not grow with the number of learners."""

import asyncio
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.services.scheduler import ReminderScheduler
from tests.services.test_daily_scheduler import End, virtual_sleep
from tests.services.test_reminders import USER, Inbox, miss


async def run_until(app, clock, until: datetime, inbox: Inbox, cap=timedelta(hours=1)):
    sleeps: list[float] = []
    scheduler = ReminderScheduler(app.reminders, clock, cap=cap, sleep=virtual_sleep(clock, until, sleeps))
    with pytest.raises(End):
        await scheduler.run(inbox)
    return scheduler, sleeps


async def test_sleeps_until_each_reminder_and_sends_it_on_time(app, clock):
    clock.set(datetime(2026, 3, 2, 12, 0, tzinfo=UTC))
    await miss(app)
    await app.reminders.turn_on(USER, "18:00", "UTC")
    inbox = Inbox()
    scheduler, sleeps = await run_until(app, clock, datetime(2026, 3, 5, 0, 0, tzinfo=UTC), inbox,
                                        cap=timedelta(days=2))
    assert inbox.days() == [date(2026, 3, 2), date(2026, 3, 3), date(2026, 3, 4)]
    assert sleeps == [6 * 3600, 24 * 3600, 24 * 3600, 24 * 3600]  # straight to each 18:00, no polling
    _, hourly = await run_until(app, clock, datetime(2026, 3, 5, 12, 0, tzinfo=UTC), inbox)  # from the 4th's 18:00
    assert hourly == [3600.0] * 19 and len(inbox.messages) == 3  # the default cap: a re-check each hour


async def test_wakes_are_the_same_for_a_thousand_learners_as_for_one(app, clock):
    clock.set(datetime(2026, 3, 2, 0, 0, tzinfo=UTC))
    await app.reminders.turn_on(USER, "23:00", "UTC")
    one, _ = await run_until(app, clock, datetime(2026, 3, 2, 22, 0, tzinfo=UTC), Inbox())
    clock.set(datetime(2026, 3, 2, 0, 0, tzinfo=UTC))
    due = datetime(2026, 3, 2, 23, 0, tzinfo=UTC)
    for user in range(1, 1001):
        await app.reminders.repo.save(user_id=user, local_time="23:00", next_local_date=due.date(),
                                      next_due_at=due, now=clock.now())
    many, _ = await run_until(app, clock, datetime(2026, 3, 2, 22, 0, tzinfo=UTC), Inbox())
    assert many.wakes == one.wakes <= 23


async def test_turning_reminders_on_wakes_the_sleeping_scheduler(app, clock):
    clock.set(datetime(2026, 3, 2, 6, 0, tzinfo=UTC))
    gate = asyncio.Event()
    slept: list[float] = []

    async def sleep(seconds: float) -> None:  # real waiting, on an event, so a change can interrupt it
        slept.append(seconds)
        await gate.wait()

    scheduler = ReminderScheduler(app.reminders, clock, sleep=sleep)
    task = asyncio.create_task(scheduler.run(Inbox()))
    try:
        for _ in range(20):
            await asyncio.sleep(0.01)
        assert slept == [3600.0] and scheduler.wakes == 1  # nothing scheduled: the cap
        await app.reminders.turn_on(USER, "06:30", "UTC")
        for _ in range(200):  # until it sleeps again (its reads take a few round trips on PostgreSQL)
            await asyncio.sleep(0.01)
            if len(slept) == 2:
                break
        assert scheduler.wakes == 2 and slept[-1] == 1800.0  # recomputed at once
    finally:
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
