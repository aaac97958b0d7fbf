import sqlite3

import pytest

from bot.storage import DatabaseTooNew, open_database
from bot.storage.migrations import current_version, default_dir, discover, migrate

EXPECTED_TABLES = {
    "learners", "guild_settings", "quiz_sessions", "quiz_questions", "attempts", "scores", "activity_days",
    "review_cards", "review_log", "topics_read", "quotes_seen", "daily_schedules", "daily_posts", "content_audit",
}


async def test_empty_database_gets_every_table(tmp_path):
    db = await open_database(tmp_path / "new" / "t.db")
    try:
        applied = await migrate(db)
        assert applied == [m.version for m in discover(default_dir())]
        rows = await db.fetchall("SELECT name FROM sqlite_master WHERE type = 'table'")
        assert {r["name"] for r in rows} >= EXPECTED_TABLES
        assert await db.scalar("PRAGMA journal_mode") == "wal"
        assert await db.scalar("PRAGMA foreign_keys") == 1
        assert await migrate(db) == []
    finally:
        await db.close()


@pytest.mark.parametrize("start", range(len(discover(default_dir()))))
async def test_upgrade_from_every_earlier_version(tmp_path, start):
    db = await open_database(tmp_path / "t.db")
    try:
        await migrate(db, target=start)
        assert await current_version(db) == start
        await migrate(db)
        assert await current_version(db) == len(discover(default_dir()))
        assert await db.scalar("PRAGMA integrity_check") == "ok"
    finally:
        await db.close()


async def test_database_newer_than_code_is_refused(tmp_path):
    path = tmp_path / "t.db"
    con = sqlite3.connect(path)
    con.execute("PRAGMA user_version = 99")
    con.close()
    db = await open_database(path)
    try:
        with pytest.raises(DatabaseTooNew, match="schema version 99.*upgrade the bot"):
            await migrate(db)
    finally:
        await db.close()


async def test_failed_migration_leaves_nothing_behind(tmp_path):
    folder = tmp_path / "migrations"
    folder.mkdir()
    (folder / "0001_ok.sql").write_text("CREATE TABLE a (x INTEGER);")
    (folder / "0002_bad.sql").write_text("CREATE TABLE b (x INTEGER); INSERT INTO nowhere VALUES (1);")
    db = await open_database(tmp_path / "t.db")
    try:
        with pytest.raises(Exception, match="0002_bad.sql"):
            await migrate(db, folder)
        assert await current_version(db) == 1
        tables = {r["name"] for r in await db.fetchall("SELECT name FROM sqlite_master WHERE type='table'")}
        assert "a" in tables and "b" not in tables
    finally:
        await db.close()


# PostgreSQL: the same promises, from its own folder (migrations/postgresql/)

TABLES_PG = "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"


async def test_postgresql_gets_every_table_once(postgres_dsn):
    db = await open_database(postgres_dsn)
    try:
        applied = await migrate(db)
        assert applied and applied[-1] == discover(default_dir())[-1].version  # both engines end at one version
        assert {r[0] for r in await db.fetchall(TABLES_PG)} >= EXPECTED_TABLES
        assert await migrate(db) == []
    finally:
        await db.close()


async def test_processes_starting_together_each_migration_is_applied_and_told_once(postgres_dsn, caplog):
    """Processes of a cluster start at once and all migrate: they take turns, and each migration is applied,
    counted and logged by one of them (the others find it done)."""
    import asyncio
    import logging

    dbs = [await open_database(postgres_dsn) for _ in range(3)]
    try:
        with caplog.at_level(logging.INFO, logger="bot.storage.migrations"):
            applied = await asyncio.gather(*(migrate(db) for db in dbs))
        versions = [m.version for m in discover(default_dir())]
        every = sorted(v for one in applied for v in one)
        assert every == sorted(set(every)) and set(every) == set(versions[versions.index(every[0]):]), applied
        logged = [r.getMessage() for r in caplog.records if r.getMessage().startswith("applied migration")]
        assert len(logged) == len(every), logged
        assert await dbs[0].schema_version() == versions[-1]
    finally:
        for db in dbs:
            await db.close()


async def test_postgresql_newer_than_code_is_refused(postgres_dsn):
    db = await open_database(postgres_dsn)
    try:
        await db.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
        await db.execute("INSERT INTO schema_version (version) VALUES (99)")
        with pytest.raises(DatabaseTooNew, match="schema version 99.*upgrade the bot"):
            await migrate(db)
    finally:
        await db.close()


async def test_postgresql_failed_migration_leaves_nothing_behind(postgres_dsn, tmp_path):
    folder = tmp_path / "postgresql"
    folder.mkdir()
    (folder / "0008_ok.sql").write_text("CREATE TABLE a (x INTEGER);")
    (folder / "0009_bad.sql").write_text("CREATE TABLE b (x INTEGER); INSERT INTO nowhere VALUES (1);")
    db = await open_database(postgres_dsn)
    try:
        with pytest.raises(Exception, match="0009_bad.sql"):
            await migrate(db, folder)
        assert await current_version(db) == 8
        tables = {r[0] for r in await db.fetchall(TABLES_PG)}
        assert "a" in tables and "b" not in tables
    finally:
        await db.close()
