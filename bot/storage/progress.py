"""Read models for progress, streaks, reviews and leaderboards."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

from bot.storage.database import Database
from bot.storage.timefmt import from_db, to_db


class ItemRecord(NamedTuple):  # a tuple: /progress builds one per question a learner has answered
    item_id: str
    answered: int
    correct: int
    last_correct: bool


@dataclass(frozen=True)
class LeaderRow:
    user_id: int
    correct: int
    answered: int


# read straight from the covering index scores_rank, in its order (migration 0005): no table rows, no sort
LEADERBOARD = ("SELECT s.user_id, s.correct, s.answered FROM scores s"
               " LEFT JOIN learners l ON l.user_id = s.user_id"
               " WHERE s.guild_id = ? AND s.period = ? AND COALESCE(l.leaderboard_opt_out, 0) = 0"
               " ORDER BY s.correct DESC, s.answered ASC, s.user_id LIMIT ?")  # parameters: guild, period, limit


@dataclass(frozen=True)
class Standing:
    """What /progress shows, read at once from one snapshot of the database."""
    answered: set[str]  # ids of the items answered at least once
    mastered: set[str]  # ids of the items whose review card is stable for at least `mastered_days`
    answers: int  # answers in all
    correct: int  # right answers in all
    topics_read: set[str]
    due: set[str]  # ids of the items due for review
    days: set[str]  # days with activity (the latest `days_limit`)


# /progress reads each learner's sets as one string per set, joined by SQLite (group_concat) and split here:
# a heavy learner has hundreds of rows in them, and a Python tuple per row was most of the read. Ids are slugs
# and days are dates, so the unit separator (char 31) never occurs in them.
_SEP = "\x1f"
_ITEM_TOTALS = ("SELECT group_concat(item_id, char(31)), total(answered), total(correct) FROM item_progress"
                " WHERE user_id = ?")
# The learner's cards, one range of their primary key (user_id, item_id), read once for both sets: the cards
# mastered and the cards due. Mastery needs every card anyway, so the due ones come from the same pass rather
# than a second walk over review_cards_due.
_CARDS = ("SELECT group_concat(CASE WHEN stability >= ? THEN item_id END, char(31)),"
          " group_concat(CASE WHEN due <= ? THEN item_id END, char(31)) FROM review_cards WHERE user_id = ?")
_TOPICS_READ = "SELECT group_concat(topic_id, char(31)) FROM topics_read WHERE user_id = ?"
_DAYS = ("SELECT group_concat(day, char(31)) FROM"
         " (SELECT day FROM activity_days WHERE user_id = ? ORDER BY day DESC LIMIT ?)")


def _joined(value: str | None) -> set[str]:
    return set(value.split(_SEP)) if value else set()


def _standing(cursor: sqlite3.Cursor, user_id: int, now: datetime, mastered_days: float, days_limit: int) -> Standing:
    answered, answers, correct = cursor.execute(_ITEM_TOTALS, (user_id,)).fetchone()
    mastered, due = cursor.execute(_CARDS, (mastered_days, to_db(now), user_id)).fetchone()
    (topics,) = cursor.execute(_TOPICS_READ, (user_id,)).fetchone()
    (days,) = cursor.execute(_DAYS, (user_id, days_limit)).fetchone()
    return Standing(_joined(answered), _joined(mastered), int(answers), int(correct), _joined(topics),
                    _joined(due), _joined(days))


def _item_records(cursor: sqlite3.Cursor, user_id: int) -> dict[str, ItemRecord]:
    rows = cursor.execute("SELECT item_id, answered, correct, last_correct FROM item_progress WHERE user_id = ?",
                          (user_id,)).fetchall()
    return {r[0]: ItemRecord(r[0], r[1], r[2], r[3] == 1) for r in rows}


def _activity_days(cursor: sqlite3.Cursor, user_id: int, limit: int) -> list[str]:
    rows = cursor.execute("SELECT day FROM activity_days WHERE user_id = ? ORDER BY day DESC LIMIT ?",
                          (user_id, limit)).fetchall()
    return [r[0] for r in rows]


def _topics_read(cursor: sqlite3.Cursor, user_id: int) -> set[str]:
    return {r[0] for r in cursor.execute("SELECT topic_id FROM topics_read WHERE user_id = ?", (user_id,))}


def _due_items(cursor: sqlite3.Cursor, user_id: int, now: datetime, limit: int) -> list[str]:
    rows = cursor.execute("SELECT item_id FROM review_cards WHERE user_id = ? AND due <= ? ORDER BY due LIMIT ?",
                          (user_id, to_db(now), limit)).fetchall()
    return [r[0] for r in rows]


class ProgressRepository:
    def __init__(self, db: Database):
        self.db = db

    async def item_records(self, user_id: int) -> dict[str, ItemRecord]:
        """Per item: how often answered, how often right, and whether the latest answer was right (from the
        per-question aggregate the answers keep up to date: migration 0004)."""
        return await self.db.read(lambda cursor: _item_records(cursor, user_id))

    async def activity_days(self, user_id: int, limit: int = 400) -> list[str]:
        return await self.db.read(lambda cursor: _activity_days(cursor, user_id, limit))

    async def topics_read(self, user_id: int) -> set[str]:
        return await self.db.read(lambda cursor: _topics_read(cursor, user_id))

    async def due_items(self, user_id: int, now: datetime, limit: int = 50) -> list[str]:
        return await self.db.read(lambda cursor: _due_items(cursor, user_id, now, limit))

    async def next_due(self, user_id: int, after: datetime) -> datetime | None:
        """When the learner's next review falls due after `after` (None: no card waits)."""
        def read(cursor: sqlite3.Cursor) -> datetime | None:
            (due,) = cursor.execute("SELECT min(due) FROM review_cards WHERE user_id = ? AND due > ?",
                                    (user_id, to_db(after))).fetchone()
            return from_db(due)
        return await self.db.read(read)

    async def standing(self, user_id: int, now: datetime, mastered_days: float, days_limit: int = 400) -> Standing:
        """Items answered and mastered (review card stable for `mastered_days` or more), totals, topics read,
        reviews due and active days: one short read (not one per figure), and figures that agree with each other
        (no answer lands between two of the reads)."""
        return await self.db.read(
            lambda cursor: _standing(cursor, user_id, now, mastered_days, days_limit), short=True)

    async def leaderboard(self, guild_id: int, period: str, limit: int = 10) -> list[LeaderRow]:
        rows = await self.db.read(lambda cursor: cursor.execute(LEADERBOARD, (guild_id, period, limit)).fetchall(),
                                  short=True)
        return [LeaderRow(*r) for r in rows]


