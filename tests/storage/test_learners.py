"""A learner's own data: the export holds every table that names them, a deletion does work in proportion to
their data (not its square), an interrupted one is finished by running it again without touching anyone else,
the deleted rows are overwritten in the file, and privacy choices end no less private than they were."""

from __future__ import annotations

import re
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import aiosqlite
import pytest

from bot.domain.clock import FakeClock
from bot.domain.errors import DeletionUnfinished
from bot.services.learners import BOT_HOST, KEPT, LearnerService
from bot.storage import Database, StorageError, open_database
from bot.storage.learners import USER_TABLES, LearnerRepository
from bot.storage.migrations import migrate
from bot.storage.sqlite import PRAGMAS, SqliteDatabase

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
LEARNER, OTHER, GUILD = 111, 222, 9
# a column that names a person (a Discord user), as opposed to a server, channel, message or role
PERSON = re.compile(r"^(user|member|author|host|owner|moderator|learner|player|creator)(_id)?$", re.I)


def learners(db: Database, now: datetime = START) -> LearnerService:
    """The service /mydata uses, over `db`, at `now`."""
    return LearnerService(LearnerRepository(db), FakeClock(now))


async def migrated(path: Path) -> None:
    db = await open_database(path)
    try:
        await migrate(db)
    finally:
        await db.close()


def fill(path: Path, user_id: int, answers: int, items: int = 1, text: str = "x") -> None:
    """`answers` answers by `user_id` on `items` questions, in quizzes of five, with their review log, scores,
    days, cards, reading and quotes: every table a learner leaves rows in."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("BEGIN")
    conn.execute("INSERT OR IGNORE INTO learners (user_id, locale, created_at) VALUES (?, 'en', ?)",
                 (user_id, START.isoformat()))
    session = None
    for n in range(answers):
        at = (START + timedelta(minutes=n)).isoformat()
        item = f"item-{n % items}"
        if n % 5 == 0:
            session = conn.execute("INSERT INTO quiz_sessions (user_id, guild_id, mode, lang, length, created_at)"
                                   " VALUES (?, ?, 'solo', 'en', 5, ?)", (user_id, GUILD, at)).lastrowid
        conn.execute("INSERT INTO quiz_questions (session_id, position, item_id, display_order) VALUES (?, ?, ?, '[]')",
                     (session, n % 5, item))
        conn.execute("INSERT INTO attempts (user_id, guild_id, session_id, position, item_id, answer, correct,"
                     " answered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", (user_id, GUILD, session, n % 5, item, text,
                                                                       n % 3 != 0, at))
        conn.execute("INSERT INTO review_log (user_id, item_id, rating, reviewed_at) VALUES (?, ?, 3, ?)",
                     (user_id, item, at))
        conn.execute("INSERT OR IGNORE INTO activity_days VALUES (?, ?)", (user_id, at[:10]))
        conn.execute("INSERT OR REPLACE INTO review_cards VALUES (?, ?, 2, NULL, 3.0, 5.0, ?, ?)",
                     (user_id, item, at, at))
        conn.execute("INSERT OR IGNORE INTO scores VALUES (?, ?, ?, 1, 1)", (GUILD, f"W{n // 50}", user_id))
    conn.execute("INSERT INTO topics_read VALUES (?, 'alpha', ?, ?)", (user_id, START.isoformat(), START.isoformat()))
    conn.execute("INSERT INTO quotes_seen VALUES (?, 'q-alpha', ?)", (user_id, START.isoformat()))
    conn.execute("COMMIT")
    conn.close()


def snapshot(path: Path, user_id: int) -> dict[str, list[tuple]]:
    """Every row of `user_id` in every table that names a learner, and the questions of their quizzes."""
    conn = sqlite3.connect(path)
    try:
        out = {table: sorted(conn.execute(f"SELECT * FROM {table} WHERE {column} = ?", (user_id,)).fetchall())
               for table, column in USER_TABLES}
        out["quiz_questions"] = sorted(conn.execute(
            "SELECT q.* FROM quiz_questions q JOIN quiz_sessions s ON s.id = q.session_id WHERE s.user_id = ?",
            (user_id,)).fetchall())
        return out
    finally:
        conn.close()


async def test_user_tables_name_every_table_with_a_person_in_it(tmp_path):
    """A table added later with a user column must be added to USER_TABLES, or export and deletion miss it."""
    await migrated(tmp_path / "t.db")
    conn = sqlite3.connect(tmp_path / "t.db")
    tables = [name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    naming = {(table, column) for table in tables
              for _, column, *_ in conn.execute(f"PRAGMA table_info({table})") if PERSON.match(column)}
    conn.close()
    assert ("attempts", "user_id") in naming and ("content_audit", "user_id") in naming  # the scan finds them
    assert naming == set(USER_TABLES)


async def test_export_holds_every_row_about_the_learner_and_nobody_else(tmp_path):
    path = tmp_path / "t.db"
    await migrated(path)
    fill(path, LEARNER, 12, items=3)
    fill(path, OTHER, 4)
    db = await open_database(path)
    try:
        await db.execute("INSERT INTO content_audit (at, user_id, action) VALUES (?, ?, 'upload')",
                         (START.isoformat(), LEARNER))
        exported = await learners(db).export(LEARNER)
    finally:
        await db.close()
    expected = snapshot(path, LEARNER)
    assert {table: sorted(tuple(row.values()) for row in rows) for table, rows in exported.items()} == expected
    assert len(exported["item_progress"]) == 3 and len(exported["content_audit"]) == 1
    assert len(exported["quiz_questions"]) == 12
    assert all(row["user_id"] == LEARNER for table, rows in exported.items() if table != "quiz_questions"
               for row in rows)


async def counted_database(path: Path) -> tuple[Database, list[int]]:
    """The bot's Database over connections of our own, the writer counting the SQLite virtual machine's steps
    (in thousands): the work each write does, whatever its statements or triggers."""
    writer = await aiosqlite.connect(path, isolation_level=None)
    reader = await aiosqlite.connect(path, isolation_level=None)
    for pragma in PRAGMAS:
        await writer.execute(pragma)
    writer.row_factory = reader.row_factory = sqlite3.Row
    steps = [0]

    def tick() -> int:
        steps[0] += 1
        return 0  # go on

    await writer.set_progress_handler(tick, 1000)
    return SqliteDatabase(path, writer, [reader]), steps


async def work_to_delete(tmp_path: Path, answers: int) -> int:
    path = tmp_path / f"{answers}.db"
    await migrated(path)
    fill(path, LEARNER, answers)  # all on one question: the worst case of a per-answer recomputation
    fill(path, OTHER, 10)
    db, steps = await counted_database(path)
    try:
        await learners(db).delete(LEARNER)
        assert await db.scalar("SELECT COUNT(*) FROM attempts WHERE user_id = ?", (LEARNER,)) == 0
    finally:
        await db.close()
    return steps[0]


async def test_deleting_twice_the_answers_is_twice_the_work_not_four_times(tmp_path):
    """Deleting a learner once recomputed their question's statistics from the remaining answers after each
    answer deleted: work in the square of their answers, all of it holding the writer."""
    small, large = await work_to_delete(tmp_path, 1000), await work_to_delete(tmp_path, 2000)
    assert large < 2.6 * small, (small, large)


class Crash:
    """The bot's Database, dying (a storage fault, a kill) at its `after`-th write."""

    def __init__(self, db: Database, after: int):
        self.db, self.left = db, after
        self.fetchall, self.fetchone, self.scalar, self.snapshot = db.fetchall, db.fetchone, db.scalar, db.snapshot
        self.where, self.dialect, self.scrub = db.where, db.dialect, db.scrub

    def _one_more(self) -> None:
        self.left -= 1
        if self.left < 0:
            raise StorageError("disk I/O error", "io")

    def transaction(self):
        self._one_more()
        return self.db.transaction()

    async def execute(self, sql, params=()):
        self._one_more()
        return await self.db.execute(sql, params)

    async def executemany(self, sql, rows):
        self._one_more()
        return await self.db.executemany(sql, rows)


