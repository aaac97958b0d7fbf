"""The reminder loop's reads do not grow with the learners who turned reminders on: its idle wake reads the first
entry of the due index, and taking the due reminders reads those due (plus a few), on a PostgreSQL table the planner
has no statistics for yet (a new deployment) as on SQLite."""

import json
from datetime import UTC, datetime, timedelta

from bot.storage.reminders import ReminderRepository

LEARNERS = 3000
DUE = 5


class Recording:
    """The repository's database, noting the statements it was given."""

    def __init__(self, db):
        self.db, self.dialect, self.statements = db, db.dialect, []

    async def scalar(self, sql, params=()):
        self.statements.append((sql, tuple(params)))
        return await self.db.scalar(sql, params)

    def transaction(self):
        recording, inner = self, self.db.transaction()

        class Tx:
            async def __aenter__(self):
                self.tx = await inner.__aenter__()
                return self

            async def __aexit__(self, *exc):
                return await inner.__aexit__(*exc)

            async def fetchall(self, sql, params=()):
                recording.statements.append((sql, tuple(params)))
                return await self.tx.fetchall(sql, params)

            async def executemany(self, sql, rows):
                return await self.tx.executemany(sql, rows)

        return Tx()


def rows_read(plan: dict) -> int:
    own = plan.get("Actual Rows", 0) * plan.get("Actual Loops", 1) if "Scan" in plan["Node Type"] else 0
    return own + sum(rows_read(p) for p in plan.get("Plans", []))


async def read(app, sql: str, params: tuple) -> str:
    """How many rows the statement reads (PostgreSQL), or its plan (SQLite)."""
    if app.db.dialect.name == "postgresql":
        explained = await app.db.scalar("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
        return rows_read((json.loads(explained) if isinstance(explained, str) else explained)[0]["Plan"])
    return " / ".join(r[3] for r in await app.db.fetchall("EXPLAIN QUERY PLAN " + sql, params))


async def test_the_idle_wake_and_the_take_read_the_due_reminders_not_every_learner(app):
    now = datetime(2026, 3, 2, 17, 0, tzinfo=UTC)
    await app.db.executemany(
        "INSERT INTO reminders (user_id, local_time, enabled, next_local_date, next_due_at, updated_at)"
        " VALUES (?, '18:00', 1, '2026-03-02', ?, ?)",
        [(user, (now + timedelta(seconds=n - DUE + 1)).isoformat(), now.isoformat())
         for n, user in enumerate(range(1, LEARNERS + 1))])
    recording = Recording(app.db)
    repo = ReminderRepository(recording)
    assert await repo.earliest_due() == now - timedelta(seconds=DUE - 1)
    assert len(await repo.take_due(now, now + timedelta(minutes=2))) == DUE
    (wake, wake_params), (take, take_params) = recording.statements
    await app.db.executemany("UPDATE reminders SET next_due_at = ? WHERE user_id = ?",  # due again, as they were
                             [((now - timedelta(seconds=n)).isoformat(), DUE - n) for n in range(DUE)])
    if app.db.dialect.name == "postgresql":
        assert await read(app, wake, wake_params) <= 4
        assert await read(app, take, take_params) <= 4 * DUE
    else:
        assert "USING INDEX reminders_due" in await read(app, wake, wake_params)
        plan = await read(app, take, take_params)
        assert "USING INDEX reminders_due" in plan and "TEMP B-TREE" not in plan, plan


async def test_pruning_the_dms_record_reads_a_batch_of_old_days_not_the_table(app):
    """The bot's periodic clean-up (every process) deletes a bounded batch of the oldest rows through
    reminder_sends_by_date, however many learners and days the record holds."""
    days, batch = 30, 50
    await app.db.executemany(
        "INSERT INTO reminder_sends (user_id, local_date, status, claimed_at) VALUES (?, ?, 'sent', ?)",
        [(user, f"2026-03-{day:02d}", "2026-03-01T00:00:00+00:00")
         for user in range(1, LEARNERS // days * 10 + 1) for day in range(1, days + 1)])
    recording = Recording(app.db)

    async def execute(sql, params=()):  # noted, not run: the plan is read below
        recording.statements.append((sql, tuple(params)))
        return 0

    recording.execute = execute
    await ReminderRepository(recording).prune_sends(datetime(2026, 3, 24).date(), batch=batch)
    [(delete, params)] = recording.statements
    if app.db.dialect.name == "postgresql":
        async with app.db.transaction() as tx:  # EXPLAIN ANALYZE runs the delete: one batch
            explained = await tx.scalar("EXPLAIN (ANALYZE, FORMAT JSON) " + delete, params)
        plan = (json.loads(explained) if isinstance(explained, str) else explained)[0]["Plan"]
        assert rows_read(plan) <= 4 * batch, plan
    else:
        plan = await read(app, delete, params)
        assert "USING INDEX reminder_sends_by_date" in plan and "SCAN" not in plan, plan