class ReadingRepository:
    """What a learner has read: topics opened and quotes shown."""

    def __init__(self, db: Database):
        self.db = db

    async def mark_read(self, user_id: int, topic_id: str, now: datetime) -> None:
        await self.db.execute(
            "INSERT INTO topics_read (user_id, topic_id, first_read_at, last_read_at) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (user_id, topic_id) DO UPDATE SET last_read_at = excluded.last_read_at",
            (user_id, topic_id, to_db(now), to_db(now)))

    async def quotes_seen(self, user_id: int) -> set[str]:
        rows = await self.db.fetchall("SELECT quote_id FROM quotes_seen WHERE user_id = ?", (user_id,))
        return {r["quote_id"] for r in rows}

    async def mark_quote_seen(self, user_id: int, quote_id: str, now: datetime, forget: list[str]) -> None:
        """Record `quote_id` as seen; first forget `forget` (a pool used up starts again)."""
        def change(conn: sqlite3.Connection) -> None:
            conn.executemany("DELETE FROM quotes_seen WHERE user_id = ? AND quote_id = ?",
                             [(user_id, q) for q in forget])
            conn.execute(
                "INSERT INTO quotes_seen (user_id, quote_id, seen_at) VALUES (?, ?, ?)"
                " ON CONFLICT (user_id, quote_id) DO UPDATE SET seen_at = excluded.seen_at",
                (user_id, quote_id, to_db(now)))

        await self.db.write(change)
