"""The record of review reminders' DMs (one row per learner and local day) is pruned to the last week, in the bot's
periodic clean-up: the once-a-day rule still holds, /remind status still says when the last DM came, and pruning
again (another process, the next round) finds nothing. Both engines, injected clock."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.services.reminders import SENDS_KEPT
from tests.services.test_reminders import OTHER, USER, Inbox, at, miss


@pytest.fixture
def inbox() -> Inbox:
    return Inbox()


async def sends_of(app, user: int) -> list[str]:
    return [r["local_date"] for r in (await app.learners.export(user))["reminder_sends"]]


async def test_the_dms_record_keeps_the_last_week_and_the_once_a_day_rule(app, clock, inbox):
    at(clock, "2026-03-01T10:00")
    await miss(app)
    await miss(app, OTHER)
    await app.reminders.turn_on(USER, "18:00", "Europe/Madrid")
    await app.reminders.turn_on(OTHER, "18:00", "Europe/Madrid")
    for day in range(1, 13):
        at(clock, f"2026-03-{day:02d}T18:00")
        assert await app.reminders.run_due(inbox) == (2 if day <= 2 else 1)
        if day == 2:
            await app.reminders.turn_off(OTHER)  # their last DM: 2 March
    assert len(await sends_of(app, USER)) == 12
    assert await app.reminders.prune() == 4 + 2  # those before 5 March: 7 days before 12 March (UTC)
    assert await sends_of(app, USER) == [f"2026-03-{day:02d}" for day in range(5, 13)]
    assert await sends_of(app, OTHER) == []
    assert await app.reminders.prune() == 0  # idempotent: the next round, or another process, finds nothing
    assert await app.reminders.run_due(inbox) == 0  # today's DM went: still once
    assert (await app.reminders.status(USER)).last_sent_on == date(2026, 3, 12)
    assert (await app.reminders.status(OTHER)).last_sent_on == date(2026, 3, 2)  # kept past its record
    # a new time today: today had its DM, so tomorrow (the record the rule reads is the last days')
    status = await app.reminders.turn_on(USER, "21:00")
    assert status.next_local.isoformat() == "2026-03-13T21:00:00+01:00"
    at(clock, "2026-03-13T21:00")
    assert await app.reminders.run_due(inbox) == 1
    assert inbox.days() == [date(2026, 3, day) for day in range(1, 14)]


async def test_pruning_goes_in_bounded_batches_and_keeps_what_the_rule_reads(app, clock):
    repo = app.reminders.repo
    today = date(2026, 3, 20)
    at(clock, "2026-03-20T12:00")
    await app.db.executemany(
        "INSERT INTO reminder_sends (user_id, local_date, status, claimed_at) VALUES (?, ?, 'sent', ?)",
        [(user, (today - timedelta(days=age)).isoformat(), "2026-03-01T00:00:00+00:00")
         for user in range(1, 6) for age in range(15)])
    assert await repo.prune_sends(today - SENDS_KEPT, batch=4) == 5 * (15 - 8)
    assert await repo.days_taken(3, since=today - timedelta(days=2)) == {today - timedelta(days=n) for n in range(3)}
    remaining = await app.db.fetchall("SELECT DISTINCT local_date FROM reminder_sends ORDER BY local_date")
    assert [r[0] for r in remaining] == [(today - timedelta(days=n)).isoformat() for n in range(7, -1, -1)]
