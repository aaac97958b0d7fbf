"""The only package with SQL: the engines, migrations and repositories."""

from bot.storage.engine import Database, open_database
from bot.storage.errors import DatabaseTooNew, StorageError

__all__ = ["Database", "DatabaseTooNew", "StorageError", "open_database"]
