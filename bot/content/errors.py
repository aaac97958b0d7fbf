"""Content errors: where (file and line) and what to do about it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class ContentError:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}" if self.line else f"{self.file}: {self.message}"


class ContentErrors(Exception):
    """Raised when a course cannot be loaded; carries every error found, sorted by file and line."""

    def __init__(self, errors: list[ContentError]):
        self.errors = sorted(set(errors))
        super().__init__(f"{len(self.errors)} content error(s); first: {self.errors[0] if errors else '-'}")

    def report(self, limit: int | None = None) -> str:
        shown = self.errors if limit is None else self.errors[:limit]
        lines = [str(e) for e in shown]
        if limit is not None and len(self.errors) > limit:
            lines.append(f"... and {len(self.errors) - limit} more")
        return "\n".join(lines)
