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
