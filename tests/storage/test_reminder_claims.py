"""Taking due reminders: each taken reminder is leased to its taker, and on PostgreSQL a process taking due
reminders passes over the rows another process is taking at that moment instead of waiting for it."""

from __future__ import annotations

import asyncio
from datetime import UTC, date, datetime, timedelta

from bot.storage import open_database
from bot.storage.migrations import migrate
from bot.storage.reminders import ReminderRepository

START = datetime(2026, 3, 2, 17, 0, tzinfo=UTC)
LEASE = timedelta(minutes=2)


async def due_reminders(repo: ReminderRepository, users: range) -> None:
    for user in users:
        await repo.save(user_id=user, local_time="18:00", next_local_date=date(2026, 3, 2), next_due_at=START,
                        now=START - timedelta(hours=1))


async def test_a_taken_reminder_is_not_taken_again_until_its_lease_ends(app):
    repo = app.reminders.repo
    await due_reminders(repo, range(1, 4))
    taken = await repo.take_due(START, START + LEASE, limit=2)
    assert [r.user_id for r in taken] == [1, 2] and all(r.next_local_date == date(2026, 3, 2) for r in taken)
    assert [r.user_id for r in await repo.take_due(START, START + LEASE)] == [3]
    assert await repo.take_due(START + timedelta(minutes=1), START + LEASE) == []
    assert await repo.earliest_due() == START + LEASE
    assert [r.user_id for r in await repo.take_due(START + LEASE, START + 2 * LEASE)] == [1, 2, 3]


async def test_a_reminder_being_taken_by_another_process_is_passed_over_not_waited_for(postgres_dsn):
    first, second = await open_database(postgres_dsn), await open_database(postgres_dsn)
    try:
        await migrate(first)
        repo = ReminderRepository(first)
        await due_reminders(repo, range(1, 7))
        async with first.transaction() as tx:  # another process's take, between its read and its commit
            held = await tx.fetchall("SELECT user_id FROM reminders WHERE user_id <= 3 FOR UPDATE")
            assert len(held) == 3
            taken = await asyncio.wait_for(ReminderRepository(second).take_due(START, START + LEASE), timeout=5)
        assert [r.user_id for r in taken] == [4, 5, 6]
    finally:
        await first.close()
        await second.close()
