"""Course files (YAML) -> validated domain models. Errors are `file:line: problem` for moderators."""

from bot.content.errors import ContentError, ContentErrors
from bot.content.loader import load_course

__all__ = ["ContentError", "ContentErrors", "load_course"]
