"""Forward-only numbered migrations, one folder per engine (migrations/NNNN_name.sql for SQLite,
migrations/postgresql/NNNN_name.sql for PostgreSQL), each applied in one transaction with its version.

Both folders end at the same version: a schema change is one number with a file in each. PostgreSQL support
began at version 8, so its folder starts there: its first file builds the whole schema of that version."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path

from bot.storage.engine import Database
from bot.storage.errors import DatabaseTooNew, StorageError

log = logging.getLogger(__name__)
_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


@dataclass(frozen=True)
class Migration:
    version: int
    path: Path


def default_dir() -> Path:
    beside_package = Path(__file__).resolve().parents[2] / "migrations"
    return beside_package if beside_package.is_dir() else Path.cwd() / "migrations"


def folder_for(db: Database, root: Path | None = None) -> Path:
    root = root or default_dir()
    return root / "postgresql" if db.dialect.name == "postgresql" else root


def discover(folder: Path) -> list[Migration]:
    """The folder's migrations in order: numbered without gaps (from 0001, or from where the engine's
    support began)."""
    found = []
    for path in sorted(folder.glob("*.sql")):
        match = _NAME.match(path.name)
        if not match:
            raise StorageError(f"{path}: migration files are named NNNN_name.sql")
        found.append(Migration(int(match.group(1)), path))
    versions = [m.version for m in found]
    if not found or versions != list(range(versions[0], versions[0] + len(found))):
        raise StorageError(f"{folder}: migrations must be numbered 0001, 0002, ... without gaps")
    return found


async def current_version(db: Database) -> int:
    return await db.schema_version()


async def migrate(db: Database, folder: Path | None = None, target: int | None = None) -> list[int]:
    """Apply pending migrations up to `target` (default: all); return the versions this call applied (not those
    another process starting at the same time applied first). `folder` holds
    this engine's files (default: the shipped ones for the engine)."""
    migrations = discover(folder or folder_for(db))
    known = migrations[-1].version
    found = await db.schema_version()
    if found > known:
        raise DatabaseTooNew(found, known)
    applied = []
    for migration in migrations:
        if migration.version <= found or (target is not None and migration.version > target):
            continue
        if await db.apply_migration(migration.path.read_text(encoding="utf-8"), migration.version,
                                    migration.path.name):
            log.info("applied migration %s", migration.path.name)
            applied.append(migration.version)
    return applied
