"""Content errors: where (file and line) and what to do about it, in the moderator's language.

A problem is a message key and its parameters (`Msg`), never a finished sentence: the English text is one
rendering of it and the Spanish another, so no check can add a problem that a Spanish moderator reads in
English (tests/content/test_problem_texts.py walks every key the content checks use)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.i18n import CATALOGS, plural


@dataclass(frozen=True)
class Msg:
    """A sentence to be written in the reader's language: `key` in the i18n catalogs, with its parameters.
    A parameter that is itself a Msg (a type's name, the kind of item) is written in the same language."""

    key: str
    params: tuple[tuple[str, Any], ...] = ()

    def render(self, lang: str) -> str:
        # not through `t`, whose own arguments are named `key` and `lang`: a problem's parameters may be too
        text = CATALOGS.get(lang, CATALOGS["en"]).get(self.key) or CATALOGS["en"].get(self.key) or self.key
        params = {name: value.render(lang) if isinstance(value, Msg) else value for name, value in self.params}
        try:
            return text.format(**params)
        except (KeyError, IndexError, ValueError):
            return text

    def __str__(self) -> str:
        return self.render("en")


def msg(key: str, /, **params: Any) -> Msg:
    return Msg(key, tuple(params.items()))


@dataclass(frozen=True)
class ContentError:
    file: str
    line: int
    problem: Msg

    def __post_init__(self) -> None:
        if not isinstance(self.problem, Msg):  # a finished sentence would reach every moderator in one language
            raise TypeError(f"a content problem is a Msg (a message key and its parameters), not {self.problem!r}")

    @property
    def message(self) -> str:
        """The problem in English (the CLI's and the logs' language)."""
        return self.problem.render("en")

    def render(self, lang: str) -> str:
        text = self.problem.render(lang)
        return f"{self.file}:{self.line}: {text}" if self.line else f"{self.file}: {text}"

    def __str__(self) -> str:
        return self.render("en")


class ContentErrors(Exception):
    """Raised when a course cannot be loaded; carries every error found, sorted by file and line."""

    def __init__(self, errors: list[ContentError]):
        self.errors = sorted(set(errors), key=lambda e: (e.file, e.line, e.message))
        super().__init__(f"{len(self.errors)} content error(s); first: {self.errors[0] if errors else '-'}")

    def report(self, limit: int | None = None, lang: str = "en") -> str:
        shown = self.errors if limit is None else self.errors[:limit]
        lines = [e.render(lang) for e in shown]
        if limit is not None and len(self.errors) > limit:
            lines.append(plural("n.more_problems", lang, len(self.errors) - limit))
        return "\n".join(lines)