@pytest.mark.parametrize("crash_at", [1, 2, 5, 9, 14, 15])  # a whole deletion here is 16 writes
async def test_an_interrupted_deletion_is_finished_by_running_it_again(tmp_path, crash_at):
    path = tmp_path / "t.db"
    await migrated(path)
    fill(path, LEARNER, 300, items=4)
    fill(path, OTHER, 40, items=4)
    others = snapshot(path, OTHER)
    db = await open_database(path)
    try:
        repo = LearnerRepository(db)
        crashing = learners(Crash(db, crash_at))  # type: ignore[arg-type]
        with pytest.raises(DeletionUnfinished):
            await crashing.delete(LEARNER)
        assert snapshot(path, OTHER) == others
        assert await repo.unfinished() == [LEARNER]
        assert await learners(db).finish_interrupted() == (1, 1)
        assert await repo.unfinished() == []
    finally:
        await db.close()
    assert not any(snapshot(path, LEARNER).values())
    assert snapshot(path, OTHER) == others


async def test_a_group_quiz_the_learner_started_is_handed_to_the_bot(tmp_path):
    path = tmp_path / "t.db"
    await migrated(path)
    fill(path, LEARNER, 5)
    db = await open_database(path)
    try:
        async with db.transaction() as tx:
            group = await tx.scalar(
                "INSERT INTO quiz_sessions (user_id, guild_id, channel_id, mode, lang, length, created_at)"
                " VALUES (?, ?, 7, 'group', 'en', 2, ?) RETURNING id", (LEARNER, GUILD, START.isoformat()))
        await db.executemany("INSERT INTO quiz_questions (session_id, position, item_id, display_order)"
                             " VALUES (?, ?, 'item-0', '[0, 1]')", [(group, 0), (group, 1)])
        await db.executemany("INSERT INTO attempts (user_id, guild_id, session_id, position, item_id, answer, correct,"
                             " answered_at) VALUES (?, ?, ?, 0, 'item-0', 'A', 1, ?)",
                             [(user, GUILD, group, START.isoformat()) for user in (LEARNER, OTHER)])
        await learners(db).delete(LEARNER)
        session = await db.fetchone("SELECT user_id, status FROM quiz_sessions WHERE id = ?", (group,))
        assert (session["user_id"], session["status"]) == (BOT_HOST, "active")
        assert await db.scalar("SELECT COUNT(*) FROM quiz_questions WHERE session_id = ?", (group,)) == 2
        answers = await db.fetchall("SELECT user_id FROM attempts WHERE session_id = ?", (group,))
        assert [row["user_id"] for row in answers] == [OTHER]
    finally:
        await db.close()


