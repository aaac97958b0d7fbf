"""Review cards and scores stored by their key (migration 0006): an upgrade keeps every row, and the reads
of a learner's due cards and of a leaderboard come from an index alone."""

from __future__ import annotations

import pytest

from bot.storage import Database, StorageError, open_database
from bot.storage.migrations import migrate
from bot.storage.progress import LEADERBOARD

CARDS = "SELECT user_id, item_id, state, step, stability, difficulty, due, last_review FROM review_cards"
SCORES = "SELECT guild_id, period, user_id, correct, answered FROM scores"


@pytest.fixture
async def db(tmp_path):
    db = await open_database(tmp_path / "t.db")
    yield db
    await db.close()


async def rows(db: Database, sql: str) -> list[tuple]:
    return sorted(tuple(r) for r in await db.fetchall(sql))


async def test_the_upgrade_keeps_every_card_and_score(db):
    await migrate(db, target=5)
    await db.executemany("INSERT INTO review_cards VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                         [(u, f"item-{i}", i % 4, None if i % 3 else 1, 2.5 * i, 5.0, f"2026-03-{i + 1:02d}T09:00:00",
                           None if i == 0 else "2026-03-01T09:00:00") for u in (1, 2) for i in range(5)])
    await db.executemany("INSERT INTO scores VALUES (?, ?, ?, ?, ?)",
                         [(g, p, u, u % 3, u) for g in (7, 8) for p in ("all", "2026-W10") for u in (1, 2, 3)])
    before = await rows(db, CARDS), await rows(db, SCORES)

    await migrate(db)
    assert (await rows(db, CARDS), await rows(db, SCORES)) == before
    assert len(before[0]) == 10 and len(before[1]) == 12
    for table in ("review_cards", "scores"):
        with pytest.raises(StorageError, match="no such column: rowid"):
            await db.fetchall(f"SELECT rowid FROM {table}")  # noqa: S608 - stored by key: no rowid
    assert await db.scalar("PRAGMA integrity_check") == "ok"


async def plan(db: Database, sql: str, params: tuple) -> str:
    return " | ".join(r["detail"] for r in await db.fetchall(f"EXPLAIN QUERY PLAN {sql}", params))


async def test_due_cards_and_leaderboards_are_read_from_an_index_alone(db):
    await migrate(db)
    due = await plan(db, "SELECT item_id FROM review_cards WHERE user_id = ? AND due <= ? ORDER BY due LIMIT ?",
                     (1, "2026-03-02", 50))
    assert "USING COVERING INDEX review_cards_due" in due and "TEMP B-TREE" not in due, due
    board = await plan(db, LEADERBOARD, (7, "all", 10))
    assert "USING COVERING INDEX scores_rank" in board and "TEMP B-TREE" not in board, board
