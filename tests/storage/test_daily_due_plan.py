"""The daily scheduler's idle wake asks for the first due time: it reads one index entry however many servers
have a schedule, including on a PostgreSQL table the planner has no statistics for yet (a new deployment)."""

import json
from datetime import UTC, date, datetime, timedelta

from bot.domain.shards import Shards
from bot.storage.daily import DailyRepository

ENGINES = ("postgresql",)  # SQLite reads the index's first entry whichever way the query is written
SCHEDULES = 3000


class Recording:
    """The repository's database, noting the last statement it was given."""

    def __init__(self, db):
        self.db, self.dialect, self.last = db, db.dialect, None

    async def scalar(self, sql, params=()):
        self.last = (sql, tuple(params))
        return await self.db.scalar(sql, params)


def rows_read(plan: dict) -> int:
    own = plan.get("Actual Rows", 0) * plan.get("Actual Loops", 1) if "Scan" in plan["Node Type"] else 0
    return own + sum(rows_read(p) for p in plan.get("Plans", []))


async def test_the_first_due_time_reads_one_entry_not_every_schedule(app):
    start = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
    rows = [(guild, guild + 1, "08:00", "UTC", None, 1, None, 0, None, 7, "2026-03-02",
             (start + timedelta(seconds=n)).isoformat(), start.isoformat())
            for n, guild in enumerate(range(1 << 22, (SCHEDULES + 1) << 22, 1 << 22))]
    await app.db.executemany(
        "INSERT INTO daily_schedules (guild_id, channel_id, local_time, timezone, topic_id, enabled, problem,"
        " problem_told, problem_at, seed, next_local_date, next_due_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    for shards in (Shards(), Shards.of(4, [1, 2])):
        recording = Recording(app.db)
        first = await DailyRepository(recording).earliest_due(shards)
        assert first is not None and first.date() == date(2026, 3, 2)
        sql, params = recording.last
        explained = await app.db.scalar("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
        plan = (json.loads(explained) if isinstance(explained, str) else explained)[0]["Plan"]
        assert rows_read(plan) <= 4 * shards.count, (shards, json.dumps(plan, indent=1))
