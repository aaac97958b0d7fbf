"""Both engines' migrations build the same schema: every SQLite migration applied to a new SQLite file and every
PostgreSQL migration to a new PostgreSQL database give the same tables, columns (name, order, type, nullability,
default), primary keys, indexes (columns and their order, uniqueness, partial condition), foreign keys (with
their ON DELETE), CHECKs and triggers; and the triggers keep item_progress the same on both. A migration written
for one engine only fails here.

The PostgreSQL-only rules are checked too: Discord ids fit (BIGINT), and text compares byte by byte as in SQLite.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import asyncpg
import pytest

ROOT = Path(__file__).resolve().parents[2]
PG_FOLDER = ROOT / "migrations" / "postgresql"
# The SQLite files sit in migrations/ (or migrations/sqlite/, should they move beside the PostgreSQL ones).
SQLITE_FOLDER = next(p for p in (ROOT / "migrations" / "sqlite", ROOT / "migrations") if list(p.glob("0*.sql")))

_TYPES = {  # the type each engine declares -> what it holds
    "INTEGER": "integer", "TEXT": "text", "REAL": "real",
    "bigint": "integer", "integer": "integer", "smallint": "integer", "text": "text", "double precision": "real",
}
_FK_ACTIONS = {"a": "NO ACTION", "r": "RESTRICT", "c": "CASCADE", "n": "SET NULL", "d": "SET DEFAULT"}


def _expression(text: str | None) -> str | None:
    """An index condition or a default as both engines would agree on it: PostgreSQL adds casts and parentheses."""
    if text is None:
        return None
    text = re.sub(r"::[a-z ]+", "", text.replace('COLLATE "C"', ""))
    return " ".join(text.replace("(", " ").replace(")", " ").lower().split())


def _table(columns, primary_key, indexes, unique, foreign_keys, checks, triggers) -> dict:
    return {"columns": columns, "primary key": primary_key, "indexes": indexes, "unique": unique,
            "foreign keys": foreign_keys, "checks": checks, "triggers": triggers}


def sqlite_schema(path: Path) -> dict[str, dict]:
    con = sqlite3.connect(path)
    for migration in sorted(SQLITE_FOLDER.glob("*.sql")):
        con.executescript(migration.read_text(encoding="utf-8"))
    master = con.execute("SELECT type, name, tbl_name, sql FROM sqlite_master"
                         " WHERE name NOT LIKE 'sqlite_%'").fetchall()
    sql_of = {name: sql for _, name, _, sql in master}
    without_rowid = {name for _, name, _, _, wr, _ in con.execute("PRAGMA table_list") if wr}
    schema = {}
    for table in sorted(name for kind, name, _, _ in master if kind == "table"):
        info = con.execute(f"PRAGMA table_info({table})").fetchall()
        key = [name for _, name, _, _, _, pk in sorted(info, key=lambda c: c[5]) if pk]
        rowid_key = len(key) == 1 and any(c[1] == key[0] and c[2] == "INTEGER" for c in info)
        columns = [(name, _TYPES[kind], bool(notnull or (pk and (rowid_key or table in without_rowid))),
                    _expression(default)) for _, name, kind, notnull, default, pk in info]
        indexes, unique = {}, set()
        for _, name, is_unique, origin, partial in con.execute(f"PRAGMA index_list({table})"):
            cols = tuple(f"{col} DESC" if desc else col
                         for _, _, col, desc, _, is_key in con.execute(f"PRAGMA index_xinfo({name})") if is_key)
            if origin == "c":
                where = re.search(r"\bWHERE\b(.*)$", sql_of[name], re.S | re.I) if partial else None
                indexes[name] = (cols, bool(is_unique), _expression(where.group(1)) if where else None)
            elif origin == "u":
                unique.add(cols)
        fks: dict[int, list] = {}
        for fk_id, _, target, source, to, on_update, on_delete, _ in con.execute(f"PRAGMA foreign_key_list({table})"):
            fks.setdefault(fk_id, [target, [], [], on_update, on_delete])
            fks[fk_id][1].append(source)
            fks[fk_id][2].append(to)
        foreign_keys = {(tuple(src), target, tuple(to), f"ON UPDATE {upd}", f"ON DELETE {dele}")
                        for target, src, to, upd, dele in fks.values()}
        checks = len(re.findall(r"\bCHECK\s*\(", sql_of[table], re.I))
        triggers = {(name, " ".join(re.search(r"\b(BEFORE|AFTER|INSTEAD OF)\s+(INSERT|UPDATE|DELETE)\b",
                                              sql, re.I).groups()).upper())
                    for kind, name, tbl, sql in master if kind == "trigger" and tbl == table}
        schema[table] = _table(columns, tuple(key), indexes, unique, foreign_keys, checks, triggers)
    con.close()
    return schema


async def pg_schema(conn: asyncpg.Connection) -> dict[str, dict]:
    names = {(r["rel"], r["attnum"]): r["attname"] for r in await conn.fetch(
        "SELECT attrelid::regclass::text AS rel, attnum, attname FROM pg_attribute a"
        " JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE n.nspname = 'public' AND attnum > 0 AND NOT attisdropped")}
    constraints = await conn.fetch(
        "SELECT conrelid::regclass::text AS rel, contype::text, conkey::int2[] AS keys, conindid,"
        " confrelid::regclass::text AS target, confkey::int2[] AS target_keys, confupdtype::text, confdeltype::text"
        " FROM pg_constraint c JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = 'public'")
    backing = {c["conindid"] for c in constraints if c["contype"] in ("p", "u")}
    index_rows = await conn.fetch(
        "SELECT indrelid::regclass::text AS rel, indexrelid, indexrelid::regclass::text AS name,"
        " indkey::int2[] AS keys, indoption::int2[] AS options, indisunique, pg_get_expr(indpred, indrelid) AS pred"
        " FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE n.nspname = 'public'")
    columns = await conn.fetch(
        "SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns"
        " WHERE table_schema = 'public' ORDER BY table_name, ordinal_position")
    triggers = await conn.fetch(
        "SELECT trigger_name, event_object_table, action_timing, event_manipulation FROM information_schema.triggers"
        " WHERE trigger_schema = 'public'")
    tables = [r["table_name"] for r in await conn.fetch(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'"
        " ORDER BY table_name")]
    schema = {}
    for table in tables:
        mine = [c for c in constraints if c["rel"] == table]
        key = next((tuple(names[table, k] for k in c["keys"]) for c in mine if c["contype"] == "p"), ())
        indexes = {}
        for ix in (i for i in index_rows if i["rel"] == table and i["indexrelid"] not in backing):
            # indoption has a flag per key column (bit 1: DESC); INCLUDE columns, which SQLite has not, follow
            keys = zip(ix["keys"], ix["options"], strict=False)
            cols = tuple(names[table, k] + (" DESC" if option & 1 else "") for k, option in keys)
            indexes[ix["name"]] = (cols, ix["indisunique"], _expression(ix["pred"]))
        schema[table] = _table(
            [(c["column_name"], _TYPES[c["data_type"]], c["is_nullable"] == "NO", _expression(c["column_default"]))
             for c in columns if c["table_name"] == table],
            key, indexes,
            {tuple(names[table, k] for k in c["keys"]) for c in mine if c["contype"] == "u"},
            {(tuple(names[table, k] for k in c["keys"]), c["target"],
              tuple(names[c["target"], k] for k in c["target_keys"]),
              f"ON UPDATE {_FK_ACTIONS[c['confupdtype']]}", f"ON DELETE {_FK_ACTIONS[c['confdeltype']]}")
             for c in mine if c["contype"] == "f"},
            sum(c["contype"] == "c" for c in mine),
            {(t["trigger_name"], f"{t['action_timing']} {t['event_manipulation']}")
             for t in triggers if t["event_object_table"] == table})
    return schema


@pytest.fixture
async def pg(postgres_dsn):
    conn = await asyncpg.connect(postgres_dsn)
    try:
        for migration in sorted(PG_FOLDER.glob("*.sql")):
            await conn.execute(migration.read_text(encoding="utf-8"))
        yield conn
    finally:
        await conn.close()


@pytest.fixture
async def schemas(tmp_path, pg):
    return sqlite_schema(tmp_path / "tutor.db"), await pg_schema(pg)


def _aspect(schema: dict[str, dict], aspect: str) -> dict:
    return {table: parts[aspect] for table, parts in schema.items()}


def test_both_engines_end_at_the_same_version():
    last = [max(int(p.name[:4]) for p in folder.glob("*.sql")) for folder in (SQLITE_FOLDER, PG_FOLDER)]
    assert last[0] == last[1], "each schema change is one number with a file for each engine"


def test_same_tables_and_columns(schemas):
    sqlite, pg = schemas
    assert sorted(pg) == sorted(sqlite)
    assert _aspect(pg, "columns") == _aspect(sqlite, "columns")


@pytest.mark.parametrize("aspect", ["primary key", "indexes", "unique", "foreign keys", "checks", "triggers"])
def test_same_keys_indexes_and_constraints(schemas, aspect):
    sqlite, pg = schemas
    assert _aspect(pg, aspect) == _aspect(sqlite, aspect)


async def test_discord_ids_and_row_ids_are_bigint(pg):
    """A Discord id (a snowflake) passes 2^31 and so does a busy table's row id: INTEGER would overflow."""
    too_small = await pg.fetch(
        "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'"
        " AND (column_name = 'id' OR column_name LIKE '%\\_id') AND data_type IN ('integer', 'smallint')")
    assert [tuple(r) for r in too_small] == []


