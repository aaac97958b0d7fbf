"""The leaderboard query: its order (right answers, then fewest answered, then user id), opted-out learners
left out, and its plan: straight from the covering index (migration 0005), no table rows read, no sort."""

from __future__ import annotations

import random

from bot.storage import open_database
from bot.storage.migrations import migrate
from bot.storage.progress import LEADERBOARD, ProgressRepository

GUILD = 5


async def test_the_top_ten_in_order_without_those_who_opted_out(tmp_path):
    db = await open_database(tmp_path / "t.db")
    try:
        await migrate(db)
        rng = random.Random(3)
        rows = [(GUILD, "all", user, rng.randrange(4), rng.randrange(4, 7)) for user in range(100, 160)]
        await db.executemany("INSERT INTO scores (guild_id, period, user_id, correct, answered)"
                             " VALUES (?, ?, ?, ?, ?)", rows)
        hidden = {r[2] for r in rows[:60:7]}
        await db.executemany("INSERT INTO learners (user_id, leaderboard_opt_out, created_at)"
                             " VALUES (?, 1, '2026-03-02T09:00:00+00:00')",
                             [(u,) for u in hidden])
        expected = sorted((r for r in rows if r[2] not in hidden), key=lambda r: (-r[3], r[4], r[2]))[:10]
        top = await ProgressRepository(db).leaderboard(GUILD, "all")
        assert [(e.user_id, e.correct, e.answered) for e in top] == [(r[2], r[3], r[4]) for r in expected]
        assert len({(r[3], r[4]) for r in rows}) < len(rows)  # ties on both counts: the user id decides

        plan = " | ".join(r["detail"] for r in await db.fetchall(f"EXPLAIN QUERY PLAN {LEADERBOARD}",
                                                                 (GUILD, "all", 10)))
        assert "USING COVERING INDEX scores_rank" in plan and "TEMP B-TREE" not in plan, plan
    finally:
        await db.close()


async def test_on_postgresql_the_top_ten_come_from_the_index_in_order_with_a_key_lookup_each(postgres_dsn):
    """With many learners (so the planner's choice is the one a real server makes): the rows come from
    scores_rank in its order, each learner's opt-out by its primary key; no sort, no read of every learner."""
    db = await open_database(postgres_dsn)
    try:
        await migrate(db)
        await db.execute("INSERT INTO learners (user_id, leaderboard_opt_out, created_at) SELECT n, (n % 50 = 0)::int,"
                         " '2026-03-02T09:00:00+00:00' FROM generate_series(1, 50000) n")
        # every learner all-time; a week's few (the shape that made the planner hash every learner)
        await db.execute("INSERT INTO scores (guild_id, period, user_id, correct, answered) SELECT 5, 'all', n,"
                         " n % 97, n % 97 + n % 13 FROM generate_series(1, 50000) n")
        await db.execute("INSERT INTO scores (guild_id, period, user_id, correct, answered) SELECT 5, '2026-W10', n,"
                         " 96, 100 FROM generate_series(1, 30) n")
        await db.execute("ANALYZE")
        for period in ("all", "2026-W10"):
            top = await ProgressRepository(db).leaderboard(GUILD, period)
            assert len(top) == 10 and all(e.user_id % 50 for e in top)
            assert [e.correct for e in top] == [96] * 10
            plan = " | ".join(r[0] for r in await db.fetchall(f"EXPLAIN (COSTS OFF) {LEADERBOARD}",
                                                              (GUILD, period, 10)))
            assert "Index Only Scan using scores_rank" in plan and "learners_pkey" in plan, plan
            assert "Sort" not in plan and "Seq Scan" not in plan, plan
    finally:
        await db.close()
