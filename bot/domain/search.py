"""What /ask searches: the course cut into documents (explanation sections, glossary terms, quotes,
timeline events) in each language, and a question turned into search terms."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.domain.catalog import Catalog
from bot.domain.matching import normalize
from bot.domain.text import LANGS

_COMMON_WORDS = """
a about after an and are as at be before but by did do does for from had has have how i in is it its me
of on or than that the their then there these this to was were what when where which who whom why will
with would you your tell explain mean means meant
al algo como con cual cuales cuando de del donde el ella ellos en entre era es esta este esto fue fueron
ha han hay la las le lo los mas me mi muy no o para pero por porque que quien quienes se segun ser si
sin sobre son su sus te tu un una uno unos y ya explica significa dime
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
                                 term.topics[0]))
        for quote in catalog.quotes.values():
            text, _ = quote.text_in(lang)
            docs.append(Document("quote", quote.id, lang, quote.attribution, f"{text}\n{quote.context.get(lang)}",
                                 quote.topics[0]))
        for event in catalog.timeline:
            docs.append(Document("event", event.id, lang, f"{event.date}: {event.title.get(lang)}",
                                 event.description.get(lang), event.topics[0]))
    return docs


_WORD = re.compile(r"[^\W_]+")


def query_terms(question: str, limit: int = 12) -> list[str]:
    """The words worth searching for: accents and case folded, common words dropped, numbers kept."""
    words = _WORD.findall(normalize(question))
    terms = [w for w in words if (len(w) > 1 or w.isdigit()) and w not in STOPWORDS]
    return list(dict.fromkeys(terms))[:limit]
