"""/ask: answer a question from the course, with the best-matching section, term, quote or event."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.domain.content import Topic
from bot.domain.matching import normalize
from bot.domain.search import Document, documents, query_terms
from bot.services.course import CourseService
from bot.storage.search import SearchIndex

SUGGESTIONS = 3


@dataclass(frozen=True)
class AskResult:
    question: str
    best: Document | None
    more: list[Document] = field(default_factory=list)
    suggestions: list[Topic] = field(default_factory=list)  # when nothing matches


class AskService:
    def __init__(self, course: CourseService, index: SearchIndex | None = None):
        self.course = course
        self.index = index or SearchIndex()
        self._indexed: str | None = None  # the fingerprint of the course in the index

    def _fresh_index(self) -> SearchIndex:
        catalog = self.course.catalog
        if self._indexed != catalog.fingerprint:
            self.index.rebuild(documents(catalog))
            self._indexed = catalog.fingerprint
        return self.index

    def ask(self, question: str, lang: str) -> AskResult:
        terms = query_terms(question)
        found = [d for d in self._fresh_index().search(terms, lang, limit=8) if _covers(d, terms)]
        if found:
            return AskResult(question, found[0], _distinct(found[1:], found[0]))
        return AskResult(question, None, suggestions=self._suggest(terms))

    def _suggest(self, terms: list[str]) -> list[Topic]:
        """Topics whose title shares a word with the question; else the course's first topics."""
        topics = list(self.course.catalog.topics.values())
        def overlap(topic: Topic) -> int:
            words = set(normalize(f"{topic.title.en} {topic.title.es or ''} {topic.id}").replace("-", " ").split())
            return sum(any(w.startswith(t[:4]) for w in words) for t in terms)

        ranked = sorted(topics, key=lambda tp: -overlap(tp))
        return ranked[:SUGGESTIONS]


def _covers(doc: Document, terms: list[str]) -> bool:
    """A match must share at least half of the question's words (one stray common word is not an answer)."""
    words = normalize(f"{doc.title} {doc.body}").split()
    hits = sum(any(w.startswith(t) for w in words) for t in terms)
    return hits * 2 >= len(terms)


def _distinct(docs: list[Document], best: Document) -> list[Document]:
    seen = {(best.kind, best.ref, best.page)}
    out = []
    for d in docs:
        if (d.kind, d.ref, d.page) not in seen:
            seen.add((d.kind, d.ref, d.page))
            out.append(d)
    return out[:3]
