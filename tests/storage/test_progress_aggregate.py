"""The per-question aggregate /progress reads (migration 0004) always says what the answers say: after
answers in any order (ties in time included), after deleting some, after deleting a learner, and after an
upgrade of a database that already had answers."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from bot.storage import Database, open_database
from bot.storage.migrations import migrate
from bot.storage.progress import ItemRecord, ProgressRepository

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


async def from_answers(db: Database, user_id: int) -> dict[str, ItemRecord]:
    """What the aggregate must say, computed from every answer (the query /progress used before 0004)."""
    rows = await db.fetchall(
        "SELECT item_id, COUNT(*) AS answered, SUM(correct) AS correct,"
        " (SELECT a2.correct FROM attempts a2 WHERE a2.user_id = a.user_id AND a2.item_id = a.item_id"
        "  ORDER BY a2.answered_at DESC, a2.id DESC LIMIT 1) AS last_correct"
        " FROM attempts a WHERE user_id = ? GROUP BY item_id", (user_id,))
    return {r["item_id"]: ItemRecord(r["item_id"], r["answered"], r["correct"], bool(r["last_correct"]))
            for r in rows}


async def answer(db: Database, rng: random.Random, users: list[int], count: int) -> None:
    rows = [(rng.choice(users), f"item-{rng.randrange(6)}", rng.randrange(2),
             (START + timedelta(minutes=rng.randrange(50))).isoformat())  # few distinct times: many ties
            for _ in range(count)]
    await db.executemany("INSERT INTO attempts (user_id, guild_id, item_id, answer, correct, answered_at)"
                         " VALUES (?, 1, ?, 'x', ?, ?)", rows)


async def assert_agrees(db: Database, users: list[int]) -> None:
    repo = ProgressRepository(db)
    for user in users:
        assert await repo.item_records(user) == await from_answers(db, user), user


async def test_aggregate_follows_answers_and_deletions(tmp_path):
    db = await open_database(tmp_path / "t.db")
    try:
        await migrate(db)
        rng, users = random.Random(3), [1, 2, 3]
        await answer(db, rng, users, 300)
        await assert_agrees(db, users)
        async with db.transaction() as tx:
            await tx.execute("DELETE FROM attempts WHERE id % 7 = 0")
            await tx.execute("DELETE FROM attempts WHERE user_id = 2")
        await assert_agrees(db, users)
        assert await ProgressRepository(db).item_records(2) == {}
        await answer(db, rng, users, 100)
        await assert_agrees(db, users)
    finally:
        await db.close()


async def test_upgrade_fills_the_aggregate_from_existing_answers(tmp_path):
    db = await open_database(tmp_path / "t.db")
    try:
        await migrate(db, target=3)
        rng, users = random.Random(5), [1, 2]
        await answer(db, rng, users, 200)
        await migrate(db)
        await assert_agrees(db, users)
    finally:
        await db.close()
