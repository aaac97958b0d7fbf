"""Quiz rules: choosing questions, presenting them shuffled, and grading a response."""

from __future__ import annotations

import hashlib
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from bot.domain.errors import BadAnswer
from bot.domain.matching import NO_ALTERNATIVES, Alternatives, match_answer
from bot.domain.quiz_items import LETTERS, MultipleChoice, Ordering, QuizItem, TrueFalse, WhoSaidIt
from bot.i18n.names import person

MAX_LENGTH = 20


@dataclass(frozen=True)
class Grade:
    correct: bool
    stored: str  # the response in a content-stable form, for the attempts table
    given: str  # what the learner chose, as text in their language
    expected: str  # the right answer, as text in their language
    forgiven: str | None = None  # the listed answer a typo, or an answer phrased around it, was matched to
    contained: bool = False  # forgiven because the response holds `forgiven` among other words
    close: bool = False  # wrong, but near an accepted answer


def choose_items(
    candidates: Sequence[QuizItem],
    length: int,
    rng: random.Random,
    history: Mapping[str, bool] | None = None,
) -> list[QuizItem]:
    """Pick `length` items: never-seen first, then ones last answered wrong, then the rest; at most one of the
    items sharing a `fact` (they test the same thing, or one gives the other away)."""
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
    facts: set[str] = set()
    for tier in (0, 1, 2):
        pool = sorted(tiers[tier], key=lambda i: i.id)
        rng.shuffle(pool)
        for item in pool:
            if len(chosen) >= length:
                break
            if item.fact is not None:
                if item.fact in facts:
                    continue
                facts.add(item.fact)
            chosen.append(item)
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


def choice_keys(item: QuizItem) -> tuple[str, ...]:
    """A short key for each of an item's choices (or events to order), in the file's order: what identifies a
    choice when a moderator reorders, adds or rewords them under the same item id. Taken from the English text
    (a speaker's name for who-said-it), which every choice has."""
    if isinstance(item, MultipleChoice):
        texts = [c.en for c in item.choices]
    elif isinstance(item, WhoSaidIt):
        texts = list(item.choices)
    elif isinstance(item, Ordering):
        texts = [e.en for e in item.items]
    else:
        return ()
    keys: list[str] = []
    for text in texts:  # a text that repeats gets its occurrence in the key, so keys stay distinct
        key = _key(text)
        keys.append(key if key not in keys else f"{key}.{sum(k.startswith(key) for k in keys)}")
    return tuple(keys)


def item_key(item: QuizItem) -> str:
    """A short key for what an item asks, apart from its choices: its format, its prompt (or quote) and, for true
    or false, its answer. A moderator who rewrites the statement, flips the answer or changes the format under
    the same id makes a different question."""
    asked = item.quote if isinstance(item, WhoSaidIt) else item.prompt.en
    parts = [item.type, asked, str(item.answer) if isinstance(item, TrueFalse) else ""]
    return _key("\x1f".join(parts))


def shown_keys(item: QuizItem, order: Sequence[int]) -> tuple[str, ...]:
    """What a question showed, as keys: the item's key, then its choices' keys as displayed (`order`: display
    position -> index in the item's choices)."""
    keys = choice_keys(item)
    return (item_key(item), *(keys[i] for i in order))


def current_order(item: QuizItem, shown: Sequence[str]) -> tuple[int, ...] | None:
    """The display order, in terms of the item as it is now, of a question that showed `shown` (`shown_keys`);
    None when the item no longer asks the same thing with exactly those choices (its prompt, format or answer
    changed, or a choice was added, removed or reworded), so what the learner saw cannot be graded against it.
    Choices only reordered are followed."""
    keys = choice_keys(item)
    if not shown or shown[0] != item_key(item) or sorted(keys) != sorted(shown[1:]):
        return None
    index = {key: i for i, key in enumerate(keys)}
    return tuple(index[key] for key in shown[1:])


def _key(text: str) -> str:
    return hashlib.blake2s(text.encode(), digest_size=6).hexdigest()


