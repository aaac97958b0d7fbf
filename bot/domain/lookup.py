"""What a person typed for a topic, a term, a speaker or a quote, resolved to the course's entry.

People type what they see (a title, in either language, part of it, without accents) more often than an id,
so every command resolves the same way: the best match wins; a tie between entries is a question back
("which one?"), never a silent guess; nothing close is "not found". Autocomplete ranks with the same score,
so what it offers is what a typed name finds.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

from bot.domain.catalog import Catalog
from bot.domain.content import GlossaryTerm, Quote, Topic
from bot.domain.errors import Ambiguous, Choices, NotFound
from bot.domain.matching import edit_distance, normalize
from bot.i18n.names import person

T = TypeVar("T")
ASK_AT_MOST = 5  # names listed when a typed name fits several entries

# scores, best first
EXACT = 6  # the id, or a whole name
HEAD = 5  # a name's head: before its colon or parenthesis ("Soviet" in "Soviet (St Petersburg Soviet, 1905)")
WORDS = 4  # every typed word is a word of the name
PREFIXES = 3  # every typed word begins a word of the name ("sovi" for "Soviets")
INSIDE = 2  # the typed text is inside the name
TYPO = 1  # every typed word is a word of the name, a letter or so apart ("trotski")

_HEAD = re.compile(r"\s*[:(]")


def score(typed: str, name: str) -> int:
    """How well `typed` (already normalized) fits `name` (0: not at all)."""
    full = normalize(name)
    if not typed or not full:
        return 0
    if typed == full:
        return EXACT
    if typed == normalize(_HEAD.split(name, maxsplit=1)[0]):
        return HEAD
    words, wanted = full.split(" "), typed.split(" ")
    if all(w in words for w in wanted):
        return WORDS
    if all(any(word.startswith(w) for word in words) for w in wanted):
        return PREFIXES
    if typed in full:
        return INSIDE
    if all(any(_near(w, word) for word in words) for w in wanted):
        return TYPO
    return 0


def _near(typed: str, word: str) -> bool:
    """One letter off, for words long enough that one letter does not make another word (years never)."""
    return len(typed) >= 5 and not typed.isdigit() and edit_distance(typed, word, 1) <= 1


def rank(typed: str, entries: Iterable[tuple[T, Sequence[str]]]) -> list[tuple[int, T]]:
    """Entries that fit `typed`, best first: (score, entry), each entry once with its best name's score.
    Ties keep the entries' own order (the course's)."""
    wanted = normalize(typed)
    scored = []
    for position, (entry, names) in enumerate(entries):
        best = max((score(wanted, n) for n in names if n), default=0)
        if best:
            scored.append((-best, position, entry))
    scored.sort(key=lambda s: (s[0], s[1]))
    return [(-s[0], s[2]) for s in scored]


def resolve(typed: str, entries: Iterable[tuple[T, Sequence[str]]], *, what: str,
            label: Callable[[T], str]) -> T:
    """The one entry `typed` names. Raises NotFound when none fits, Ambiguous (listing up to ASK_AT_MOST
    of them, by `label`) when several fit equally well."""
    ranked = rank(typed, entries)
    if not ranked:
        raise NotFound(what=what, name=typed)
    top = [entry for s, entry in ranked if s == ranked[0][0]]
    if len(top) > 1:
        raise Ambiguous(what=what, name=typed,
                        choices=Choices((label(e) for e in top[:ASK_AT_MOST]), more=len(top) > ASK_AT_MOST))
    return top[0]


def topic_entries(catalog: Catalog) -> list[tuple[Topic, tuple[str, ...]]]:
    return [(tp, (tp.id, tp.title.en, tp.title.es or "")) for tp in catalog.topics.values()]


def term_entries(catalog: Catalog) -> list[tuple[GlossaryTerm, tuple[str, ...]]]:
    return [(g, (g.id, g.term.en, g.term.es or "")) for g in catalog.glossary.values()]


def speaker_entries(catalog: Catalog) -> list[tuple[str, tuple[str, ...]]]:
    # also by the name a Spanish reader is shown: "Marx y Engels" finds "Karl Marx and Friedrich Engels"
    return [(s, (s, person(s, "es"))) for s in catalog.speakers()]


def quote_entries(catalog: Catalog) -> list[tuple[Quote, tuple[str, ...]]]:
    return [(q, (q.id, q.work)) for q in catalog.quotes.values()]


def topic(catalog: Catalog, typed: str, lang: str = "en") -> Topic:
    """The topic named by an id or by (part of) its title in either language."""
    if typed in catalog.topics:
        return catalog.topics[typed]
    return resolve(typed, topic_entries(catalog), what="topic", label=lambda tp: tp.title.get(lang))


def term(catalog: Catalog, typed: str, lang: str = "en") -> GlossaryTerm:
    """The glossary term named by an id or by (part of) the term in either language."""
    if typed in catalog.glossary:
        return catalog.glossary[typed]
    return resolve(typed, term_entries(catalog), what="term", label=lambda g: g.term.get(lang))


def speaker(catalog: Catalog, typed: str) -> str:
    """The speaker's name as the course spells it ("marx" -> "Karl Marx and Friedrich Engels")."""
    return resolve(typed, speaker_entries(catalog), what="speaker", label=str)


def quote(catalog: Catalog, typed: str) -> Quote:
    """The quote named by its id or by the work it comes from."""
    if typed in catalog.quotes:
        return catalog.quotes[typed]
    return resolve(typed, quote_entries(catalog), what="quote", label=lambda q: f"{q.speaker}, {q.work}")
