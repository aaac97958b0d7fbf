"""Self-rated reviews: the answer a learner rates after a review question, and the rating's write."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.domain.review import CardState, ReviewEvent
from bot.storage.engine import Database
from bot.storage.timefmt import from_db, to_db

_ANSWERED = ("SELECT s.mode, s.user_id AS owner_id, s.lang, s.length, a.item_id, a.correct, a.answered_at"
             " FROM quiz_sessions s LEFT JOIN attempts a ON a.session_id = s.id AND a.position = ?"
             " AND a.user_id = ? WHERE s.id = ?")  # parameters: position, user_id, session_id
_LOG = ("SELECT rating, reviewed_at, self_rated FROM review_log WHERE user_id = ? AND item_id = ?"
        " ORDER BY reviewed_at, id")


@dataclass(frozen=True)
class LoggedReview:
    event: ReviewEvent
    self_rated: bool


@dataclass(frozen=True)
class AnsweredQuestion:
    """A quiz's question as a rating finds it: the quiz, the learner's answer (item_id None: not answered) and
    that item's review log, oldest first."""

    mode: str
    owner_id: int
    lang: str
    length: int
    item_id: str | None
    correct: bool
    answered_at: datetime | None
    log: list[LoggedReview]


class RatedSince(Exception):
    """The card was reviewed again after the rated answer: the rating's write is rolled back."""


class RatingRepository:
    def __init__(self, db: Database):
        self.db = db

    async def answered(self, session_id: int, position: int, user_id: int) -> AnsweredQuestion | None:
        """Quiz `session_id`'s question at `position` as `user_id` answered it, read from one snapshot (None:
        no such quiz)."""
        async with self.db.snapshot() as tx:
            row = await tx.fetchone(_ANSWERED, (position, user_id, session_id))
            if row is None:
                return None
            log = [] if row["item_id"] is None else await tx.fetchall(_LOG, (user_id, row["item_id"]))
        return AnsweredQuestion(
            row["mode"], row["owner_id"], row["lang"], row["length"], row["item_id"], bool(row["correct"]),
            from_db(row["answered_at"]),
            [LoggedReview(ReviewEvent(r["rating"], from_db(r["reviewed_at"])), bool(r["self_rated"])) for r in log])

    async def rate(self, user_id: int, item_id: str, answered_at: datetime, rating: int, card: CardState) -> bool:
        """Put the learner's `rating` on their review of `item_id` at `answered_at`, and its card rescheduled by
        that rating (`card`), in one transaction. Only once per review, and only while that review is still the
        card's last: False (nothing written) when it was rated already. Raises RatedSince when the card was
        reviewed again since (a newer answer's schedule stays)."""
        at = to_db(answered_at)
        async with self.db.transaction() as tx:
            if await tx.execute(
                    "UPDATE review_log SET rating = ?, self_rated = 1 WHERE user_id = ? AND item_id = ?"
                    " AND reviewed_at = ? AND self_rated = 0", (rating, user_id, item_id, at)) == 0:
                return False
            # the card's row is what a newer answer writes too: this update waits for it, then finds the newer
            # last_review and changes nothing, and the log's rating above is rolled back with it
            if await tx.execute(
                    "UPDATE review_cards SET state = ?, step = ?, stability = ?, difficulty = ?, due = ?,"
                    " last_review = ? WHERE user_id = ? AND item_id = ? AND last_review = ?",
                    (card.state, card.step, card.stability, card.difficulty, to_db(card.due),
                     to_db(card.last_review) if card.last_review else None, user_id, item_id, at)) == 0:
                raise RatedSince()
        return True
