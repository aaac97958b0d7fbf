"""Which localised texts of a content item lack a language."""

from __future__ import annotations

from functools import cache
from typing import Any, get_args

from pydantic import BaseModel

from bot.domain.quiz_items import AcceptedAnswers
from bot.domain.text import LocalText


def missing_texts(model: BaseModel, lang: str, prefix: str = "") -> list[str]:
    """Dotted paths of every LocalText inside `model` that has no `lang` text."""
    found: list[str] = []
    for name in _text_fields(type(model)):
        value = getattr(model, name)
        path = f"{prefix}{name}"
        found.extend(_walk(value, lang, path))
    return found


def _walk(value, lang: str, path: str) -> list[str]:
    if isinstance(value, LocalText):
        return [] if getattr(value, lang, None) else [path]
    if isinstance(value, BaseModel):
        if isinstance(value, AcceptedAnswers):
            return [] if getattr(value, lang, None) else [path]
        return missing_texts(value, lang, path + ".")
    if isinstance(value, list | tuple):
        out: list[str] = []
        for i, child in enumerate(value):
            out.extend(_walk(child, lang, f"{path}[{i}]"))
        return out
    return []


@cache
def _text_fields(model: type[BaseModel]) -> tuple[str, ...]:
    """The fields of `model` that can hold a text: the rest (ids, numbers, lists of ids) are not walked."""
    return tuple(name for name, info in model.model_fields.items() if _holds_model(info.annotation))


def _holds_model(annotation: Any) -> bool:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return True
    return any(_holds_model(arg) for arg in get_args(annotation))


def missing_in(model: BaseModel, lang: str) -> list[str]:
    """Like `missing_texts`, and a quote also needs its text in `lang` or a translation to it."""
    missing = missing_texts(model, lang)
    is_quote = isinstance(getattr(model, "text", None), str) and hasattr(model, "translation")
    if is_quote and model.lang != lang and not (model.translation and getattr(model.translation, lang)):
        missing.append(f"translation.{lang}")
    return missing


def complete_in(model: BaseModel, lang: str) -> bool:
    return not missing_in(model, lang)
