"""Forward-only numbered migrations (migrations/NNNN_name.sql), each in one transaction with
its version bump (PRAGMA user_version)."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

import aiosqlite

from bot.storage.database import Database
from bot.storage.errors import DatabaseTooNew, StorageError, storage_error

log = logging.getLogger(__name__)
_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


@dataclass(frozen=True)
class Migration:
    version: int
    path: Path


def default_dir() -> Path:
    beside_package = Path(__file__).resolve().parents[2] / "migrations"
    return beside_package if beside_package.is_dir() else Path.cwd() / "migrations"


def discover(folder: Path) -> list[Migration]:
    found = []
    for path in sorted(folder.glob("*.sql")):
        match = _NAME.match(path.name)
        if not match:
            raise StorageError(f"{path}: migration files are named NNNN_name.sql")
        found.append(Migration(int(match.group(1)), path))
    versions = [m.version for m in found]
    if versions != list(range(1, len(found) + 1)):
        raise StorageError(f"{folder}: migrations must be numbered 0001, 0002, ... without gaps")
    return found


async def current_version(db: Database) -> int:
    try:
        async with db.exclusive() as conn, conn.execute("PRAGMA user_version") as cursor:
            row = await cursor.fetchone()
    except aiosqlite.Error as exc:
        raise storage_error(exc, db.path, "read the schema version") from exc
    return int(row[0])


async def migrate(db: Database, folder: Path | None = None, target: int | None = None) -> list[int]:
    """Apply pending migrations up to `target` (default: all); return the versions applied."""
    migrations = discover(folder or default_dir())
    known = len(migrations)
    found = await current_version(db)
    if found > known:
        raise DatabaseTooNew(found, known)
    applied = []
    for migration in migrations:
        if migration.version <= found or (target is not None and migration.version > target):
            continue
        sql = migration.path.read_text(encoding="utf-8")
        async with db.exclusive() as conn:
            try:
                await conn.executescript(
                    f"BEGIN IMMEDIATE;\n{sql}\n;PRAGMA user_version = {migration.version};\nCOMMIT;"
                )
            except aiosqlite.Error as exc:
                if conn.in_transaction:
                    await conn.execute("ROLLBACK")
                raise storage_error(exc, db.path, f"apply migration {migration.path.name}") from exc
        log.info("applied migration %s", migration.path.name)
        applied.append(migration.version)
    return applied
