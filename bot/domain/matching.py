"""Open-answer matching: forgiving about form (case, accents, punctuation, articles, small typos),
strict about substance (a wrong number is never a typo)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

ARTICLES = {"the", "a", "an", "el", "la", "los", "las", "lo", "un", "una", "unos", "unas"}
_PUNCT = re.compile(r"[^\w\s]", re.UNICODE)
_SPACE = re.compile(r"\s+")
MAX_INPUT = 200


def normalize(text: str) -> str:
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text[:MAX_INPUT]).casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = _PUNCT.sub(" ", text.replace("'", "").replace("’", ""))
    words = _SPACE.sub(" ", text).strip().split(" ")
    while len(words) > 1 and words[0] in ARTICLES:
        words = words[1:]
    return " ".join(w for w in words if w)


def edit_distance(a: str, b: str, limit: int) -> int:
    """Edit distance counting a swap of neighbours as one edit (optimal string alignment),
    giving up (returning limit + 1) once it must exceed `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] = []
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, before[j - 2] + 1)
            current.append(cost)
        if min(current) > limit:
            return limit + 1
        before, previous = previous, current
    return previous[-1]


def typo_budget(expected: str) -> int:
    n = len(expected)
    return 0 if n <= 4 else 1 if n <= 9 else 2


@dataclass(frozen=True)
class Match:
    correct: bool
    accepted: str | None = None  # the listed answer the response was matched to
    exact: bool = False  # False when a typo was forgiven


def match_answer(response: str, accepted: list[str]) -> Match:
    given = normalize(response)
    if not given:
        return Match(False)
    normalized = [(a, normalize(a)) for a in accepted]
    for original, norm in normalized:
        if given == norm:
            return Match(True, original, True)
    best: tuple[int, str] | None = None
    for original, norm in normalized:
        if _digits(given) != _digits(norm):
            continue  # 1905 is not a typo for 1906
        budget = typo_budget(norm)
        distance = edit_distance(given, norm, budget)
        if distance <= budget and (best is None or distance < best[0]):
            best = (distance, original)
    return Match(True, best[1], False) if best else Match(False)


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())
