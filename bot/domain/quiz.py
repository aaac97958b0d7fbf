"""Quiz rules: choosing questions, presenting them shuffled, and grading a response."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.domain.errors import BadAnswer
from bot.domain.matching import match_answer
from bot.domain.quiz_items import LETTERS, MultipleChoice, Ordering, QuizItem, TrueFalse, WhoSaidIt

MAX_LENGTH = 20


@dataclass(frozen=True)
class Grade:
    correct: bool
    stored: str  # the response in a content-stable form, for the attempts table
    given: str  # what the learner chose, as text in their language
    expected: str  # the right answer, as text in their language
    forgiven: str | None = None  # the listed answer a typo was matched to


def choose_items(
    candidates: Sequence[QuizItem],
    length: int,
    rng: random.Random,
    history: Mapping[str, bool] | None = None,
) -> list[QuizItem]:
    """Pick `length` items: never-seen first, then ones last answered wrong, then the rest."""
    history = history or {}
    tiers: dict[int, list[QuizItem]] = {0: [], 1: [], 2: []}
    for item in candidates:
        if item.id not in history:
            tiers[0].append(item)
        elif not history[item.id]:
            tiers[1].append(item)
        else:
            tiers[2].append(item)
    chosen: list[QuizItem] = []
    for tier in (0, 1, 2):
        pool = sorted(tiers[tier], key=lambda i: i.id)
        rng.shuffle(pool)
        chosen.extend(pool[: length - len(chosen)])
    rng.shuffle(chosen)
    return chosen


def shuffle_order(item: QuizItem, rng: random.Random) -> tuple[int, ...]:
    """The display order of an item's choices (or of the events to order: never already in order)."""
    order = list(range(option_count(item)))
    rng.shuffle(order)
    while isinstance(item, Ordering) and order == sorted(order):
        rng.shuffle(order)
    return tuple(order)


def option_count(item: QuizItem) -> int:
    """How many choices (or events to order) an item shows; 0 for true/false and open answers."""
    if isinstance(item, MultipleChoice | WhoSaidIt):
        return len(item.choices)
    if isinstance(item, Ordering):
        return len(item.items)
    return 0


def labels(item: QuizItem, order: Sequence[int], lang: str) -> list[str]:
    """Choice texts in display order."""
    if isinstance(item, MultipleChoice):
        return [item.choices[i].get(lang) for i in order]
    if isinstance(item, WhoSaidIt):
        return [item.choices[i] for i in order]
    if isinstance(item, Ordering):
        return [item.items[i].get(lang) for i in order]
    if isinstance(item, TrueFalse):
        return []
    return []


def correct_text(item: QuizItem, lang: str) -> str:
    if isinstance(item, MultipleChoice):
        return item.choices[item.answer_index].get(lang)
    if isinstance(item, WhoSaidIt):
        return item.choices[item.answer_index]
    if isinstance(item, TrueFalse):
        return "true" if item.answer else "false"
    if isinstance(item, Ordering):
        return " → ".join(t.get(lang) for t in item.items)
    return item.accept.get(lang)[0]


def grade(item: QuizItem, order: Sequence[int], response: object, lang: str) -> Grade:
    """Grade `response`: a display index (choices), a bool (true/false), a list of display indices
    in the learner's order (ordering) or text (open answer). Malformed responses raise BadAnswer."""
    expected = correct_text(item, lang)
    if isinstance(item, MultipleChoice | WhoSaidIt):
        index = _index(response, len(order))
        original = order[index]
        given = labels(item, order, lang)[index]
        return Grade(original == item.answer_index, LETTERS[original], given, expected)
    if isinstance(item, TrueFalse):
        if not isinstance(response, bool):
            raise BadAnswer(hint="true_false")
        return Grade(response == item.answer, str(response).lower(), str(response).lower(), expected)
    if isinstance(item, Ordering):
        if not isinstance(response, list | tuple) or sorted(response) != list(range(len(order))):
            raise BadAnswer(hint="ordering")
        chosen = [order[_index(i, len(order))] for i in response]
        given = " → ".join(item.items[i].get(lang) for i in chosen)
        return Grade(chosen == sorted(chosen), ",".join(map(str, chosen)), given, expected)
    if not isinstance(response, str) or not response.strip():
        raise BadAnswer(hint="open")
    accepted = list(dict.fromkeys(item.accept.get(lang) + item.accept.en))
    match = match_answer(response, accepted)
    forgiven = match.accepted if match.correct and not match.exact else None
    return Grade(match.correct, response.strip()[:200], response.strip()[:200], expected, forgiven)


def _index(value: object, size: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < size:
        raise BadAnswer(hint="choice")
    return value