async def test_hidden_from_leaderboards_stays_hidden_and_progress_goes_private(tmp_path):
    path = tmp_path / "t.db"
    await migrated(path)
    fill(path, LEARNER, 5)
    fill(path, OTHER, 5)
    db = await open_database(path)
    try:
        repo, service = LearnerRepository(db), learners(db)
        await service.set_leaderboard_visible(LEARNER, False)
        await service.set_progress_visible(LEARNER, True)
        await service.set_progress_visible(OTHER, True)
        assert await service.may_see_progress(OTHER, LEARNER)
        deletion = await learners(db, START + timedelta(days=1)).delete(LEARNER)
        assert deletion.still_hidden and deletion.rows > 5
        assert await repo.opted_out(LEARNER) and not await service.may_see_progress(OTHER, LEARNER)
        row = await db.fetchone("SELECT * FROM learners WHERE user_id = ?", (LEARNER,))
        assert row["locale"] is None  # only the choice is kept
        assert not (await service.delete(OTHER)).still_hidden
        assert await db.scalar("SELECT COUNT(*) FROM learners WHERE user_id = ?", (OTHER,)) == 0
    finally:
        await db.close()
    assert set(KEPT) <= {table for table, _ in USER_TABLES}


def raw_bytes(path: Path) -> bytes:
    """The database file and the files beside it (its write-ahead log and index), as they are on disk."""
    return b"".join(p.read_bytes() for p in sorted(path.parent.glob(path.name + "*")))


async def test_deleted_answers_are_overwritten_in_the_file_whatever_sqlite_does_by_default(tmp_path):
    """SQLite leaves deleted rows in the file unless built or told otherwise: the bot tells it."""
    path = tmp_path / "t.db"
    secret = "my-secret-answer-quokka-4711"
    await migrated(path)
    fill(path, OTHER, 200)
    fill(path, LEARNER, 50, text=secret)
    fill(path, OTHER + 1, 200)
    assert raw_bytes(path).count(secret.encode()) > 0
    writer = await aiosqlite.connect(path, isolation_level=None)
    reader = await aiosqlite.connect(path, isolation_level=None)
    await writer.execute("PRAGMA secure_delete = OFF")  # SQLite's own default, on most builds
    for pragma in PRAGMAS:  # as Database.open sets them
        await writer.execute(pragma)
    writer.row_factory = reader.row_factory = sqlite3.Row
    db = SqliteDatabase(path, writer, [reader])
    try:
        await learners(db).delete(LEARNER)
    finally:
        await db.close()  # the last connection to close checkpoints the log into the file, and removes it
    assert raw_bytes(path).count(secret.encode()) == 0


async def test_deleted_answers_do_not_stay_in_the_log_while_the_bot_runs(tmp_path):
    path = tmp_path / "t.db"
    secret = "my-secret-answer-quokka-4711"
    await migrated(path)
    db = await open_database(path)
    try:
        for n in range(300):  # given through the bot, like any answer: in its write-ahead log first
            await db.execute("INSERT INTO attempts (user_id, guild_id, item_id, answer, correct, answered_at)"
                             " VALUES (?, ?, 'item-0', ?, 1, ?)", (LEARNER, GUILD, secret, START.isoformat())
                             if n % 2 else (OTHER, GUILD, "x", START.isoformat()))
        assert raw_bytes(path).count(secret.encode()) > 0
        await learners(db).delete(LEARNER)
        for n in range(250):  # others go on answering: the bot checkpoints meanwhile
            await db.execute("INSERT INTO activity_days VALUES (?, '2026-03-02')", (1000 + n,))
        assert raw_bytes(path).count(secret.encode()) == 0
        assert await db.scalar("SELECT COUNT(*) FROM attempts WHERE user_id = ?", (OTHER,)) == 150
    finally:
        await db.close()
