"""Open-answer matching: forgiving about form (case, accents, punctuation, articles, leading prepositions,
small typos, an answer phrased as a sentence around the accepted one), strict about substance (a wrong
number is never a typo, and an answer hedged with another alternative is not right)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from bot.domain.answer_dates import as_accepted, fold

ARTICLES = {"the", "a", "an", "el", "la", "los", "las", "lo", "un", "una", "unos", "unas"}
_PUNCT = re.compile(r"[^\w\s]", re.UNICODE)
_SPACE = re.compile(r"\s+")
MAX_INPUT = 200
# Words a natural answer starts with ("in 1850", "en abril", "during the..."): as silent as an article.
LEADING = ARTICLES | {"in", "on", "at", "by", "during", "around", "from", "of", "en", "de", "del", "durante",
                      "hacia", "desde", "por"}
# Words that set another alternative beside the accepted one ("Kerensky or Lenin", "not Kerensky", "Trotsky
# and Stalin"); an accepted answer that itself has one ("Batista y Zaldívar") is listed whole.
HEDGES = {"or", "either", "neither", "nor", "not", "no", "never", "and", "vs", "versus", "isnt", "wasnt", "arent",
          "werent", "didnt", "doesnt", "dont", "o", "u", "ni", "nunca", "tampoco", "sino", "y", "e"}
# A list of candidates ("Mensheviks, Bolsheviks", "Canton / Shanghai") is not one answer: whoever lists every
# name they know must not score. An accepted answer written with such a mark itself is matched whole. A comma
# also sets off an aside ("Saint Petersburg, the capital", "1850, I think"): a part after a comma that opens
# like one is not a candidate.
LIST_MARKS = re.compile(r"[,;/&|+\n]")
_STRICT_MARKS = re.compile(r"[;/&|+\n]")
ASIDES = LEADING | {"which", "who", "that", "when", "where", "i", "as", "que", "quien", "cuando", "donde", "creo",
                    "como"}
# A word that ties a name to the answer rather than setting it beside it ("Putilov works in St Petersburg",
# "el sóviet de San Petersburgo"): another answer of the course after one is phrasing, not a second candidate.
TIES = LEADING - ARTICLES | {"about", "toward", "towards", "under", "sobre", "bajo"}
NEAR_MISS = 75  # a refused answer this similar (rapidfuzz ratio, 0-100) to an accepted one is "close"


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
    exact: bool = False  # False when a typo was forgiven or the answer was found inside a longer one
    contained: bool = False  # the response holds the accepted answer among other words (or a fuller date)
    close: bool = False  # refused, but near an accepted answer (worth a "close" rather than a bare "no")


@dataclass(frozen=True)
class Alternatives:
    """Other answers, normalized once: one of them beside the accepted answer makes a response wrong."""

    phrases: frozenset[str] = frozenset()
    longest: int = 0  # in words

    @classmethod
    def of(cls, texts: Iterable[str]) -> Alternatives:
        return cls.of_phrases(_strip_leading(normalize(t)) for t in texts)

    @classmethod
    def of_phrases(cls, phrases: Iterable[str]) -> Alternatives:
        """From phrases normalized already (as `normalize`, then without leading words, does)."""
        kept = frozenset(p for p in phrases if p)
        return cls(kept, max((len(p.split()) for p in kept), default=0))

    def named_in(self, words: Sequence[str], begin: int, end: int) -> bool:
        """Whether `words[begin:end]` name one of these (read longest first, from the left), other than right
        after a tie ("in", "de") that makes it part of the phrasing."""
        start = begin
        while start < end:
            size = next((n for n in range(min(self.longest, end - start), 0, -1)
                         if " ".join(words[start:start + n]) in self.phrases), 0)
            if size and not _tied(words[:start]):
                return True
            start += size or 1
        return False


NO_ALTERNATIVES = Alternatives()


def match_answer(response: str, accepted: Sequence[str],
                 rejected: Iterable[str] | Alternatives = NO_ALTERNATIVES) -> Match:
    """Match a typed answer to the listed `accepted` ones. A response holding an accepted answer as whole words
    ("Fulgencio Batista" for "Batista") is right, unless it also holds a contradicting alternative: a number the
    accepted answer does not have, one of `rejected` (other answers the course knows), or a hedge ("or", "not",
    "o", "ni"...). A date that agrees with an accepted one, more precisely ("April 16, 1917" for "April 1917"), is
    right."""
    response = response[:MAX_INPUT]
    rejected = rejected if isinstance(rejected, Alternatives) else Alternatives.of(rejected)
    dated = as_accepted(fold(response), accepted)
    if dated is not None:
        match = _match(dated, accepted, rejected)
        if match.correct:
            return Match(True, match.accepted, False, contained=True)
    return _match(response, accepted, rejected)


def _match(response: str, accepted: Sequence[str], rejected: Alternatives) -> Match:
    given = _strip_leading(normalize(response))
    if not given:
        return Match(False)
    normalized = [(a, _strip_leading(normalize(a))) for a in accepted]
    normalized = [(a, n) for a, n in normalized if n]
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
    if best:
        return Match(True, best[1], False)
    inside, contradicted = _contained(given, normalized, rejected, _listed(response))
    if inside:
        return Match(True, inside, False, contained=True)
    # an answer refused for what surrounds the right one ("not Petrograd") is not "close"
    return Match(False, close=not contradicted and any(fuzz.ratio(given, n) >= NEAR_MISS for _, n in normalized))


def _contained(given: str, normalized: list[tuple[str, str]], rejected: Alternatives,
               listed: bool) -> tuple[str | None, bool]:
    """The longest accepted answer found as whole words in `given` (exactly, else with a forgiven typo), when
    nothing else in `given` contradicts it; and whether one was found but contradicted. `listed`: the response
    was written as a list (commas, slashes...), which only an accepted answer written so itself may be."""
    words = given.split()
    by_length = sorted(normalized, key=lambda pair: -len(pair[1]))
    for exact in (True, False):
        for original, norm in by_length:
            size, budget = len(norm.split()), 0 if exact else typo_budget(norm)
            for start in range(len(words) - size + 1):
                window = " ".join(words[start:start + size])
                if _digits(window) != _digits(norm) or edit_distance(window, norm, budget) > budget:
                    continue
                rest = words[:start] + words[start + size:]
                if (listed and rest and not LIST_MARKS.search(original)) or _contradicts(rest) \
                        or rejected.named_in(words, 0, start) or rejected.named_in(words, start + size, len(words)):
                    return None, True
                return original, False
    return None, False


def _contradicts(rest: list[str]) -> bool:
    return any(_digits(w) for w in rest) or any(w in HEDGES for w in rest)


def _tied(before: Sequence[str]) -> bool:
    """Whether the words before a name end with a tie, perhaps followed by an article ("in the", "de la")."""
    words = list(before)
    while words and words[-1] in ARTICLES:
        words.pop()
    return bool(words) and words[-1] in TIES


def _listed(response: str) -> bool:
    """Whether the response is written as a list of candidates (see LIST_MARKS)."""
    if _STRICT_MARKS.search(response):
        return True
    first, *later = [_PUNCT.sub(" ", part.casefold()).split() for part in response.split(",")]  # articles kept
    # an aside opens unlike the answer ("Saint Petersburg, the capital"); parts that open alike are a list
    # ("a painting, a photo")
    return any(words and (words[0] not in ASIDES or first[:1] == words[:1]) for words in later)


def _strip_leading(text: str) -> str:
    words = text.split()
    while len(words) > 1 and words[0] in LEADING:
        words = words[1:]
    return " ".join(words)


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())
