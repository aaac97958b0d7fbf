"""Flashcards: a learner's cards (FSRS state per glossary term or quote) and the deck they are going through."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.domain.review import CardState
from bot.storage.engine import SEPARATOR, Database, Dialect, Row
from bot.storage.timefmt import from_db, to_db

_CARDS = ("SELECT card_id, state, step, stability, difficulty, due, last_review FROM flashcard_cards"
          " WHERE user_id = ?")
# With the deck, the learner's zone and latest activity day (the last entry of activity_days' key): a rating
# counts for the learner's day in their zone, recorded unless it is that latest day, at no trip of its own.
_DECK = ("SELECT topic_id, lang, card_id, reviewed, (SELECT l.timezone FROM learners l WHERE l.user_id = d.user_id)"
         " AS timezone, (SELECT MAX(a.day) FROM activity_days a WHERE a.user_id = d.user_id) AS last_day"
         " FROM flashcard_decks d WHERE d.user_id = ?")
_SAVE_CARD = ("INSERT INTO flashcard_cards (user_id, card_id, state, step, stability, difficulty, due, last_review)"
              " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (user_id, card_id) DO UPDATE SET state = excluded.state,"
              " step = excluded.step, stability = excluded.stability, difficulty = excluded.difficulty,"
              " due = excluded.due, last_review = excluded.last_review")
_NEW_DAY = "INSERT INTO activity_days (user_id, day) VALUES (?, ?) ON CONFLICT DO NOTHING"
_COUNT_MINUTE = ("INSERT INTO flashcard_minutes (user_id, minute, ratings) VALUES (?, ?, 1) ON CONFLICT (user_id,"
                 " minute) DO UPDATE SET ratings = flashcard_minutes.ratings + 1")


@dataclass(frozen=True)
class Deck:
    topic_id: str | None  # None: the whole course
    lang: str
    card_id: str | None  # the card shown (None: none left when it was last moved on)
    reviewed: int  # cards rated in it
    timezone: str | None = None  # the learner's zone (learners.timezone), in which a rating's day is counted
    last_day: str | None = None  # the learner's latest activity day, 'YYYY-MM-DD' (None: none yet)


# a card as /progress reads it (see standing_sql)
CARD_STANDING = "card_id || '=' || CAST(state AS TEXT) || CASE WHEN due <= ? THEN '=due' ELSE '' END"


def standing_sql(dialect: Dialect) -> str:
    """/progress's read of the learner's flashcards, a subquery of its snapshot: each card as one text,
    'term:soviet=2' (id and fsrs state), '=due' added when it is due at the first parameter (the second: the
    user). Joined as /progress's other sets are (bot/storage/progress.py)."""
    return f"SELECT {dialect.join(CARD_STANDING)} FROM flashcard_cards WHERE user_id = ?"


def card_standings(joined: str | None) -> dict[str, tuple[int, bool]]:
    """`standing_sql`'s text: card id -> (fsrs state, due now)."""
    out = {}
    for text in joined.split(SEPARATOR) if joined else ():
        card, state, *due = text.split("=")
        out[card] = (int(state), bool(due))
    return out


def _card(row: Row) -> CardState:
    return CardState(row["state"], row["step"], row["stability"], row["difficulty"], from_db(row["due"]),
                     from_db(row["last_review"]))


class FlashcardRepository:
    def __init__(self, db: Database):
        self.db = db

    async def cards(self, user_id: int) -> dict[str, CardState]:
        return {row["card_id"]: _card(row) for row in await self.db.fetchall(_CARDS, (user_id,))}

    async def deck(self, user_id: int) -> tuple[Deck | None, dict[str, CardState]]:
        """The learner's deck (None: none open) and their cards, from one snapshot."""
        async with self.db.snapshot() as tx:
            row = await tx.fetchone(_DECK, (user_id,))
            cards = {r["card_id"]: _card(r) for r in await tx.fetchall(_CARDS, (user_id,))}
        deck = None if row is None else Deck(row["topic_id"], row["lang"], row["card_id"], row["reviewed"],
                                             row["timezone"], row["last_day"])
        return deck, cards

    async def open(self, user_id: int, topic_id: str | None, lang: str, card_id: str, now: datetime) -> None:
        """A new deck for the learner, showing `card_id`: it replaces the one they had."""
        await self.db.execute(
            "INSERT INTO flashcard_decks (user_id, topic_id, lang, card_id, reviewed, opened_at)"
            " VALUES (?, ?, ?, ?, 0, ?) ON CONFLICT (user_id) DO UPDATE SET topic_id = excluded.topic_id,"
            " lang = excluded.lang, card_id = excluded.card_id, reviewed = 0, opened_at = excluded.opened_at",
            (user_id, topic_id, lang, card_id, to_db(now)))

    async def rate(self, user_id: int, card_id: str, card: CardState, next_card: str | None, at: datetime,
                   new_day: str | None = None) -> bool:
        """The rated card's new schedule, the deck moved on to `next_card`, and the learner's activity (the
        rating counted in its minute `at` for the calendar, and `new_day` recorded for the streak unless None)
        in one transaction: only while the deck still shows `card_id` (False, writing nothing, once it has
        moved on)."""
        async with self.db.transaction() as tx:
            if await tx.execute("UPDATE flashcard_decks SET card_id = ?, reviewed = reviewed + 1"
                                " WHERE user_id = ? AND card_id = ?", (next_card, user_id, card_id)) == 0:
                return False
            await tx.execute(_SAVE_CARD, (
                user_id, card_id, card.state, card.step, card.stability, card.difficulty, to_db(card.due),
                to_db(card.last_review) if card.last_review else None))
            if new_day is not None:
                await tx.execute(_NEW_DAY, (user_id, new_day))
            await tx.execute(_COUNT_MINUTE, (user_id, to_db(at.replace(second=0, microsecond=0))))
        return True

    async def stop(self, user_id: int, card_id: str) -> int | None:
        """Close the learner's deck if it still shows `card_id`: the cards rated in it (None: it had moved on)."""
        async with self.db.transaction() as tx:
            return await tx.scalar("DELETE FROM flashcard_decks WHERE user_id = ? AND card_id = ? RETURNING reviewed",
                                   (user_id, card_id))
