"""Flashcards over the course's glossary terms and quotes: a deck per learner (of a topic, or of the whole course),
its cards due first and then new ones, each rated Again, Hard, Good or Easy and rescheduled by FSRS as a review
card is. Flashcards are scheduled apart from quiz questions (bot/storage/flashcards.py): /review cannot show
them, so they are not among its due reviews; /progress counts them on a line of their own."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from bot.domain import flashcards as fc
from bot.domain import lookup
from bot.domain.catalog import Catalog
from bot.domain.clock import Clock
from bot.domain.content import note_in
from bot.domain.days import local_date, zone_named
from bot.domain.errors import NotFound
from bot.domain.flashcards import Flashcard, NoFlashcards, NotYourDeck, StaleCard
from bot.domain.review import CardState, Rating, review
from bot.i18n import t
from bot.i18n.names import attribution
from bot.services.course import CourseService
from bot.services.views import FlashcardCounts
from bot.storage.flashcards import Deck, FlashcardRepository


@dataclass(frozen=True)
class CardView:
    """A card as the learner sees it, in the deck's language: `front` to recall from, `back` to check against
    (with `context`, the quote's, '' for a term, and `note`, the entry's correction of a source, '' for none);
    with how many cards are due and new in the deck."""

    owner_id: int
    card_id: str
    kind: str  # fc.TERM or fc.QUOTE
    lang: str
    front: str
    translated: bool  # the front is our translation of the quote
    back: str
    context: str
    topic: str | None  # the deck's topic's title, in the deck's language (None: the whole course)
    due: int  # cards due in the deck, this one included if it is due
    new: int  # cards never seen in the deck, this one included if it is new
    after: tuple[timedelta, ...] = ()  # for each rating (Again, Hard, Good, Easy): how soon the card comes back
    note: str = ""


@dataclass(frozen=True)
class DeckDone:
    """No card left to show now: how many were rated in this deck, and when the next one falls due."""

    owner_id: int
    lang: str
    reviewed: int
    next_due: datetime | None


@dataclass(frozen=True)
class Rated:
    """A card rated: when it comes back, and what the deck shows next."""

    rating: int
    due: datetime
    lang: str
    next: CardView | DeckDone


def counts(catalog: Catalog, standing: Mapping[str, tuple[int, bool]]) -> FlashcardCounts:
    """/progress's flashcard figures from each card's fsrs state and whether it is due (cards of entries the
    course no longer has left out)."""
    known = {card: value for card, value in standing.items() if fc.card(catalog, card) is not None}
    return FlashcardCounts(total=len(catalog.glossary) + len(catalog.quotes), seen=len(known),
                           learned=sum(state == fc.LEARNED_STATE for state, _ in known.values()),
                           due=sum(due for _, due in known.values()))


def summary(cards: FlashcardCounts | None, lang: str) -> str | None:
    """/progress's flashcard line, in `lang` (None: the course has no terms or quotes to make cards of)."""
    if cards is None or not cards.total:
        return None
    if not cards.seen:
        return t("flashcards.progress_none", lang, total=cards.total)
    return t("flashcards.progress", lang, learned=cards.learned, total=cards.total, due=cards.due)


def _where(catalog: Catalog, deck: Deck, dues: Mapping[str, datetime],
           now: datetime) -> tuple[str | None, fc.DeckState]:
    """An open deck's topic (None: the whole course, also when a reload removed its topic) and where it stands."""
    topic_id = deck.topic_id if deck.topic_id in catalog.topics else None
    return topic_id, fc.state_of(fc.deck(catalog, topic_id), dues, now)


