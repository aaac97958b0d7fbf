"""Flashcards: the course's glossary terms and quotes as cards to recall, and which card a deck shows next.

A term's card asks for its meaning (the term in front, its definition behind). A quote's card asks who said it:
the words in front with the speaker hidden, the speaker, work and year behind with the course's context; naming
who argued what is what this course's quizzes and debates ask of a learner, and the words alone (not the
speaker) make it a recall rather than a recognition. Each card's id is made of the course's own id, so it stays
the card's through a course reload, and cannot be a quiz item's (a slug has no colon).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.domain.catalog import Catalog
from bot.domain.content import GlossaryTerm, Quote
from bot.domain.errors import DomainError

TERM, QUOTE = "term", "quote"
AGAIN, HARD, GOOD, EASY = 1, 2, 3, 4  # fsrs's ratings
RATINGS = (AGAIN, HARD, GOOD, EASY)
LEARNED_STATE = 2  # fsrs's State.Review: past the learning steps


class NoFlashcards(DomainError):
    """The topic has no glossary term and no quote to make a card of."""

    key = "error.no_flashcards"  # params: topic


class NotYourDeck(DomainError):
    """A flashcard button clicked by someone other than the learner whose deck it is."""

    key = "error.not_your_deck"


class StaleCard(DomainError):
    """A button of a card the deck has moved on from (rated already, or a newer /flashcards since)."""

    key = "error.stale_card"


@dataclass(frozen=True)
class Flashcard:
    id: str  # "term:<glossary id>" or "quote:<quote id>"
    kind: str
    entry: GlossaryTerm | Quote


def card_id(kind: str, entry_id: str) -> str:
    return f"{kind}:{entry_id}"


def card(catalog: Catalog, wanted: str) -> Flashcard | None:
    """The card `wanted` names, if the course still has its entry."""
    kind, _, entry_id = wanted.partition(":")
    entry = catalog.glossary.get(entry_id) if kind == TERM else catalog.quotes.get(entry_id) if kind == QUOTE else None
    return None if entry is None else Flashcard(wanted, kind, entry)


def deck(catalog: Catalog, topic: str | None = None) -> list[Flashcard]:
    """A topic's cards (or the course's), in course order: topic by topic, its terms, then its quotes."""
    topics = [topic] if topic is not None else list(catalog.topics)
    cards: dict[str, Flashcard] = {}
    for tid in topics:
        for term in catalog.glossary.values():
            if tid in term.topics:
                cards.setdefault(card_id(TERM, term.id), Flashcard(card_id(TERM, term.id), TERM, term))
        for quote in catalog.quotes.values():
            if tid in quote.topics:
                cards.setdefault(card_id(QUOTE, quote.id), Flashcard(card_id(QUOTE, quote.id), QUOTE, quote))
    return list(cards.values())


@dataclass(frozen=True)
class DeckState:
    """Where a deck stands for its learner: the cards due now and the cards never seen (both in the order they
    come), and when the first card not due yet falls due."""

    due: list[Flashcard]
    new: list[Flashcard]
    next_due: datetime | None

    @property
    def next(self) -> Flashcard | None:
        """Due cards first (the longest overdue first), then new ones in course order."""
        return self.due[0] if self.due else self.new[0] if self.new else None


def state_of(cards: list[Flashcard], known: Mapping[str, datetime], now: datetime) -> DeckState:
    """`cards` against the learner's schedule (`known`: card id -> when it is due)."""
    order = {c.id: i for i, c in enumerate(cards)}
    due = sorted((c for c in cards if c.id in known and known[c.id] <= now), key=lambda c: (known[c.id], order[c.id]))
    later = [known[c.id] for c in cards if c.id in known and known[c.id] > now]
    return DeckState(due, [c for c in cards if c.id not in known], min(later, default=None))


def span(delta: timedelta) -> str:
    """How long until a card comes back, as a rating button says it (as Anki's do): '1 min', '6 min', '3 h', '8 d'.
    The units read the same in English and Spanish."""
    minutes = max(1, round(delta.total_seconds() / 60))
    if minutes < 60:
        return f"{minutes} min"
    if minutes < 24 * 60:
        return f"{round(minutes / 60)} h"
    return f"{round(minutes / (24 * 60))} d"
