"""Spaced repetition with FSRS: a wrong answer rates Again, a right one Good unless the learner rates it Hard or
Easy (a self-rated review)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from fsrs import Card, Rating, Scheduler, State

_scheduler = Scheduler(enable_fuzzing=False)
# fsrs gives a Card without an id the current epoch milliseconds and then sleeps 1 ms so the next one differs;
# cards are keyed by (learner, item) here, so a fixed id skips that sleep (it blocked every answer by 1 ms)
_CARD_ID = 0


@dataclass(frozen=True)
class CardState:
    """One learner's memory of one item, as stored in review_cards."""

    state: int
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime
    last_review: datetime | None


@dataclass(frozen=True)
class ReviewEvent:
    rating: int
    reviewed_at: datetime


def rating_for(correct: bool) -> Rating:
    return Rating.Good if correct else Rating.Again


def schedule(previous: CardState | None, correct: bool, now: datetime) -> tuple[CardState, ReviewEvent]:
    """The card after answering at `now` (a new card when `previous` is None)."""
    return review(previous, rating_for(correct), now)


def review(previous: CardState | None, rating: Rating, now: datetime) -> tuple[CardState, ReviewEvent]:
    """The card after a review rated `rating` at `now` (a new card when `previous` is None)."""
    card = Card(card_id=_CARD_ID, due=now) if previous is None else Card(
        card_id=_CARD_ID,
        state=State(previous.state),
        step=previous.step,
        stability=previous.stability,
        difficulty=previous.difficulty,
        due=previous.due,
        last_review=previous.last_review,
    )
    card, log = _scheduler.review_card(card, rating, now)
    state = CardState(int(card.state), card.step, card.stability, card.difficulty, card.due, card.last_review)
    return state, ReviewEvent(int(rating), now)


def replay(events: list[ReviewEvent]) -> CardState | None:
    """Recompute a card from its review log (after a scheduler upgrade, say)."""
    state: CardState | None = None
    for event in events:
        state, _ = review(state, Rating(event.rating), event.reviewed_at)
    return state
