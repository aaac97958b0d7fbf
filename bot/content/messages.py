"""Turn pydantic validation errors into sentences a moderator can act on."""

from __future__ import annotations

from typing import Any

from bot.domain.quiz_items import QUIZ_FORMATS


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


def describe(error: dict[str, Any], loc: tuple[Any, ...]) -> str:
    """One sentence for one pydantic error at `loc` (already stripped of union tags)."""
    kind = error["type"]
    ctx = error.get("ctx") or {}
    where = f"'{dotted(loc)}'"
    value = error.get("input")
    if kind == "missing":
        return f"missing {where}: add it"
    if kind == "extra_forbidden":
        return f"unknown key {where}: check its spelling or remove it"
    if kind == "string_too_long":
        return f"{where} is {len(value)} characters; the limit is {ctx['max_length']}: shorten it"
    if kind == "string_too_short":
        return f"{where} is empty: write the text"
    if kind == "too_long":
        return f"{where} has {len(value)} entries; at most {ctx['max_length']} are allowed"
    if kind == "too_short":
        return f"{where} has {len(value) if value is not None else 0} entries; at least {ctx['min_length']} are needed"
    if kind == "string_pattern_mismatch":
        if loc and loc[-1] in ("answer",):
            return f"{where} must be a capital letter (A, B, C…), not '{_short(value)}'"
        if loc and loc[-1] in ("language", "lang"):
            return f"{where} must be a two-letter language code such as en or es, not '{_short(value)}'"
        return (f"'{_short(value)}' in {where} is not a valid id: use lowercase letters, digits and "
                f"single hyphens, at most 40 characters")
    if kind == "union_tag_invalid":
        value = ctx.get("tag", value)
    if kind in ("union_tag_invalid", "literal_error"):
        return f"type '{_short(value)}' is unknown: use one of {', '.join(QUIZ_FORMATS)}"
    if kind == "union_tag_not_found":
        return f"missing 'type': use one of {', '.join(QUIZ_FORMATS)}"
    if kind in ("greater_than_equal", "greater_than"):
        return f"{where} is {value}; it must be at least {ctx.get('ge', ctx.get('gt'))}"
    if kind in ("less_than_equal", "less_than"):
        return f"{where} is {value}; it must be at most {ctx.get('le', ctx.get('lt'))}"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    expected = {
        "string_type": "text",
        "int_type": "a whole number",
        "int_parsing": "a whole number",
        "bool_type": "true or false",
        "bool_parsing": "true or false",
        "list_type": "a list (lines starting with '- ')",
        "dict_type": "a mapping (key: value lines)",
        "model_type": "a mapping (key: value lines)",
        "model_attributes_type": "a mapping (key: value lines)",
    }.get(kind)
    if expected:
        return f"{where} should be {expected}, not '{_short(value)}'"
    return f"{where}: {error['msg']}"
