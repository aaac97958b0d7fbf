"""The answer's one read (QuizRepository.answer_state) takes the learner's zone and latest activity day by key: a
look-up in learners and the last entry of the learner's range of activity_days, whatever the number of learners
and days, on both engines (it is the bot's hottest read: every answer click)."""

from __future__ import annotations

from bot.storage import open_database
from bot.storage.migrations import migrate
from bot.storage.quizzes import _ANSWER_AT

PARAMS = (7, 7, 7, 7, 0, 7, 7, 1)  # user_id x4, position, user_id, user_id, session_id


async def test_sqlite_looks_up_the_zone_and_the_latest_day_by_key(tmp_path):
    db = await open_database(tmp_path / "t.db")
    try:
        await migrate(db)
        plan = " | ".join(r["detail"] for r in await db.fetchall(f"EXPLAIN QUERY PLAN {_ANSWER_AT}", PARAMS))
        assert "SEARCH l USING INTEGER PRIMARY KEY (rowid=?)" in plan, plan
        assert "SEARCH d USING PRIMARY KEY (user_id=?)" in plan, plan
    finally:
        await db.close()


async def test_postgresql_looks_up_the_zone_and_the_latest_day_by_key(postgres_dsn):
    """20,000 learners with 50,000 active days among them, analysed, so the planner's choice is a real server's."""
    db = await open_database(postgres_dsn)
    try:
        await migrate(db)
        await db.execute("INSERT INTO learners (user_id, timezone, created_at)"
                         " SELECT n, 'Asia/Tokyo', '2026-01-01T00:00:00+00:00' FROM generate_series(1, 20000) n")
        await db.execute("INSERT INTO activity_days (user_id, day) SELECT n % 2000,"
                         " to_char(date '2020-01-01' + n / 2000, 'YYYY-MM-DD') FROM generate_series(1, 50000) n")
        await db.execute("ANALYZE")
        plan = " | ".join(r[0] for r in await db.fetchall(f"EXPLAIN (COSTS OFF) {_ANSWER_AT}", PARAMS))
        assert "learners_pkey" in plan and "Seq Scan on learners" not in plan, plan
        assert "Index Only Scan Backward using activity_days_pkey" in plan, plan
        assert "Seq Scan on activity_days" not in plan, plan
    finally:
        await db.close()
