"""Course-wide rules on what quiz items say: no answer letters in explanations of shuffled choices (an error),
no two questions asking nearly the same thing (a warning)."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterator
from math import ceil
from typing import TYPE_CHECKING

from bot.content.errors import ContentError, msg
from bot.domain.quiz_items import LETTERS
from bot.domain.text import LANGS

if TYPE_CHECKING:
    from bot.content.loader import Loaded

SHUFFLED = ("multiple_choice", "who_said", "ordering")

# A choice named by its letter. The letter is a capital on its own; the forms are: "(C)"; a word for a choice
# followed by its letter ("Option C", "la opción D", "answers B and C"); "C)" opening a sentence; the Spanish
# article before a capital ("la C es…", "la A tampoco"); a lone capital other than A and I, which in running
# text is a letter named ("C was the forecast"), unless it is an initial ("C. L. R. James", "L. D. Trotsky").
_WORDS = r"options?|choices?|answers?|alternatives?|letters?|opci[oó]n|opciones|respuestas?|alternativas?|letras?"
_LETTER_REFERENCE = re.compile(
    r"\(([A-Z])\)"
    rf"|\b(?i:{_WORDS})\s+\(?([A-Z])\b(?![-'’])"
    r"|(?:^|(?<=[.!?;:]\s)|(?<=\n))([A-Z])\)"
    r"|\b(?i:la|las)\s+([A-Z])\b(?![-'’.])"
    r"|(?<![\w'’.-])(?<![A-Z]\.\s)([B-HJ-Z])(?![\w'’-]|\.\s?[A-Z]\b)"
)


_LONE_CAPITAL = re.compile(r"\b[A-Z]\b")  # in every form above; most explanations have none, and this is quick


def letter_references(text: str, count: int) -> Iterator[str]:
    """The letters (among the first `count`) that `text` uses to name a choice."""
    if not _LONE_CAPITAL.search(text):
        return
    for match in _LETTER_REFERENCE.finditer(text):
        letter = next(g for g in match.groups() if g)
        if letter in LETTERS[:count]:
            yield letter


def check_letters(loaded: list[Loaded]) -> list[ContentError]:
    """Choices are shown shuffled, so a letter in an explanation names a different choice for each learner."""
    errors = []
    for entry in loaded:
        item = entry.item
        if item.type not in SHUFFLED:
            continue
        count = len(item.items) if item.type == "ordering" else len(item.choices)
        for lang in LANGS:
            text = getattr(item.explanation, lang)
            letter = next(letter_references(text or "", count), None)
            if letter:
                line = entry.doc.line_of(entry.path + ("explanation", lang))
                errors.append(ContentError(entry.file, line, msg(
                    "problem.labelled", label=msg("problem.named", kind=msg("problem.kind.quizzes"), id=item.id),
                    problem=msg("problem.letter_reference", lang=lang, letter=letter))))
    return errors


# Words that say how a question is asked, not what it asks about: "In which year…" and "According to the
# article, what…" ask the same as "In what year…" and "What…".
_FILLER = frozenset((
    "a", "an", "the", "of", "in", "on", "at", "to", "for", "from", "by", "with", "as", "and", "or", "but", "is",
    "are", "was", "were", "be", "been", "did", "do", "does", "had", "has", "have", "it", "its", "this", "that",
    "these", "those", "which", "what", "who", "whom", "whose", "when", "where", "why", "how", "s", "according",
    "said", "says", "say", "one", "ones", "real", "article", "guide", "study", "editorial", "blog", "overview",
    "source", "choose", "give", "gives", "reason",
))
SIMILAR = 0.6  # share of words in common (Jaccard) from which two questions count as near-duplicates
# Each one reported is a line to find (a file read again); past these, one line counts the rest. A course copied
# into itself would otherwise pay a re-read of every file for a list no moderator reads to the end.
MAX_REPORTED = 20


_ACCENTS = re.compile(r"[\u0300-\u036f]")  # the marks NFKD splits off Latin letters (é is e + U+0301)
_WORD = re.compile(r"[a-z0-9]+")


def _words(text: str) -> frozenset[str]:
    text = _ACCENTS.sub("", unicodedata.normalize("NFKD", text.casefold()))
    words = (w for w in _WORD.findall(text) if w not in _FILLER)
    return frozenset(w[:-1] if len(w) > 3 and w.endswith("s") else w for w in words)  # "element" = "elements"


def _asked(item) -> frozenset[str]:
    """What an item asks, as a set of words: the events to order, the quote whose speaker is asked, or its prompt
    (an ordering's or a who-said-it's prompt is boilerplate shared by every item of its format)."""
    if item.type == "ordering":
        return frozenset(f"{item.type}:{w}" for event in item.items for w in _words(event.en))
    if item.type == "who_said":
        return frozenset({f"quote:{item.quote}"})
    return _words(item.prompt.en)


def near_duplicates(loaded: list[Loaded]) -> list[ContentError]:
    """Questions asking nearly what an earlier one asks, each reported once, unless the two share a `fact` (then
    no quiz shows both). Not every item is compared with every other: two word sets at least SIMILAR alike share
    a word among the rarest few of each (prefix filtering), so only items sharing a rare word are compared, and
    a question asking exactly what an earlier one asks is matched to it at once (a course holding many copies of
    one question costs one look-up per copy, not one comparison per pair)."""
    pairs = list(_near_duplicate_pairs(loaded))
    found = [_duplicate(loaded[i], loaded[j]) for i, j in pairs[:MAX_REPORTED]]
    if len(pairs) > MAX_REPORTED:
        i, _ = pairs[MAX_REPORTED]
        found.append(ContentError(loaded[i].file, 0, msg("problem.more_duplicates",
                                                         count=len(pairs) - MAX_REPORTED)))
    return found


def _near_duplicate_pairs(loaded: list[Loaded]) -> Iterator[tuple[int, int]]:
    asked = [_asked(entry.item) for entry in loaded]
    frequency = Counter(w for words in asked for w in words)
    by_word: dict[str, list[int]] = defaultdict(list)
    first_asking: dict[frozenset[str], int] = {}
    for i, words in enumerate(asked):
        if not words:
            continue
        if words in first_asking:
            if not _same_fact(loaded[i], loaded[first_asking[words]]):
                yield i, first_asking[words]
            continue
        first_asking[words] = i
        rare = sorted(words, key=lambda w: (frequency[w], w))[: len(words) - ceil(SIMILAR * len(words)) + 1]
        candidates = sorted({j for w in rare for j in by_word[w]})
        for w in rare:
            by_word[w].append(i)
        similar = (j for j in candidates if len(words & asked[j]) >= SIMILAR * len(words | asked[j])
                   and not _same_fact(loaded[i], loaded[j]))
        if (j := next(similar, None)) is not None:
            yield i, j


def _same_fact(a: Loaded, b: Loaded) -> bool:
    return a.item.fact is not None and a.item.fact == b.item.fact


def _duplicate(entry: Loaded, first: Loaded) -> ContentError:
    where = f"{first.file}:{first.doc.line_of(first.path)}"
    return ContentError(entry.file, entry.doc.line_of(entry.path),
                        msg("problem.near_duplicate", id=entry.item.id, first=first.item.id, where=where))
