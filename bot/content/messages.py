"""Turn pydantic validation errors into sentences a moderator can act on (as `Msg`, written in their language)."""

from __future__ import annotations

from typing import Any

from bot.content.errors import Msg, msg
from bot.domain.quiz_items import QUIZ_FORMATS
from bot.domain.text import FieldError


def dotted(loc: tuple[Any, ...]) -> str:
    parts: list[str] = []
    for part in loc:
        if isinstance(part, int):
            parts.append(f"[{part}]")
        else:
            parts.append(("." if parts else "") + str(part))
    return "".join(parts) or "(file)"


def _short(value: Any, width: int = 40) -> str:
    text = str(value)
    return text if len(text) <= width else text[: width - 1] + "…"


TYPE_NAMES = {
    "string_type": "text",
    "int_type": "int",
    "int_parsing": "int",
    "bool_type": "bool",
    "bool_parsing": "bool",
    "list_type": "list",
    "dict_type": "mapping",
    "model_type": "mapping",
    "model_attributes_type": "mapping",
}


def describe(error: dict[str, Any], loc: tuple[Any, ...]) -> Msg:
    """One sentence for one pydantic error at `loc` (already stripped of union tags)."""
    kind = error["type"]
    ctx = error.get("ctx") or {}
    where = dotted(loc)
    value = error.get("input")
    formats = ", ".join(QUIZ_FORMATS)
    if kind == "missing":
        return msg("problem.missing", where=where)
    if kind == "extra_forbidden":
        return msg("problem.unknown_key", where=where)
    if kind == "string_too_long":
        return msg("problem.text_too_long", where=where, length=len(value), limit=ctx["max_length"])
    if kind == "string_too_short":
        return msg("problem.text_empty", where=where)
    if kind == "too_long":
        return msg("problem.too_many_entries", where=where, count=len(value), limit=ctx["max_length"])
    if kind == "too_short":
        return msg("problem.too_few_entries", where=where, count=len(value) if value is not None else 0,
                   limit=ctx["min_length"])
    if kind == "string_pattern_mismatch":
        if loc and loc[-1] in ("answer",):
            return msg("problem.not_a_letter", where=where, value=_short(value))
        if loc and loc[-1] in ("language", "lang"):
            return msg("problem.not_a_language", where=where, value=_short(value))
        return msg("problem.not_an_id", where=where, value=_short(value))
    if kind == "union_tag_invalid":
        value = ctx.get("tag", value)
    if kind in ("union_tag_invalid", "literal_error"):
        return msg("problem.unknown_type", value=_short(value), formats=formats)
    if kind == "union_tag_not_found":
        return msg("problem.missing_type", formats=formats)
    if kind in ("greater_than_equal", "greater_than"):
        return msg("problem.too_small", where=where, value=value, limit=ctx.get("ge", ctx.get("gt")))
    if kind in ("less_than_equal", "less_than"):
        return msg("problem.too_big", where=where, value=value, limit=ctx.get("le", ctx.get("lt")))
    cause = ctx.get("error")
    if kind == "value_error" and isinstance(cause, FieldError):
        return msg(cause.key, **cause.params)
    if kind in TYPE_NAMES:
        return msg("problem.wrong_type", where=where, expected=msg(f"problem.expect.{TYPE_NAMES[kind]}"),
                   value=_short(value))
    # a check pydantic words itself (none of the course's own checks: they raise FieldError)
    return msg("problem.other", where=where, detail=str(cause or error["msg"]))
