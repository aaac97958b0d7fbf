"""The activity calendar's read: a range of the learner's own answers in attempts_user_time (migration 0014)
and of their flashcard ratings in flashcard_minutes' key (migration 0018), on both engines, whatever else the
learner or others answered."""

from __future__ import annotations

from bot.storage import open_database
from bot.storage.migrations import migrate
from bot.storage.progress import standing_parts

SINCE, UNTIL = "2026-03-05T00:00:00+00:00", "2026-04-02T00:00:00+00:00"


async def test_sqlite_reads_a_range_of_the_covering_index(tmp_path):
    db = await open_database(tmp_path / "t.db")
    try:
        await migrate(db)
        activity = standing_parts(db.dialect)["activity"]
        rows = await db.fetchall(f"EXPLAIN QUERY PLAN {activity}", (7, SINCE, UNTIL) * 2)  # answers', ratings'
        plan = " | ".join(r["detail"] for r in rows)
        assert ("SEARCH attempts USING COVERING INDEX attempts_user_time"
                " (user_id=? AND answered_at>? AND answered_at<?)") in plan, plan
        assert "SEARCH flashcard_minutes USING PRIMARY KEY (user_id=? AND minute>? AND minute<?)" in plan, plan
    finally:
        await db.close()


async def test_postgresql_reads_a_range_of_the_index(postgres_dsn):
    """Many learners with a year of answers each (so the planner's choice is a real server's): the learner's
    four weeks come from attempts_user_time, not from every answer of theirs or anyone's."""
    db = await open_database(postgres_dsn)
    try:
        await migrate(db)
        # the answers' aggregates are not what this reads, and row by row they would take a minute to keep
        await db.execute("ALTER TABLE attempts DISABLE TRIGGER USER")
        await db.execute(
            "INSERT INTO attempts (user_id, item_id, answer, correct, answered_at)"
            " SELECT n % 500, 'item-' || (n % 40), 'a', 1,"
            " to_char(timestamp '2025-04-01' + (n || ' minutes')::interval * 11, 'YYYY-MM-DD\"T\"HH24:MI:SS')"
            " || '+00:00' FROM generate_series(1, 50000) n")
        await db.execute("ALTER TABLE attempts ENABLE TRIGGER USER")
        await db.execute(
            "INSERT INTO flashcard_minutes (user_id, minute, ratings)"
            " SELECT n % 500, to_char(timestamp '2025-04-01' + (n || ' minutes')::interval * 11,"
            " 'YYYY-MM-DD\"T\"HH24:MI:00') || '+00:00', 1 FROM generate_series(1, 50000) n")
        await db.execute("ANALYZE")
        activity = standing_parts(db.dialect)["activity"]
        plan = " | ".join(r[0] for r in await db.fetchall(f"EXPLAIN (COSTS OFF) {activity}", (7, SINCE, UNTIL) * 2))
        assert "attempts_user_time" in plan and "flashcard_minutes_pkey" in plan and "Seq Scan" not in plan, plan
    finally:
        await db.close()
