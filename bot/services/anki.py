"""Take your cards with you: the course, a topic or a learner's missed questions as an Anki deck (.apkg).

Every quiz item, glossary term and quote becomes one note: its front (the question and its choices, the term,
the quotation) and its back (the answer; the explanation or context, and the course's note correcting a source
where there is one; the sources). Ids that stay the same from
one export to the next, so that importing a newer deck updates the cards already in Anki instead of adding
copies:

- a note's guid: genanki's `guid_for(course id, kind, id, language)` (kind: item, term or quote, whose ids are
  separate namespaces). The English and the Spanish note of one item are two notes.
- the deck's id: `stable_id(course id, language, "deck")`, one deck per course and language ("Course title").
- the note type's id: `stable_id(course id, "model")`: its fields (Front, Back, Details, Source) and templates
  carry no language, so one note type serves both.

`missed`: every item the learner has answered wrong at least once, even if answered right since (Anki then
schedules it; a deck that dropped items answered right since would not remove them from Anki anyway)."""

from __future__ import annotations

import asyncio
import hashlib
import random
import re
from dataclasses import dataclass
from html import escape

from bot.domain import lookup
from bot.domain.catalog import Catalog
from bot.domain.clock import Clock
from bot.domain.content import note_in
from bot.domain.errors import DomainError
from bot.domain.quiz import correct_text, labels, shuffle_order
from bot.domain.quiz_items import LETTERS, MultipleChoice, Ordering, QuizItem, TrueFalse, WhoSaidIt
from bot.i18n import t
from bot.i18n.names import attribution
from bot.services.course import CourseService
from bot.storage.anki import DeckSpec, Note, apkg
from bot.storage.progress import ProgressRepository

SCOPES = ("missed", "topic", "all")


class TopicNeeded(DomainError):
    """/mydata anki scope:topic without a topic."""

    key = "error.anki_topic_needed"


@dataclass(frozen=True)
class Deck:
    filename: str
    data: bytes  # the .apkg file
    cards: int


def stable_id(*parts: str) -> int:
    """A deck's or note type's id from what it is for: the same on every export and every machine, in the range
    genanki suggests for ids of one's own (2**30 to 2**31)."""
    digest = hashlib.sha256("\x1f".join(parts).encode()).digest()
    return (1 << 30) + int.from_bytes(digest[:4], "big") % (1 << 30)


def deck_spec(catalog: Catalog, lang: str) -> DeckSpec:
    course = catalog.course
    return DeckSpec(deck_id=stable_id(course.id, lang, "deck"), deck_name=course.title.get(lang),
                    model_id=stable_id(course.id, "model"), model_name=f"{course.id} (study tutor)")


# the course's italics (Discord's *words*: a book's or a journal's title), not a lone asterisk ("2 * 3")
_ITALICS = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]*?\S)\*(?![\w*])")


def _html(text: str) -> str:
    return _ITALICS.sub(r"<i>\1</i>", escape(text)).replace("\n", "<br>")


def _list(entries: list[str], kind: str = "ol", marker: str = "1") -> str:
    return f'<{kind} type="{marker}">' + "".join(f"<li>{_html(e)}</li>" for e in entries) + f"</{kind}>"


def _sources(catalog: Catalog, ids: list[str], key: str, lang: str) -> str:
    cited = [f"{s.title} ({s.author}, {s.date})" for s in (catalog.sources.get(i) for i in ids) if s]
    return _html(t(key, lang, sources="; ".join(cited))) if cited else ""


def _details(text: str, entry: object, lang: str) -> str:
    """The explanation or context, then the entry's correction of a source on a line of its own, as /quiz and
    /quote show it."""
    note = note_in(entry, lang)
    line = f"<b>{_html(t('note.title', lang))}:</b> {_html(note)}" if note else ""
    return "<br><br>".join(part for part in (_html(text), line) if part)


def _quotation(catalog: Catalog, quote_id: str, lang: str) -> str:
    quote = catalog.quotes.get(quote_id)
    if quote is None:
        return ""
    text, translated = quote.text_in(lang)
    marker = f" <i>{_html(t('quote.translation', lang))}</i>" if translated else ""
    return f"<blockquote>“{_html(text)}”{marker}</blockquote>"


