"""Localised text: English is required, Spanish is expected for everything a learner reads."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, StringConstraints

Lang = Literal["en", "es"]
LANGS: tuple[Lang, ...] = ("en", "es")

Slug = Annotated[
    str,
    StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=40, min_length=1),
]


class FieldError(ValueError):
    """A check on course content that failed: a message key of the i18n catalogs and its parameters (so a
    moderator reads it in their language), and the field it belongs to (for file:line; None for the field
    being validated)."""

    def __init__(self, field: str | None, key: str, /, **params: object):
        super().__init__(key)
        self.field = field
        self.key = key
        self.params = params


class Strict(BaseModel):
    """Base for content models: unknown keys are errors, values are never silently coerced. (Strings come
    without surrounding whitespace from the course reader, `bot.content.yaml_source`.)"""

    model_config = ConfigDict(extra="forbid", frozen=True)


def localized(max_len: int, *, every_language: bool = False) -> type[BaseModel]:
    """A `{en: ..., es: ...}` text model whose strings are at most `max_len` characters. Spanish may wait (a
    warning) unless `every_language`: then a text without it is refused, for what a reader of one language must
    never be shown in the other's place (a correction of a source)."""
    text = Annotated[str, StringConstraints(min_length=1, max_length=max_len)]

    if every_language:
        class Localized(LocalText):
            en: text  # type: ignore[valid-type]
            es: text  # type: ignore[valid-type]
    else:
        class Localized(LocalText):  # type: ignore[no-redef]
            en: text  # type: ignore[valid-type]
            es: text | None = None  # type: ignore[valid-type]

    Localized.__name__ = f"Text{max_len}" + ("All" if every_language else "")
    Localized.__qualname__ = Localized.__name__
    return Localized


class LocalText(Strict):
    en: str
    es: str | None = None

    def get(self, lang: str) -> str:
        """The text in `lang`, falling back to English."""
        if lang == "es" and self.es:
            return self.es
        return self.en

    def missing(self) -> list[Lang]:
        return [lang for lang in LANGS if not getattr(self, lang)]
