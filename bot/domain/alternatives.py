"""What a typed answer must not name beside the right one: the other answers the course knows. Whoever types
every name they know ("Stalin Trotsky", "Mensheviks Bolsheviks") has not answered; built once per course."""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.domain.content import GlossaryTerm
from bot.domain.matching import ARTICLES, HEDGES, LEADING, Alternatives, normalize
from bot.domain.quiz_items import OpenAnswer, QuizItem
from bot.domain.text import LANGS

_PARENTHESIS = re.compile(r"\(.*?\)")
_PEOPLE = re.compile(r"\s+(?:and|y|&)\s+|,\s*")
MIN_LETTERS = 3


def other_answers(items: Iterable[QuizItem], speakers: Iterable[str],
                  glossary: Iterable[GlossaryTerm]) -> dict[str, Alternatives]:
    """For each open item, the course's other answers: the accepted answers of its other open items, the
    people it quotes (and their surnames) and its glossary terms; less what the item itself accepts or its
    question names (echoing the question is phrasing: "Lenin's April" when asked when Lenin came back)."""
    opens = [item for item in items if isinstance(item, OpenAnswer)]
    known = {_phrase(name) for name in _names(speakers)}
    known |= {_phrase(_PARENTHESIS.sub("", term.term.get(lang))) for term in glossary for lang in LANGS}
    accepted = {item.id: {_phrase(a) for a in item.accept.en + (item.accept.es or [])} for item in opens}
    for answers in accepted.values():
        known |= answers
    known = {k for k in known if _meaningful(k)}
    parts = {k: _grams(k) for k in known}
    longest = max((len(k.split()) for k in known), default=0)
    rivals = {}
    for item in opens:
        own = accepted[item.id]
        # within one of its answers, or named by its question
        inside = set().union(*map(_grams, own),
                             *(_grams(_phrase(item.prompt.get(lang)), longest) for lang in LANGS))
        rivals[item.id] = Alternatives.of_phrases(k for k in known if k not in inside and not parts[k] & own)
    return rivals


def _names(speakers: Iterable[str]) -> Iterable[str]:
    """Each person a speaker names, and their surname ("Karl Marx and Friedrich Engels": Marx, Engels)."""
    for speaker in speakers:
        for name in _PEOPLE.split(_PARENTHESIS.sub("", speaker)):
            words = name.split()
            if words and all(w[:1].isupper() or w in ("de", "la", "von", "van") for w in words):
                yield name
                yield words[-1]


def _phrase(text: str) -> str:
    words = normalize(text).split()
    while len(words) > 1 and words[0] in LEADING:
        words = words[1:]
    return " ".join(words)


def _meaningful(phrase: str) -> bool:
    """A phrase worth looking for: letters only (numbers are checked on their own), not a bare function word."""
    words = phrase.split()
    return (len(phrase) >= MIN_LETTERS and not any(ch.isdigit() for ch in phrase)
            and not all(w in ARTICLES | LEADING | HEDGES for w in words))


def _grams(phrase: str, longest: int = 0) -> set[str]:
    """Every run of whole words in `phrase` (of at most `longest` words, if given)."""
    words = phrase.split()
    size = longest or len(words)
    return {" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, min(i + size, len(words)) + 1)}
