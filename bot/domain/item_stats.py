"""Item statistics: how an item's answers separate the learners, and what a teacher should look at.

Computed from the figures storage keeps per item and language (counts and sums, see migration 0023), never from
the answers themselves, so a report costs the same at a thousand answers or five million."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from bot.domain.quiz_items import LETTERS, MultipleChoice, Ordering, QuizItem, WhoSaidIt
from bot.i18n.names import person

TOO_EASY = 0.95  # share right above which an item is too easy
TOO_HARD = 0.20  # share right below which an item is too hard
MIN_ANSWERS = 5  # fewer answers flag nothing: two of two right says little


class Flag(StrEnum):
    """In the order a report sorts them: what most needs a teacher first."""
    NEGATIVE = "negative_discrimination"  # the stronger learners get it wrong more often: likely a wrong key
    TOO_HARD = "too_hard"
    TOO_EASY = "too_easy"
    UNUSED_DISTRACTOR = "unused_distractor"  # a wrong choice nobody picks


@dataclass(frozen=True)
class ItemFigures:
    """What storage keeps for one item in one language. `scored*` and `score*` cover the answers whose learner had
    enough earlier answers for an accuracy (their score, x below is the answer being right):
    n = scored, Σx = scored_correct, Σs = score_sum, Σs² = score_squares, Σxs = score_correct_sum."""
    item_id: str
    lang: str
    answered: int
    correct: int
    scored: int = 0
    scored_correct: int = 0
    score_sum: float = 0.0
    score_squares: float = 0.0
    score_correct_sum: float = 0.0
    wrong: Mapping[str, int] = field(default_factory=dict)  # a wrong choice as stored (no typed words) -> count
    times: Mapping[int, int] = field(default_factory=dict)  # seconds (a histogram bucket's start) -> answers


@dataclass(frozen=True)
class ItemStats:
    item_id: str
    lang: str
    answered: int
    share_right: float
    discrimination: float | None  # None: too few scored answers, or everyone alike
    top_wrong: str | None  # the most given wrong answer, as stored
    top_wrong_count: int
    median_seconds: int | None  # None: no answer was timed
    unused: tuple[str, ...]  # letters of the wrong choices nobody picked
    flags: tuple[Flag, ...]


def point_biserial(n: int, sum_x: float, sum_s: float, sum_ss: float, sum_xs: float) -> float | None:
    """Pearson's r between a 0/1 x and a score s, from n and the sums; None when either does not vary."""
    var_x = n * sum_x - sum_x * sum_x
    var_s = n * sum_ss - sum_s * sum_s
    if n < 2 or var_x <= 0 or var_s <= 1e-12 * max(1.0, n * sum_ss):
        return None
    return (n * sum_xs - sum_x * sum_s) / math.sqrt(var_x * var_s)


def median_seconds(times: Mapping[int, int]) -> int | None:
    """The bucket holding the middle answer (the lower one of two middles), from a histogram."""
    total = sum(times.values())
    if total <= 0:
        return None
    middle = (total - 1) // 2
    seen = 0
    for seconds in sorted(times):
        seen += times[seconds]
        if seen > middle:
            return seconds
    return None  # unreachable: the counts add up to total


def distractors(item: QuizItem) -> tuple[str, ...]:
    """The letters of an item's wrong choices (as attempts store a choice); none for other formats."""
    if isinstance(item, MultipleChoice | WhoSaidIt):
        return tuple(LETTERS[i] for i in range(len(item.choices)) if i != item.answer_index)
    return ()


def stats(figures: ItemFigures, item: QuizItem | None = None, min_answers: int = MIN_ANSWERS) -> ItemStats:
    """The figures as a teacher reads them, with their flags (none below `min_answers` answers)."""
    share = figures.correct / figures.answered if figures.answered else 0.0
    r = point_biserial(figures.scored, figures.scored_correct, figures.score_sum, figures.score_squares,
                       figures.score_correct_sum)
    top = max(sorted(figures.wrong.items()), key=lambda kv: kv[1], default=None)
    unused = tuple(d for d in distractors(item) if not figures.wrong.get(d)) if item is not None else ()
    flags: list[Flag] = []
    if figures.answered >= min_answers:
        if r is not None and r < 0:
            flags.append(Flag.NEGATIVE)
        if share < TOO_HARD:
            flags.append(Flag.TOO_HARD)
        if share > TOO_EASY:
            flags.append(Flag.TOO_EASY)
        if unused:
            flags.append(Flag.UNUSED_DISTRACTOR)
    return ItemStats(figures.item_id, figures.lang, figures.answered, share, r, top[0] if top else None,
                     top[1] if top else 0, median_seconds(figures.times), unused, tuple(flags))


def flag_order(entry: ItemStats) -> tuple:
    """Sort key: the most flags first, then the most pressing flag, then the most answered."""
    ranks = [list(Flag).index(f) for f in entry.flags]
    return (-len(ranks), min(ranks, default=len(Flag)), -entry.answered, entry.item_id, entry.lang)


def answer_text(item: QuizItem | None, stored: str, lang: str) -> str:
    """A stored answer as the learner saw it: a letter as its choice's text, an order as its events' texts,
    true/false and typed text as they are."""
    if isinstance(item, MultipleChoice) and stored in LETTERS[:len(item.choices)] and len(stored) == 1:
        return item.choices[LETTERS.index(stored)].get(lang)
    if isinstance(item, WhoSaidIt) and stored in LETTERS[:len(item.choices)] and len(stored) == 1:
        return person(item.choices[LETTERS.index(stored)], lang)
    if isinstance(item, Ordering):
        parts = stored.split(",")
        if all(p.isdigit() and int(p) < len(item.items) for p in parts):
            return " → ".join(item.items[int(p)].get(lang) for p in parts)
    return stored


def select(entries: Sequence[ItemStats], flag: Flag | None = None) -> list[ItemStats]:
    """The entries with `flag` (all when None), sorted by flags."""
    chosen = [e for e in entries if flag is None or flag in e.flags]
    return sorted(chosen, key=flag_order)