async def test_text_compares_byte_by_byte_as_in_sqlite(pg):
    """Times, ids and periods sort the same on both engines whatever collation the database was created with."""
    other = await pg.fetch(
        "SELECT table_name, column_name, collation_name FROM information_schema.columns"
        " WHERE table_schema = 'public' AND data_type = 'text' AND collation_name IS DISTINCT FROM 'C'")
    assert [tuple(r) for r in other] == []


_STEPS = [  # what happens to the answers, in order; item_progress is compared after each step
    ("INSERT INTO attempts (id, user_id, item_id, answer, correct, answered_at) VALUES (?, ?, ?, 'x', ?, ?)", [
        (1, 1, "a", 1, "2026-03-02T09:00:00+00:00"),
        (2, 1, "a", 0, "2026-03-02T09:05:00+00:00"),
        (3, 1, "a", 1, "2026-03-02T09:05:00+00:00"),  # the same time: the higher id is the latest
        (4, 1, "b", 0, "2026-03-02T10:00:00+00:00"),
        (5, 1, "b", 1, "2026-03-01T10:00:00+00:00"),  # older, stored later: not the latest
        (6, 2, "a", 1, "2026-03-02T09:00:00.500000+00:00"),
        (7, 3, "c", 1, "2026-03-02T09:00:00+00:00"),
        (8, 3, "c", 0, "2026-03-02T09:01:00+00:00"),
        (9, 2, "d", 1, "2026-03-02T09:00:00+00:00"),
        (10, 2, "d", 0, "2026-03-02T09:00:00+00:00"),
        (11, 2, "d", 1, "2026-03-02T08:00:00+00:00"),
    ]),
    # The latest goes (the one before it becomes the latest); an older one goes (of two at the same time, the
    # higher id stays the latest).
    ("DELETE FROM attempts WHERE id = ?", [(3,), (11,)]),
    ("DELETE FROM attempts WHERE user_id = ? AND item_id = ?", [(1, "b")]),  # every answer to a question goes
    ("INSERT INTO learner_deletions (user_id, started_at) VALUES (?, '2026-03-03T00:00:00+00:00')", [(3,)]),
    ("DELETE FROM attempts WHERE user_id = ?", [(3,)]),  # a learner being deleted: their rows are not recomputed
]


