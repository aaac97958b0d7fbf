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
# in the order the card was rescheduled in: times are stored to the second, so two reviews may share one, and
# an answer's trigger writes the card before the log, one answer after another (0020's card check), so ids follow
_LOG = ("SELECT id, rating, reviewed_at, self_rated, session_id, position FROM review_log"
        " WHERE user_id = ? AND item_id = ? ORDER BY id")


@dataclass(frozen=True)
class LoggedReview:
    id: int
    event: ReviewEvent
    self_rated: bool
    answer: tuple[int, int] | None  # the quiz and question it answered (None: untold before migration 0021)


@dataclass(frozen=True)
class AnsweredQuestion:
    """A quiz's question as a rating finds it: the quiz, the learner's answer (item_id None: not answered) and
    that item's review log, oldest first; `logged` is the log row this answer wrote (None: not in the log)."""

    mode: str
    owner_id: int
    lang: str
    length: int
    item_id: str | None
    correct: bool
    answered_at: datetime | None
    log: list[LoggedReview]
    logged: LoggedReview | None


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
            rows = [] if row["item_id"] is None else await tx.fetchall(_LOG, (user_id, row["item_id"]))
        answered_at = from_db(row["answered_at"])
        log = [LoggedReview(r["id"], ReviewEvent(r["rating"], from_db(r["reviewed_at"])), bool(r["self_rated"]),
                            None if r["session_id"] is None else (r["session_id"], r["position"])) for r in rows]
        # the time too: a pruned quiz's id may be taken again by a newer quiz
        logged = next((r for r in log if r.answer == (session_id, position) and r.event.reviewed_at == answered_at),
                      None)
        return AnsweredQuestion(row["mode"], row["owner_id"], row["lang"], row["length"], row["item_id"],
                                bool(row["correct"]), answered_at, log, logged)

    async def rate(self, user_id: int, item_id: str, logged: LoggedReview, rating: int, card: CardState) -> bool:
        """Put the learner's `rating` on their review of `item_id` logged as `logged`, and its card rescheduled by
        that rating (`card`), in one transaction. Only once per review, and only while that review is still the
        card's last: False (nothing written) when it was rated already. Raises RatedSince when the card was
        reviewed again since (a newer answer's schedule stays)."""
        at = to_db(logged.event.reviewed_at)
        async with self.db.transaction() as tx:
            if await tx.execute("UPDATE review_log SET rating = ?, self_rated = 1 WHERE id = ? AND user_id = ?"
                                " AND self_rated = 0", (rating, logged.id, user_id)) == 0:
                return False
            # the card's row is what a newer answer writes too: this update waits for it, then finds the newer
            # last_review and changes nothing, and the log's rating above is rolled back with it
            if await tx.execute(
                    "UPDATE review_cards SET state = ?, step = ?, stability = ?, difficulty = ?, due = ?,"
                    " last_review = ? WHERE user_id = ? AND item_id = ? AND last_review = ?",
                    (card.state, card.step, card.stability, card.difficulty, to_db(card.due),
                     to_db(card.last_review) if card.last_review else None, user_id, item_id, at)) == 0:
                raise RatedSince()
            # a newer answer in the same second leaves last_review as it was: its log row tells. Asked after the
            # card's update, which holds the card, so an answer that wrote it first has its row here to be seen
            # (a statement of its own: on PostgreSQL it sees what was committed while the update waited)
            if await tx.fetchone("SELECT 1 FROM review_log WHERE user_id = ? AND item_id = ? AND id > ?",
                                 (user_id, item_id, logged.id)) is not None:
                raise RatedSince()
        return True