class FlashcardService:
    def __init__(self, course: CourseService, cards: FlashcardRepository, clock: Clock):
        self.course = course
        self.cards = cards
        self.clock = clock

    async def open(self, user_id: int, lang: str, topic: str | None = None) -> CardView | DeckDone:
        """A new deck for the learner (of the topic typed, as an id or a title, or of the whole course): its
        first card, or that none is due now."""
        catalog, now = self.course.catalog, self.clock.now()
        topic_id = lookup.topic(catalog, topic, lang).id if topic else None
        cards = fc.deck(catalog, topic_id)
        if not cards:
            raise NoFlashcards(topic=(catalog.topics[topic_id].title if topic_id else catalog.course.title).get(lang))
        known = await self.cards.cards(user_id)
        state = fc.state_of(cards, {c: s.due for c, s in known.items()}, now)
        if state.next is None:
            return DeckDone(user_id, lang, 0, state.next_due)
        await self.cards.open(user_id, topic_id, lang, state.next.id, now)
        return self._view(catalog, user_id, lang, topic_id, state.next, state, known.get(state.next.id), now)

    async def show(self, owner_id: int, clicker_id: int, card_id: str) -> CardView:
        """The card the deck shows, front and back (the adapter turns it over)."""
        if clicker_id != owner_id:
            raise NotYourDeck()
        catalog, now = self.course.catalog, self.clock.now()
        deck, cards = await self.cards.deck(owner_id)
        card = fc.card(catalog, card_id)
        if deck is None or deck.card_id != card_id or card is None:
            raise StaleCard()
        topic_id, state = _where(catalog, deck, {c: s.due for c, s in cards.items()}, now)
        return self._view(catalog, owner_id, deck.lang, topic_id, card, state, cards.get(card_id), now)

    async def rate(self, owner_id: int, clicker_id: int, card_id: str, rating: int) -> Rated:
        """The learner's rating of the card shown, given to FSRS; the deck moves on to its next card (due ones
        first, then new ones). Refused for anyone else, and for a card the deck has moved on from."""
        if rating not in fc.RATINGS:
            raise NotFound(what="rating", name=str(rating))
        if clicker_id != owner_id:
            raise NotYourDeck()
        catalog, now = self.course.catalog, self.clock.now()
        deck, cards = await self.cards.deck(owner_id)
        if deck is None or deck.card_id != card_id or fc.card(catalog, card_id) is None:
            raise StaleCard()
        rescheduled, _ = review(cards.get(card_id), Rating(rating), now)
        topic_id, state = _where(catalog, deck, {c: s.due for c, s in cards.items()} | {card_id: rescheduled.due}, now)
        following = state.next
        # a rating is study: the learner's day, in their zone, counts for their streak as an answer's does
        day = local_date(now, zone_named(deck.timezone)).isoformat()
        if not await self.cards.rate(owner_id, card_id, rescheduled, following.id if following else None, now,
                                     new_day=day if day != deck.last_day else None):
            raise StaleCard()
        after: CardView | DeckDone = (
            DeckDone(owner_id, deck.lang, deck.reviewed + 1, state.next_due) if following is None
            else self._view(catalog, owner_id, deck.lang, topic_id, following, state, cards.get(following.id), now))
        return Rated(rating, rescheduled.due, deck.lang, after)

    async def stop(self, owner_id: int, clicker_id: int, card_id: str) -> DeckDone:
        """The deck closed: how many cards were rated in it, and when the next card falls due."""
        if clicker_id != owner_id:
            raise NotYourDeck()
        catalog, now = self.course.catalog, self.clock.now()
        deck, cards = await self.cards.deck(owner_id)
        if deck is None or deck.card_id != card_id:
            raise StaleCard()
        reviewed = await self.cards.stop(owner_id, card_id)
        if reviewed is None:
            raise StaleCard()
        _, state = _where(catalog, deck, {c: s.due for c, s in cards.items()}, now)
        return DeckDone(owner_id, deck.lang, reviewed, state.next_due)

    def _view(self, catalog: Catalog, owner_id: int, lang: str, topic_id: str | None, card: Flashcard,
              state: fc.DeckState, known: CardState | None, now: datetime) -> CardView:
        topic = catalog.topics[topic_id].title.get(lang) if topic_id else None
        if card.kind == fc.TERM:
            term = card.entry
            front, translated, back, context = term.term.get(lang), False, term.definition.get(lang), ""
        else:
            quote = card.entry
            front, translated = quote.text_in(lang)
            back, context = attribution(quote.speaker, quote.work, quote.year, lang), quote.context.get(lang)
        after = tuple(review(known, Rating(rating), now)[0].due - now for rating in fc.RATINGS)
        return CardView(owner_id, card.id, card.kind, lang, front, translated, back, context, topic,
                        len(state.due), len(state.new), after, note_in(card.entry, lang))
