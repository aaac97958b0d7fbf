"""Which localised texts of a content item lack a language."""

from __future__ import annotations

from functools import cache
from typing import Any, get_args

from pydantic import BaseModel

from bot.domain.quiz_items import AcceptedAnswers
from bot.domain.text import LocalText

_TEXTS = (LocalText, AcceptedAnswers)  # what holds one text per language


def missing_texts(model: BaseModel, lang: str, prefix: str = "") -> list[str]:
    """Dotted paths of every LocalText inside `model` that has no `lang` text."""
    if _has_all(model, lang):
        return []  # nearly every item of a course, found without building a path
    found: list[str] = []
    for name in _text_fields(type(model)):
        value = getattr(model, name)
        path = f"{prefix}{name}"
        found.extend(_walk(value, lang, path))
    return found


def _walk(value, lang: str, path: str) -> list[str]:
    if isinstance(value, _TEXTS):
        return [] if getattr(value, lang, None) else [path]
    if isinstance(value, BaseModel):
        return missing_texts(value, lang, path + ".")
    if isinstance(value, (list, tuple)):
        out: list[str] = []
        for i, child in enumerate(value):
            out.extend(_walk(child, lang, f"{path}[{i}]"))
        return out
    return []


def _has_all(value: Any, lang: str) -> bool:
    """Whether every text inside `value` has `lang`: `_walk`'s question without the paths."""
    if isinstance(value, _TEXTS):
        return bool(getattr(value, lang, None))
    if isinstance(value, BaseModel):
        fields = value.__dict__
        for name in _text_fields(type(value)):
            if not _has_all(fields[name], lang):
                return False
    elif isinstance(value, (list, tuple)):
        for child in value:
            if not _has_all(child, lang):
                return False
    return True


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
    # asked of the class: `hasattr` on a model that lacks the field raises and catches inside pydantic
    is_quote = "translation" in type(model).model_fields and isinstance(model.__dict__.get("text"), str)
    if is_quote and model.lang != lang and not (model.translation and getattr(model.translation, lang)):
        missing.append(f"translation.{lang}")
    return missing


def complete_in(model: BaseModel, lang: str) -> bool:
    return not missing_in(model, lang)
