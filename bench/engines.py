"""The database the bench's bot runs on: the generated SQLite file as it is, or the same rows in a PostgreSQL
server started for the run (from the installed binaries, as the tests start theirs: tests/pg_server.py), with
durable settings (fsync and synchronous commits on), unlike the tests' throwaway server."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import asyncpg

from bot.storage import open_database
from bot.storage.engine import POSTGRESQL, SQLITE, Dialect
from bot.storage.migrations import migrate
from bot.storage.progress import LEADERBOARD, SOON, standing_parts, standing_sql
from tests import pg_server

SERVER_SETTINGS = {"fsync": "on", "synchronous_commit": "on", "full_page_writes": "on",
                   "shared_buffers": "512MB", "max_connections": "100"}
CHUNK = 50_000


@contextmanager
def postgres_server() -> Iterator[pg_server.PostgresServer]:
    bindir = pg_server.find_bindir()
    if bindir is None:
        raise RuntimeError(pg_server.INSTALL_HINT.replace("PostgreSQL tests skipped", "--engine postgresql"))
    server = pg_server.PostgresServer(bindir, SERVER_SETTINGS)
    server.start()
    try:
        yield server
    finally:
        server.stop()


async def load(server: pg_server.PostgresServer, source: Path, name: str) -> str:
    """A new database `name` on `server` with the bot's schema and every row of the SQLite file `source`;
    returns its URL. The rows go in by COPY with triggers off (the file's aggregates are copied as they are),
    then the identity counters move past the copied ids and the planner's statistics are gathered."""
    dsn = await create(server, name)
    db = await open_database(dsn)
    try:
        await migrate(db)
    finally:
        await db.close()
    conn = await asyncpg.connect(dsn)
    lite = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        await conn.execute("SET session_replication_role = replica")  # no triggers while the copy goes in
        tables = [r[0] for r in lite.execute("SELECT name FROM sqlite_master WHERE type = 'table'"
                                             " AND name NOT LIKE 'sqlite_%'")]
        for table in tables:
            columns = [r[1] for r in lite.execute(f"PRAGMA table_info({table})")]
            cursor = lite.execute(f"SELECT {', '.join(columns)} FROM {table}")  # noqa: S608
            while rows := cursor.fetchmany(CHUNK):
                await conn.copy_records_to_table(table, records=rows, columns=columns)
        for table, column in await conn.fetch(
                "SELECT table_name, column_name FROM information_schema.columns"
                " WHERE table_schema = 'public' AND is_identity = 'YES'"):
            await conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'),"
                               f" GREATEST((SELECT MAX({column}) FROM {table}), 1))")
        await conn.execute("VACUUM ANALYZE")
    finally:
        lite.close()
        await conn.close()
    return dsn


async def create(server: pg_server.PostgresServer, name: str) -> str:
    """A new, empty database `name` on `server`; returns its URL."""
    admin = await asyncpg.connect(server.dsn())
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    return server.dsn(name)


def plans(target: str, user_id: int, guild_id: int, week: str) -> dict[str, list[str]]:
    """How the database runs /progress's and /leaderboard's reads for one learner: each should be an index
    lookup (a range of a key), whatever the number of learners."""
    return asyncio.run(_plans(target, user_id, guild_id, week))


async def _plans(target: str, user_id: int, guild_id: int, week: str) -> dict[str, list[str]]:
    postgres = target.startswith("postgresql://")
    dialect: Dialect = POSTGRESQL if postgres else SQLITE
    part = standing_parts(dialect)
    now, soon = "2100-01-01T00:00:00+00:00", "2100-01-02T02:00:00+00:00"
    assert soon == (datetime.fromisoformat(now) + SOON).isoformat()
    four_weeks_back = "2099-12-03T00:00:00+00:00"
    calendar = (user_id, four_weeks_back, soon) * 2  # answers', ratings'
    cards = (21.0, now, now, soon, now, user_id)
    queries = {"/progress": (standing_sql(dialect), (user_id, user_id, user_id, 400, *calendar, now, user_id,
                                                     *cards, user_id)),
               "/progress totals": (part["totals"], (user_id,)),
               "/progress cards": (part["cards"], cards),
               "/progress topics": (part["topics"], (user_id,)), "/progress days": (part["days"], (user_id, 400)),
               "/progress activity": (part["activity"], calendar),
               "/leaderboard week": (LEADERBOARD, (guild_id, week, 10))}
    db = await open_database(target)
    try:
        out = {}
        for name, (sql, params) in queries.items():
            explain = "EXPLAIN (COSTS OFF) " if postgres else "EXPLAIN QUERY PLAN "
            rows = await db.fetchall(explain + sql, params)
            out[name] = [str(r[0] if postgres else r["detail"]) for r in rows]
        return out
    finally:
        await db.close()
