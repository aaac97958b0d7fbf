"""What can go wrong with the database, said for the operator: what happened, to which database, what to do."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from bot.domain.errors import StorageError  # raised here; defined there, so the layers above catch it by name

__all__ = ["KINDS", "DatabaseTooNew", "StorageError", "storage_error", "writable"]

# SQLite's primary result codes -> (kind, advice for the operator)
KINDS = {
    "SQLITE_BUSY": ("locked", "another process holds a write lock on it (an open sqlite3 shell or a second bot?)"),
    "SQLITE_LOCKED": ("locked", "another connection holds a lock on it"),
    "SQLITE_READONLY": ("read_only", "it is read-only: check the permissions of the file and its folder, "
                                     "and that the disk is mounted read-write"),
    "SQLITE_FULL": ("full", "the disk is full: free some space"),
    "SQLITE_IOERR": ("io", "the disk reported an I/O error: check the disk"),
    "SQLITE_CORRUPT": ("corrupt", "the file is damaged: restore the latest backup (see README)"),
    "SQLITE_NOTADB": ("corrupt", "the file is not a SQLite database: check TUTOR_DATABASE"),
    "SQLITE_CONSTRAINT": ("conflict", "another write took the same key first"),
    "SQLITE_CANTOPEN": ("cannot_open", "the file cannot be opened: check the path and its permissions"),
}
READ_ONLY = ("the file or its folder is read-only (permissions, or a read-only mount): the bot writes the "
             "database and its -wal and -shm files beside it")


def writable(path: Path) -> bool:
    """Whether the database file (if it exists) and its folder can be written (False on a read-only mount,
    even for root)."""
    folder = path.parent
    while not folder.exists() and folder != folder.parent:  # the folder is made on open: its nearest parent
        folder = folder.parent
    return os.access(folder, os.W_OK) and (not path.exists() or os.access(path, os.W_OK))


def storage_error(exc: sqlite3.Error, path: Path, doing: str) -> StorageError:
    """A sqlite3 error as a StorageError that says what happened, to which file, and what to do."""
    name = getattr(exc, "sqlite_errorname", "") or ""
    primary = "_".join(name.split("_")[:2])  # SQLITE_IOERR_WRITE -> SQLITE_IOERR
    kind, advice = KINDS.get(primary, ("other", ""))
    if kind in ("cannot_open", "read_only") and not writable(path):
        kind, advice = "read_only", READ_ONLY
    text = f"could not {doing} in {path}: {exc}"
    return StorageError(f"{text}; {advice}" if advice else text, kind)


class DatabaseTooNew(StorageError):
    def __init__(self, found: int, known: int):
        super().__init__(
            f"the database is at schema version {found}, but this version of the bot knows only up to "
            f"{known}: upgrade the bot, or restore a backup made by this version"
        )
        self.found = found
        self.known = known
