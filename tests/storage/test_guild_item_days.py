"""Each server's answers per question and UTC day, as the answer's trigger keeps them (migration 0025, both
engines): one statement's answers grouped, answers in DMs left out, deleted answers taken off again."""

from __future__ import annotations

from bot.storage import open_database
from bot.storage.migrations import migrate

ROWS = "SELECT guild_id, day, item_id, answered, correct FROM guild_item_days ORDER BY guild_id, day, item_id"


async def test_a_statements_answers_count_per_server_question_and_day_and_leave_when_deleted(database_target):
    db = await open_database(database_target)
    try:
        await migrate(db)
        insert = ("INSERT INTO attempts (user_id, guild_id, item_id, answer, correct, answered_at) VALUES"
                  " (?, ?, ?, 'B', ?, ?), (?, ?, ?, 'A', ?, ?), (?, ?, ?, 'B', ?, ?), (?, ?, ?, 'B', ?, ?)")
        await db.execute(insert, (
            1, 5, "x", 1, "2026-03-02T23:59:59+00:00",
            1, 5, "x", 0, "2026-03-02T10:00:00+00:00",
            1, 5, "x", 1, "2026-03-03T00:00:00+00:00",  # the next UTC day
            1, None, "x", 1, "2026-03-02T10:00:00+00:00"))  # a DM: no server
        await db.execute("INSERT INTO attempts (user_id, guild_id, item_id, answer, correct, answered_at)"
                         " VALUES (2, 5, 'x', 'B', 1, '2026-03-02T11:00:00+00:00'),"
                         " (2, 6, 'y', 'A', 0, '2026-03-02T11:00:00+00:00')")
        assert [tuple(r) for r in await db.fetchall(ROWS)] == [
            (5, "2026-03-02", "x", 3, 2), (5, "2026-03-03", "x", 1, 1), (6, "2026-03-02", "y", 1, 0)]
        await db.execute("DELETE FROM attempts WHERE user_id = 1")
        assert [tuple(r) for r in await db.fetchall(ROWS)] == [
            (5, "2026-03-02", "x", 1, 1), (6, "2026-03-02", "y", 1, 0)]
        await db.execute("DELETE FROM attempts WHERE user_id = 2")
        assert await db.fetchall(ROWS) == []
    finally:
        await db.close()