def _numbered(sql: str) -> str:
    count = iter(range(1, 100))
    return re.sub(r"\?", lambda _: f"${next(count)}", sql)


async def test_triggers_keep_item_progress_the_same_on_both_engines(tmp_path, pg):
    con = sqlite3.connect(tmp_path / "tutor.db")
    for migration in sorted(SQLITE_FOLDER.glob("*.sql")):
        con.executescript(migration.read_text(encoding="utf-8"))
    read = "SELECT user_id, item_id, answered, correct, last_correct, last_at, last_id FROM item_progress"
    seen = []
    for sql, rows in _STEPS:
        for row in rows:
            con.execute(sql, row)
            await pg.execute(_numbered(sql), *row)
        on_sqlite = sorted(con.execute(read).fetchall())
        assert sorted(tuple(r) for r in await pg.fetch(read)) == on_sqlite, sql
        seen.append(on_sqlite)
    con.close()
    assert seen[0][:2] == [(1, "a", 3, 2, 1, "2026-03-02T09:05:00+00:00", 3),
                           (1, "b", 2, 1, 0, "2026-03-02T10:00:00+00:00", 4)]
    assert seen[1][0] == (1, "a", 2, 1, 0, "2026-03-02T09:05:00+00:00", 2)
    assert seen[1][-2] == (2, "d", 2, 1, 0, "2026-03-02T09:00:00+00:00", 10)
    assert [r[:2] for r in seen[-1]] == [(1, "a"), (2, "a"), (2, "d"), (3, "c")]
