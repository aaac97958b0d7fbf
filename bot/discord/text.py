"""Fitting text into Discord's limits: cut at a word boundary, with a visible marker."""

from __future__ import annotations

MARK = "…"


def fit(text: str, limit: int) -> str:
    """`text` if it fits, else cut at the last space before `limit` with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - len(MARK)]
    space = cut.rfind(" ")
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:") + MARK
