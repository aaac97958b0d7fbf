"""The write-ahead log is copied into the database beside the writer (see sqlite.CHECKPOINT_EVERY), never inside a
learner's commit: under a steady stream of writes, with readers about, the log file stays small and every write
is kept."""

import asyncio
import os

from bot.storage import open_database
from bot.storage.sqlite import CHECKPOINT_EVERY

ENGINES = ("sqlite",)  # SQLite's own log file


async def test_the_log_stays_small_under_steady_writes(tmp_path):
    db = await open_database(tmp_path / "t.db")
    wal = f"{db.path}-wal"
    rows = 30 * CHECKPOINT_EVERY
    largest = 0
    try:
        await db.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")

        async def write() -> None:
            nonlocal largest
            for i in range(rows):
                await db.execute("INSERT INTO notes (text) VALUES (?)", ("x" * 200 + str(i),))
                largest = max(largest, os.path.getsize(wal))

        async def read() -> None:
            while largest == 0 or await db.scalar("SELECT COUNT(*) FROM notes") < rows:
                await asyncio.sleep(0)

        await asyncio.gather(write(), read())
        # each write adds at least one 4 KB page to the log: without checkpoints it reaches ~3,300 pages (13 MB);
        # with them, a reader's snapshot can put a restart off for a while (130-570 pages seen)
        assert largest < 1000 * 4096, largest
        assert await db.scalar("SELECT COUNT(*) FROM notes") == rows
    finally:
        await db.close()
    db = await open_database(tmp_path / "t.db")
    try:
        assert await db.scalar("SELECT COUNT(*) FROM notes") == rows
    finally:
        await db.close()
