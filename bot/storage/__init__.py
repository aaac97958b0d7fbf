"""The only package with SQL: the connection, migrations and repositories."""

from bot.storage.database import Database, DatabaseTooNew, StorageError

__all__ = ["Database", "DatabaseTooNew", "StorageError"]
