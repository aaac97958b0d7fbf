"""What /ask searches: the course cut into documents (explanation sections, glossary terms, quotes,
timeline events) in each language, a question turned into search terms (misspelt names corrected against the
course's own words), and the rules that rank what the search found and decide whether it answers at all."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.domain.catalog import Catalog
from bot.domain.content import note_in
from bot.domain.matching import normalize
from bot.domain.text import LANGS

_COMMON_WORDS = """
a about after an and are as at be before but by did do does for from had has have how i in is it its me
of on or than that the their then there these this to was were what when where which who whom why will
with would you your tell explain mean means meant define definition meaning happen happened
al algo como con cual cuales cuando de del donde el ella ellos en entre era es esta este esto fue fueron
ha han hay la las le lo los mas me mi muy no o para pero por porque que quien quienes se segun ser si
sin sobre son su sus te tu un una uno unos y ya explica significa dime define definicion significado paso
"""
STOPWORDS = frozenset(_COMMON_WORDS.split())


@dataclass(frozen=True)
class Document:
    kind: str  # section | term | quote | event
    ref: str  # the id of the topic (sections), term, quote or event
    lang: str
    title: str
    body: str
    topic: str | None  # the topic to learn from it
    page: int = 0  # for sections: the topic page that shows it
    quote: str | None = None  # for quotes: the quotation alone (`body` adds the course's context to it)
    translated: bool = False  # for quotes: `quote` is our translation
    context: str = ""  # for quotes: the course's words around it
    note: str = ""  # for quotes, terms and events: the course's correction of a source, shown, not searched


def documents(catalog: Catalog) -> list[Document]:
    docs: list[Document] = []
    for lang in LANGS:
        for topic in catalog.topics.values():
            title = topic.title.get(lang)
            docs.append(Document("section", topic.id, lang, title, topic.summary.get(lang), topic.id, 0))
            for page, section in enumerate(topic.sections, 1):
                docs.append(Document("section", topic.id, lang, f"{title}: {section.title.get(lang)}",
                                     section.body.get(lang), topic.id, page))
        for term in catalog.glossary.values():
            docs.append(Document("term", term.id, lang, term.term.get(lang), term.definition.get(lang),
                                 term.topics[0], note=note_in(term, lang)))
        for quote in catalog.quotes.values():
            text, translated = quote.text_in(lang)
            context = quote.context.get(lang)
            docs.append(Document("quote", quote.id, lang, quote.attribution, f"{text}\n{context}",
                                 quote.topics[0], quote=text, translated=translated, context=context,
                                 note=note_in(quote, lang)))
        for event in catalog.timeline:
            docs.append(Document("event", event.id, lang, f"{event.date}: {event.title.get(lang)}",
                                 event.description.get(lang), event.topics[0], note=note_in(event, lang)))
    return docs


_WORD = re.compile(r"[^\W_]+")


def query_terms(question: str, limit: int = 12) -> list[str]:
    """The words worth searching for: accents and case folded, common words dropped, numbers kept."""
    words = _WORD.findall(normalize(question))
    terms = [w for w in words if (len(w) > 1 or w.isdigit()) and w not in STOPWORDS]
    return list(dict.fromkeys(terms))[:limit]


# "what is X", "qué fue X", "define X": a question asking for a definition, best answered by a glossary term
# or a topic's summary rather than by a passing mention (a book's date, say).
_DEFINITION = re.compile(
    r"^(?:(?:what|who)\s+(?:is|was|are|were)|define|definition\s+of|meaning\s+of|what\s+does\s+.+\s+mean"
    r"|(?:que|quien|quienes)\s+(?:es|son|fue|fueron|era|eran)|que\s+significa|define|definicion\s+de"
    r"|significado\s+de)\b")
SPELLING_CUTOFF = 80  # rapidfuzz ratio (0-100) from which a word unknown to the course is taken as a misspelling
MIN_FUZZY_LENGTH = 4  # shorter words are too easily some other word
COVERED = 0.6  # the share of a question's weight a document must hold to answer it
BODY_HIT = 0.75  # a word met only in a document's body counts for less than one in its title


def is_definition_question(question: str) -> bool:
    return bool(_DEFINITION.match(normalize(question)))


def vocabulary(docs: Iterable[Document], lang: str) -> frozenset[str]:
    """The words of the course in `lang`, folded as a question's terms are."""
    return frozenset(w for d in docs if d.lang == lang for w in _words(f"{d.title} {d.body}"))


def correct_spelling(terms: Sequence[str], words: Collection[str]) -> dict[str, str]:
    """For each term that is not a word of the course, the course's word it most likely misspells ("trotski" ->
    "trotsky", "kerenski" -> "kerensky", "revolutoin" -> "revolution"); a term with no close word is left to
    match as the start of longer words ("revolu"). Numbers are never corrected: 1906 is not a misspelt 1905."""
    corrected: dict[str, str] = {}
    for term in terms:
        if term.isdigit() or len(term) < MIN_FUZZY_LENGTH or term in words:
            continue
        found = process.extract(term, words, scorer=fuzz.ratio, score_cutoff=SPELLING_CUTOFF, limit=None)
        # the closest word; of words as close, the first in alphabetical order, whatever order the course's
        # vocabulary (a set) comes in: the same question gets the same correction in every process
        best = min(found, key=lambda match: (-match[1], match[0]), default=None)
        if best is not None and not any(ch.isdigit() for ch in best[0]):
            corrected[term] = best[0]
    return corrected


def term_weights(terms: Sequence[str], frequency: Mapping[str, int], total: int) -> dict[str, float]:
    """How much each term says: rare words much, common ones little (inverse document frequency). A word the
    course never uses weighs as much as its rarest one: a question about pizza is not answered by a document
    that shares only its other word with it."""
    return {t: math.log((total + 1) / (frequency.get(t, 0) + 1)) + 0.1 for t in terms}


@dataclass(frozen=True)
class Scored:
    doc: Document
    covered: float  # the share of the question's weight found in the document
    score: float  # what ranks it


def rank(docs: Sequence[Document], weights: Mapping[str, float], definition: bool) -> list[Scored]:
    """The documents that answer the question (they hold at least COVERED of its weight), best first. For a
    definition question, a glossary term and then a topic's summary that cover it outrank everything else."""
    total = sum(weights.values())
    if not total:
        return []
    out = []
    for doc in docs:
        title, body = _words(doc.title), _words(doc.body)
        in_title = sum(w for t, w in weights.items() if _has(title, t)) / total
        in_body = sum(w for t, w in weights.items() if not _has(title, t) and _has(body, t)) / total
        covered = in_title + BODY_HIT * in_body
        if covered < COVERED:
            continue
        score = covered + 0.5 * in_title
        if definition and in_title >= COVERED:
            score += 1.0 if doc.kind == "term" else 0.6 if doc.kind == "section" and doc.page == 0 else 0
        elif definition and doc.kind == "section" and doc.page == 0:
            score += 0.3
        out.append(Scored(doc, covered, score))
    out.sort(key=lambda s: -s.score)
    return out


def _words(text: str) -> list[str]:
    """A document's words, folded as a question's terms are (whole text: `normalize` keeps only a short answer)."""
    folded = unicodedata.normalize("NFKD", text.casefold().replace("'", "").replace("’", ""))
    return _WORD.findall("".join(ch for ch in folded if not unicodedata.combining(ch)))


def _has(words: list[str], term: str) -> bool:
    return any(w.startswith(term) for w in words)
