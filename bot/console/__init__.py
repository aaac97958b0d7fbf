"""The same services driven from a terminal: try the course in a minute, preview content."""

from bot.console.session import ConsoleSession

__all__ = ["ConsoleSession"]