def item_note(catalog: Catalog, item: QuizItem, lang: str) -> Note:
    """A quiz item of any format: the question (and its choices) in front; the answer, why, and the sources."""
    answer = correct_text(item, lang)
    if isinstance(item, WhoSaidIt):
        asked = item.prompt.get(lang) if item.prompt else t("quiz.who_said", lang)
        front = _quotation(catalog, item.quote, lang) + _html(asked)
        choices = labels(item, range(len(item.choices)), lang)
        front += _list(choices, marker="A")
        back = _html(f"{LETTERS[item.answer_index]} · {answer}")
    elif isinstance(item, MultipleChoice):
        front = _html(item.prompt.get(lang)) + _list(labels(item, range(len(item.choices)), lang), marker="A")
        back = _html(f"{LETTERS[item.answer_index]} · {answer}")
    elif isinstance(item, TrueFalse):
        front = _html(item.prompt.get(lang)) + "<br><i>" + _html(t("anki.true_or_false", lang)) + "</i>"
        back = _html(t(f"quiz.{answer}", lang))
    elif isinstance(item, Ordering):
        # shown in an order of the item's own (never the right one), the same on every export
        order = shuffle_order(item, random.Random(item.id))
        front = (_html(item.prompt.get(lang)) + "<br><i>" + _html(t("anki.put_in_order", lang)) + "</i>"
                 + _list(labels(item, order, lang), kind="ul", marker="disc"))
        back = _list([event.get(lang) for event in item.items])
    else:
        front, back = _html(item.prompt.get(lang)), _html(answer)
    return Note(key=(catalog.course.id, "item", item.id, lang), front=front, back=back,
                details=_details(item.explanation.get(lang), item, lang),
                source=_sources(catalog, item.sources, "quiz.sources", lang), tags=("quiz", *item.topics))


def term_note(catalog: Catalog, term_id: str, lang: str) -> Note:
    term = catalog.glossary[term_id]
    return Note(key=(catalog.course.id, "term", term.id, lang), front=_html(term.term.get(lang)),
                back=_html(term.definition.get(lang)), details=_details("", term, lang),
                source=_sources(catalog, term.sources, "quiz.sources", lang),
                tags=("term", *term.topics))


def quote_note(catalog: Catalog, quote_id: str, lang: str) -> Note:
    """The quotation in front; who said it, in which work and when, the context and where it is quoted."""
    quote = catalog.quotes[quote_id]
    return Note(key=(catalog.course.id, "quote", quote.id, lang),
                front=_quotation(catalog, quote.id, lang) + _html(t("quiz.who_said", lang)),
                back=_html(attribution(quote.speaker, quote.work, quote.year, lang)),
                details=_details(quote.context.get(lang), quote, lang),
                source=_sources(catalog, quote.sources, "quote.source", lang), tags=("quote", *quote.topics))


def course_notes(catalog: Catalog, lang: str, topic: str | None = None) -> list[Note]:
    """Every quiz item, then every glossary term, then every quote of the course (or of `topic`), in course
    order."""
    items = catalog.items_for(topic)
    terms = [g.id for g in catalog.glossary.values() if topic is None or topic in g.topics]
    quotes = [q.id for q in catalog.quotes_for(topic)]
    return ([item_note(catalog, item, lang) for item in items] + [term_note(catalog, g, lang) for g in terms]
            + [quote_note(catalog, q, lang) for q in quotes])


def build(catalog: Catalog, notes: list[Note], lang: str, name: str, timestamp: float) -> Deck:
    filename = f"{catalog.course.id}-{name}-{lang}.apkg"
    return Deck(filename, apkg(deck_spec(catalog, lang), notes, timestamp), len(notes))


class AnkiService:
    def __init__(self, course: CourseService, progress: ProgressRepository, clock: Clock):
        self.course = course
        self.progress = progress
        self.clock = clock

    async def deck(self, user_id: int, scope: str, topic: str | None, lang: str) -> Deck | None:
        """The learner's deck: their missed items (of `topic`, if given), `topic`'s cards, or the whole course.
        None when there is nothing to put in it (no item missed yet)."""
        catalog = self.course.catalog
        topic_id = lookup.topic(catalog, topic, lang).id if topic else None
        if scope == "topic" and topic_id is None:
            raise TopicNeeded()
        if scope == "missed":
            records = await self.progress.item_records(user_id)
            missed = {i for i, r in records.items() if r.correct < r.answered}
            notes = [item_note(catalog, item, lang) for item in catalog.items_for(topic_id) if item.id in missed]
        else:
            notes = course_notes(catalog, lang, topic_id)
        if not notes:
            return None
        name = "-".join(part for part in (scope if scope != "topic" else None, topic_id) if part)
        return await asyncio.to_thread(build, catalog, notes, lang, name, self.clock.now().timestamp())
