"""The only package with SQL: the connection, migrations and repositories."""

from bot.storage.database import Database
from bot.storage.errors import DatabaseTooNew, StorageError

__all__ = ["Database", "DatabaseTooNew", "StorageError"]
