"""Online backups with SQLite's backup API: a consistent copy while the bot keeps writing."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from bot.storage.errors import StorageError


@dataclass(frozen=True)
class BackupReport:
    path: Path
    pages: int
    schema_version: int
    learners: int
    attempts: int


def backup(source: Path, target: Path) -> BackupReport:
    """Copy the database at `source` to `target` (which must not exist yet), then check the copy."""
    if not source.is_file():
        raise StorageError(f"no database at {source}")
    if target.exists():
        raise StorageError(f"{target} already exists: choose a new file name")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    try:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst, pages=256)  # in steps, so the running bot is never held up for long
            dst.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
            if (check := dst.execute("PRAGMA integrity_check").fetchone()[0]) != "ok":
                raise StorageError(f"the copy failed its integrity check: {check}")
            report = BackupReport(
                path=target,
                pages=dst.execute("PRAGMA page_count").fetchone()[0],
                schema_version=dst.execute("PRAGMA user_version").fetchone()[0],
                learners=dst.execute("SELECT COUNT(DISTINCT user_id) FROM attempts").fetchone()[0],
                attempts=dst.execute("SELECT COUNT(*) FROM attempts").fetchone()[0])
        finally:
            dst.close()
            src.close()
        partial.replace(target)  # a backup file either is complete or does not exist
        return report
    except sqlite3.Error as exc:
        raise StorageError(f"backup failed: {exc}") from exc
    finally:
        partial.unlink(missing_ok=True)
