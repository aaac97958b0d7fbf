"""/ask: answer a question from the course, with the best-matching section, term, quote or event; or say the
course does not cover it, rather than offer a weak match as an answer."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.domain.content import Topic
from bot.domain.matching import normalize
from bot.domain.search import (
    Document,
    correct_spelling,
    documents,
    is_definition_question,
    query_terms,
    rank,
    term_weights,
    vocabulary,
)
from bot.domain.text import LANGS
from bot.services.course import CourseService
from bot.storage.search import SearchIndex

SUGGESTIONS = 3
CANDIDATES = 40  # what full-text search hands to the ranking


@dataclass(frozen=True)
class AskResult:
    question: str
    best: Document | None
    more: list[Document] = field(default_factory=list)
    suggestions: list[Topic] = field(default_factory=list)  # when nothing matches
    corrected: dict[str, str] = field(default_factory=dict)  # a misspelt word -> the course's word searched


class AskService:
    def __init__(self, course: CourseService, index: SearchIndex | None = None):
        self.course = course
        self.index = index or SearchIndex()
        self._indexed: str | None = None  # the fingerprint of the course in the index
        self._vocabulary: dict[str, frozenset[str]] = {}  # per language: what a misspelt word is corrected to

    def _fresh_index(self) -> SearchIndex:
        catalog = self.course.catalog
        if self._indexed != catalog.fingerprint:
            docs = documents(catalog)
            self.index.rebuild(docs)
            self._vocabulary = {lang: vocabulary(docs, lang) for lang in LANGS}
            self._indexed = catalog.fingerprint
        return self.index

    def ask(self, question: str, lang: str) -> AskResult:
        index = self._fresh_index()
        asked = query_terms(question)
        corrected = correct_spelling(asked, self._vocabulary.get(lang, frozenset()))
        terms = list(dict.fromkeys(corrected.get(t, t) for t in asked))
        frequency, total = index.frequency(terms, lang)
        weights = term_weights(terms, frequency, total)
        found = [s.doc for s in rank(index.search(terms, lang, limit=CANDIDATES), weights,
                                     is_definition_question(question))]
        if found:
            return AskResult(question, found[0], _distinct(found[1:], found[0]), corrected=corrected)
        return AskResult(question, None, suggestions=self._suggest(terms), corrected=corrected)

    def _suggest(self, terms: list[str]) -> list[Topic]:
        """Topics whose title shares a word with the question; else the course's first topics."""
        topics = list(self.course.catalog.topics.values())
        def overlap(topic: Topic) -> int:
            words = set(normalize(f"{topic.title.en} {topic.title.es or ''} {topic.id}").replace("-", " ").split())
            return sum(any(w.startswith(t[:4]) for w in words) for t in terms)

        ranked = sorted(topics, key=lambda tp: -overlap(tp))
        return ranked[:SUGGESTIONS]


def _distinct(docs: list[Document], best: Document) -> list[Document]:
    seen = {(best.kind, best.ref, best.page)}
    out = []
    for d in docs:
        if (d.kind, d.ref, d.page) not in seen:
            seen.add((d.kind, d.ref, d.page))
            out.append(d)
    return out[:3]