def labels(item: QuizItem, order: Sequence[int], lang: str) -> list[str]:
    """Choice texts in display order."""
    if isinstance(item, MultipleChoice):
        return [item.choices[i].get(lang) for i in order]
    if isinstance(item, WhoSaidIt):  # a speaker as the reader's language names them, like the quote's attribution
        return [person(item.choices[i], lang) for i in order]
    if isinstance(item, Ordering):
        return [item.items[i].get(lang) for i in order]
    if isinstance(item, TrueFalse):
        return []
    return []


def correct_text(item: QuizItem, lang: str) -> str:
    if isinstance(item, MultipleChoice):
        return item.choices[item.answer_index].get(lang)
    if isinstance(item, WhoSaidIt):
        return person(item.choices[item.answer_index], lang)
    if isinstance(item, TrueFalse):
        return "true" if item.answer else "false"
    if isinstance(item, Ordering):
        return " → ".join(t.get(lang) for t in item.items)
    return item.accept.get(lang)[0]


def grade(item: QuizItem, order: Sequence[int], response: object, lang: str,
          shown_order: Sequence[int] | None = None, rejected: Alternatives = NO_ALTERNATIVES) -> Grade:
    """Grade `response`: a display index (choices), a bool (true/false), a list of display indices
    in the learner's order (ordering) or text (open answer). Malformed responses raise BadAnswer.
    `order`: display position -> index in the item as it is now (what is graded); `shown_order`: the same as the
    question was first shown, which the stored form uses (default: `order`), so that it keeps naming what the
    learner clicked even if the choices are reordered later (see `recall`). `rejected`: other answers the course
    knows, which a typed answer must not name beside the right one (`Catalog.other_answers`)."""
    expected = correct_text(item, lang)
    shown_order = order if shown_order is None else shown_order
    if isinstance(item, MultipleChoice | WhoSaidIt):
        index = _index(response, len(order))
        given = labels(item, order, lang)[index]
        return Grade(order[index] == item.answer_index, LETTERS[shown_order[index]], given, expected)
    if isinstance(item, TrueFalse):
        if not isinstance(response, bool):
            raise BadAnswer(hint="true_false")
        return Grade(response == item.answer, str(response).lower(), str(response).lower(), expected)
    if isinstance(item, Ordering):
        if not isinstance(response, list | tuple) or sorted(response) != list(range(len(order))):
            raise BadAnswer(hint="ordering")
        chosen = [order[_index(i, len(order))] for i in response]
        given = " → ".join(item.items[i].get(lang) for i in chosen)
        stored = ",".join(str(shown_order[i]) for i in response)
        return Grade(chosen == sorted(chosen), stored, given, expected)
    if not isinstance(response, str) or not response.strip():
        raise BadAnswer(hint="open")
    accepted = list(dict.fromkeys(item.accept.get(lang) + item.accept.en))
    match = match_answer(response, accepted, rejected)
    forgiven = match.accepted if match.correct and not match.exact else None
    return Grade(match.correct, response.strip()[:200], response.strip()[:200], expected, forgiven,
                 contained=match.contained, close=match.close)


def recall(item: QuizItem, stored: str, correct: bool, lang: str, choices: Sequence[str],
           shown_order: Sequence[int]) -> Grade:
    """The grade of an answer given earlier, from its stored form (`Grade.stored`) and the verdict it got then
    (kept as it was, even if the item changed since). A stored choice is its index in the item as the question
    was first shown (`shown_order`: display position -> that index); `choices` are the labels shown now, in
    display order, so what is named is what the learner clicked, even after the choices were reordered."""
    given = stored

    def shown(index: int) -> str | None:
        return choices[shown_order.index(index)] if index in shown_order else None

    if isinstance(item, MultipleChoice | WhoSaidIt) and len(stored) == 1 and stored in LETTERS:
        given = shown(LETTERS.index(stored)) or stored
    elif isinstance(item, Ordering):
        names = [shown(int(i)) if i.isdigit() else None for i in stored.split(",")]
        if names and all(names):
            given = " → ".join(names)  # type: ignore[arg-type]
    return Grade(correct, stored, given, correct_text(item, lang))


def _index(value: object, size: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < size:
        raise BadAnswer(hint="choice")
    return value
