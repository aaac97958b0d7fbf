"""Flashcard rules: which cards a deck holds and in what order, which comes next, and how a rating button says
when a card comes back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.content import load_course
from bot.domain.flashcards import QUOTE, TERM, card, deck, span, state_of
from tests.conftest import FIXTURE_COURSE

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_a_deck_goes_topic_by_topic_terms_then_quotes_and_its_ids_are_the_courses():
    catalog = load_course(FIXTURE_COURSE)
    assert [c.id for c in deck(catalog)] == ["term:g-alpha", "quote:q-alpha", "term:g-beta", "quote:q-beta"]
    assert [c.id for c in deck(catalog, "beta")] == ["term:g-beta", "quote:q-beta"]
    found = card(catalog, "quote:q-beta")
    assert (found.kind, found.entry) == (QUOTE, catalog.quotes["q-beta"])
    assert card(catalog, "term:g-alpha").kind == TERM
    # not a card: another kind, an entry the course does not have, a quiz item's id
    assert card(catalog, "event:g-alpha") is None and card(catalog, "term:nowhere") is None
    assert card(catalog, next(iter(catalog.items))) is None


def test_due_cards_come_first_the_longest_overdue_first_then_new_ones_in_course_order():
    cards = deck(load_course(FIXTURE_COURSE))
    known = {"quote:q-beta": NOW - timedelta(days=2), "term:g-alpha": NOW - timedelta(hours=1),
             "quote:q-alpha": NOW + timedelta(days=3)}
    state = state_of(cards, known, NOW)
    assert [c.id for c in state.due] == ["quote:q-beta", "term:g-alpha"]
    assert [c.id for c in state.new] == ["term:g-beta"] and state.next.id == "quote:q-beta"
    assert state.next_due == NOW + timedelta(days=3)
    later = state_of(cards, {c.id: NOW + timedelta(minutes=i + 1) for i, c in enumerate(cards)}, NOW)
    assert later.next is None and later.next_due == NOW + timedelta(minutes=1)


def test_a_span_is_minutes_then_hours_then_days():
    assert [span(timedelta(seconds=s)) for s in (5, 330, 600, 3599)] == ["1 min", "6 min", "10 min", "1 h"]
    assert [span(timedelta(minutes=m)) for m in (60, 90, 23 * 60)] == ["1 h", "2 h", "23 h"]
    assert [span(timedelta(days=d)) for d in (1, 8, 120)] == ["1 d", "8 d", "120 d"]
