"""Item statistics' figures as the answer's trigger keeps them (migration 0023, both engines), and the report's
reads: key lookups on the aggregates, never the answers."""

from __future__ import annotations

import pytest

from bot.domain.item_stats import point_biserial
from bot.storage import open_database
from bot.storage.item_stats import STATS, TIMES, WRONG, ItemStatsRepository, where_items
from bot.storage.migrations import migrate

STRONG, MIDDLE, WEAK = 701, 702, 703


async def answer(db, user: int, item: str, answer: str, correct: bool, at: str) -> None:
    await db.execute("INSERT INTO attempts (user_id, guild_id, item_id, answer, correct, answered_at)"
                     " VALUES (?, 5, ?, ?, ?, ?)", (user, item, answer, int(correct), at))


async def test_discrimination_sums_take_each_learners_accuracy_before_the_answer(database_target):
    db = await open_database(database_target)
    try:
        await migrate(db)
        # five warm-up answers each: the strong learner 5 right (1.0), the middle 2 (0.4), the weak 1 (0.2)
        for user, right in ((STRONG, 5), (MIDDLE, 2), (WEAK, 1)):
            for n in range(5):
                await answer(db, user, "warm", "B" if n < right else "A", n < right, f"2026-03-02T09:00:0{n}+00:00")
        # then the item: the strong learner wrong (C), the two others right
        await answer(db, STRONG, "x", "C", False, "2026-03-02T10:00:00+00:00")
        await answer(db, MIDDLE, "x", "B", True, "2026-03-02T10:00:00+00:00")
        await answer(db, WEAK, "x", "B", True, "2026-03-02T10:00:00+00:00")

        figures = {f.item_id: f for f in await ItemStatsRepository(db).figures()}
        x = figures["x"]
        assert (x.lang, x.answered, x.correct, x.scored, x.scored_correct) == ("en", 3, 2, 3, 2)
        # scores 1.0 (wrong), 0.4 and 0.2 (right): sums 1.6, squares 1.0 + 0.16 + 0.04, right ones 0.6
        assert (x.score_sum, x.score_squares, x.score_correct_sum) == pytest.approx((1.6, 1.2, 0.6))
        assert x.wrong == {"C": 1} and x.times == {}  # no quiz: no time shown
        # r = (3 * 0.6 - 2 * 1.6) / sqrt((3 * 2 - 4) * (3 * 1.2 - 1.6 ** 2)) = -1.4 / sqrt(2.08)
        assert point_biserial(x.scored, x.scored_correct, x.score_sum, x.score_squares,
                              x.score_correct_sum) == pytest.approx(-1.4 / 2.08 ** 0.5)
        warm = figures["warm"]  # nobody had five answers before any of these
        assert (warm.answered, warm.correct, warm.scored, warm.wrong) == (15, 8, 0, {"A": 7})
        assert await ItemStatsRepository(db).figures(["x", "gone"]) == [x]
        # wrong choices, true/false and orders are kept; a learner's typed words are not (they leave with the
        # learner's answers)
        for given in ("my own words", "2,0,1", "false", "1905"):
            await answer(db, WEAK, "y", given, False, "2026-03-02T10:01:00+00:00")
        (y,) = await ItemStatsRepository(db).figures(["y"])
        assert y.answered == 4 and y.wrong == {"2,0,1": 1, "false": 1}

        # a learner's deletion takes their totals with it
        await db.execute("DELETE FROM attempts WHERE user_id = ?", (STRONG,))
        assert await db.scalar("SELECT COUNT(*) FROM learner_totals WHERE user_id = ?", (STRONG,)) == 0
        assert await db.scalar("SELECT answered FROM learner_totals WHERE user_id = ?", (MIDDLE,)) == 6
    finally:
        await db.close()


async def test_the_reads_are_key_lookups_on_the_aggregates_in_sqlite(tmp_path):
    db = await open_database(tmp_path / "t.db")
    try:
        await migrate(db)
        ids = ["a", "b", "c"]
        for sql in (STATS, WRONG, TIMES):
            rows = await db.fetchall(f"EXPLAIN QUERY PLAN {sql}{where_items(ids)}", ids)
            plan = " | ".join(r["detail"] for r in rows)
            assert "SEARCH" in plan and "PRIMARY KEY (item_id=?)" in plan and "SCAN" not in plan, plan
            assert "attempts" not in plan
    finally:
        await db.close()


async def test_the_reads_are_key_lookups_on_the_aggregates_on_postgresql(postgres_dsn):
    db = await open_database(postgres_dsn)
    try:
        await migrate(db)
        # many items (so the planner's choice is a real server's): 20,000 items in two languages
        await db.execute("INSERT INTO item_stats (item_id, lang, answered, correct, scored, scored_correct,"
                         " score_sum, score_squares, score_correct_sum) SELECT 'i' || n, l, 10, 5, 0, 0, 0, 0, 0"
                         " FROM generate_series(1, 20000) n, (VALUES ('en'), ('es')) AS langs (l)")
        await db.execute("INSERT INTO item_wrong_answers (item_id, lang, answer, answered)"
                         " SELECT 'i' || n, 'en', 'A', 3 FROM generate_series(1, 20000) n")
        await db.execute("INSERT INTO item_answer_times (item_id, lang, seconds, answered)"
                         " SELECT 'i' || n, 'en', s, 1 FROM generate_series(1, 20000) n, generate_series(1, 5) s")
        await db.execute("ANALYZE")
        ids = ["i1", "i2", "i3"]
        for sql in (STATS, WRONG, TIMES):
            plan = " | ".join(r[0] for r in await db.fetchall(f"EXPLAIN (COSTS OFF) {sql}{where_items(ids)}", ids))
            assert "Index Scan" in plan and "_pkey" in plan and "Seq Scan" not in plan, plan
        assert len(await ItemStatsRepository(db).figures(ids)) == 6
    finally:
        await db.close()
