"""Quiz sessions, their questions, and recording an answer with everything that follows from it."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple, TypeVar

import aiosqlite
import orjson

from bot.domain.review import CardState, ReviewEvent
from bot.storage.database import Database
from bot.storage.timefmt import from_db, to_db

R = TypeVar("R")


class SessionRow(NamedTuple):  # named tuples: built on every click, and a frozen dataclass is slower to build
    id: int
    user_id: int
    guild_id: int | None
    channel_id: int | None
    mode: str
    topic_id: str | None
    difficulty: int | None
    lang: str
    length: int
    position: int
    status: str
    created_at: datetime
    seconds: int | None = None  # group quizzes: time to answer each question


class QuestionRow(NamedTuple):
    session_id: int
    position: int
    item_id: str
    display_order: tuple[int, ...]
    closes_at: datetime | None
    message_id: int | None = None  # group quizzes: the channel message showing this question
    shown: tuple[str, ...] | None = None  # each shown choice's key, in display order (None: an older row)


class PastAnswer(NamedTuple):
    """The answer a learner already gave to a question: as stored, and whether it was right."""

    answer: str
    correct: bool


@dataclass(frozen=True)
class AnswerRecord:
    user_id: int
    guild_id: int | None
    session_id: int | None
    position: int | None
    item_id: str
    answer: str
    correct: bool
    at: datetime
    day: str  # the learner's activity day, 'YYYY-MM-DD'
    week: str  # the leaderboard week, 'YYYY-Www'


# the learner's answer to the question, if any (attempts_once: at most one)
_AT_COLUMNS = ("SELECT s.*, q.item_id, q.display_order, q.closes_at, q.message_id, q.shown,"
               " a.answer AS past_answer, a.correct AS past_correct")
_AT_FROM = (" FROM quiz_sessions s LEFT JOIN quiz_questions q ON q.session_id = s.id AND q.position = ?"
            " LEFT JOIN attempts a ON a.session_id = s.id AND a.position = q.position AND a.user_id = ?")
_AT = _AT_COLUMNS + _AT_FROM + " WHERE s.id = ?"  # parameters: position, user_id, session_id
# An answer's check also reads the learner's review card of the question's item: one statement, not two.
# The card's columns are renamed (the session has a `difficulty` too).
_ANSWER_AT = (_AT_COLUMNS + ", (SELECT COUNT(*) || ',' || COALESCE(SUM(x.correct), 0) FROM attempts x"
              " WHERE x.session_id = s.id AND x.user_id = ?) AS so_far"  # the running score, read with the rest
              ", c.state AS card_state, c.step AS card_step, c.stability AS card_stability,"
              " c.difficulty AS card_difficulty, c.due AS card_due, c.last_review AS card_last_review" + _AT_FROM
              + " LEFT JOIN review_cards c ON c.user_id = ? AND c.item_id = q.item_id"
              " WHERE s.id = ?")  # parameters: user_id, position, user_id, user_id, session_id


_ADVANCE = ("UPDATE quiz_sessions SET position = position + 1,"
            " status = CASE WHEN position + 1 >= length THEN 'finished' ELSE status END,"
            " finished_at = CASE WHEN position + 1 >= length THEN ? ELSE finished_at END"
            " WHERE id = ? AND position = ? AND status = 'active'")  # parameters: now, session_id, position


def _at(row: sqlite3.Row | None, session_id: int,
        position: int) -> tuple[SessionRow | None, QuestionRow | None, PastAnswer | None]:
    if row is None:
        return None, None, None
    question = None if row["item_id"] is None else _question(row, session_id, position)
    past = None if row["past_answer"] is None else PastAnswer(row["past_answer"], bool(row["past_correct"]))
    return _session(row), question, past


def _question(row: sqlite3.Row, session_id: int, position: int) -> QuestionRow:
    shown = row["shown"]
    return QuestionRow(session_id, position, row["item_id"], tuple(orjson.loads(row["display_order"])),
                       from_db(row["closes_at"]), row["message_id"],
                       None if shown is None else tuple(orjson.loads(shown)))


def _session(row: aiosqlite.Row) -> SessionRow:
    return SessionRow(row["id"], row["user_id"], row["guild_id"], row["channel_id"], row["mode"],
                      row["topic_id"], row["difficulty"], row["lang"], row["length"], row["position"],
                      row["status"], from_db(row["created_at"]), row["seconds"])


class QuizRepository:
    def __init__(self, db: Database):
        self.db = db

    async def create(self, *, user_id: int, guild_id: int | None, channel_id: int | None, mode: str,
                     topic_id: str | None, difficulty: int | None, lang: str, now: datetime,
                     questions: list[tuple[str, tuple[int, ...], tuple[str, ...]]], seconds: int | None = None,
                     replace_active: bool = False) -> int | None:
        """A new quiz session with its questions (item id, display order, the shown choices' keys); with
        `replace_active`, the learner's running quiz of the same mode is abandoned in the same transaction (so a
        failed start leaves the old quiz playable). A group quiz is not created (None) where one is running in
        the channel: the check and the insert are one transaction, and a unique index backs it."""
        def change(conn: sqlite3.Connection) -> int | None:
            if mode == "group" and conn.execute(
                    "SELECT 1 FROM quiz_sessions WHERE mode = 'group' AND status = 'active' AND channel_id = ?",
                    (channel_id,)).fetchone():
                return None
            if replace_active:
                conn.execute(
                    "UPDATE quiz_sessions SET status = 'abandoned', finished_at = ?"
                    " WHERE user_id = ? AND mode = ? AND status = 'active'", (to_db(now), user_id, mode))
            session_id = conn.execute(
                "INSERT INTO quiz_sessions (user_id, guild_id, channel_id, mode, topic_id, difficulty, lang,"
                " length, created_at, seconds) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (user_id, guild_id, channel_id, mode, topic_id, difficulty, lang, len(questions), to_db(now),
                 seconds),
            ).lastrowid
            conn.executemany(
                "INSERT INTO quiz_questions (session_id, position, item_id, display_order, shown)"
                " VALUES (?, ?, ?, ?, ?)",
                [(session_id, i, item_id, json.dumps(list(order)), json.dumps(list(shown)))
                 for i, (item_id, order, shown) in enumerate(questions)],
            )
            return int(session_id)

        return await self.db.write(change)

    async def session(self, session_id: int) -> SessionRow | None:
        row = await self.db.fetchone("SELECT * FROM quiz_sessions WHERE id = ?", (session_id,))
        return _session(row) if row else None

    async def question(self, session_id: int, position: int) -> QuestionRow | None:
        row = await self.db.fetchone(
            "SELECT * FROM quiz_questions WHERE session_id = ? AND position = ?", (session_id, position))
        return None if row is None else _question(row, session_id, position)

    async def session_attempts(self, session_id: int, user_id: int | None = None) -> list[aiosqlite.Row]:
        sql = "SELECT user_id, position, item_id, correct FROM attempts WHERE session_id = ?"
        params: tuple = (session_id,)
        if user_id is not None:
            sql += " AND user_id = ?"
            params += (user_id,)
        return await self.db.fetchall(sql + " ORDER BY position", params)

    async def advance(self, session_id: int, from_position: int, now: datetime) -> bool:
        """Move to the next question if the session is still at `from_position`; finish after the last."""
        return await self.db.execute(_ADVANCE, (to_db(now), session_id, from_position)) == 1

    async def move_on(self, session_id: int, from_position: int, user_id: int, now: datetime,
                      advance: Callable[[SessionRow, QuestionRow | None, bool], bool],
                      ) -> tuple[SessionRow | None, QuestionRow | None]:
        """Move on from `from_position` in one short write (see `Database.write`): `advance` gets the session, the
        question at `from_position` and whether `user_id` answered it (read inside the transaction), and raises
        (nothing is written) or says whether to advance. Returns the session and its question at the
        position it is at afterwards (None, None when there is no such session)."""

        def change(conn: sqlite3.Connection) -> tuple[SessionRow | None, QuestionRow | None]:
            session, row, past = _at(conn.execute(_AT, (from_position, user_id, session_id)).fetchone(),
                                     session_id, from_position)
            if session is None:
                return None, None
            position = session.position
            if advance(session, row, past is not None):
                conn.execute(_ADVANCE, (to_db(now), session_id, from_position))
                position = from_position + 1
            session, row, _ = _at(conn.execute(_AT, (position, user_id, session_id)).fetchone(),
                                  session_id, position)
            return session, row

        return await self.db.write(change, short=True)

    async def set_closes_at(self, session_id: int, position: int, closes_at: datetime) -> None:
        await self.db.execute("UPDATE quiz_questions SET closes_at = ? WHERE session_id = ? AND position = ?",
                              (to_db(closes_at), session_id, position))

    async def set_message(self, session_id: int, position: int, message_id: int) -> None:
        await self.db.execute("UPDATE quiz_questions SET message_id = ? WHERE session_id = ? AND position = ?",
                              (message_id, session_id, position))

    async def running_groups(self, channel_id: int | None = None) -> list[tuple[int, int]]:
        """Group quizzes still running (in one channel, or anywhere), as (session id, channel id)."""
        sql = "SELECT id, channel_id FROM quiz_sessions WHERE mode = 'group' AND status = 'active'"
        params: tuple = ()
        if channel_id is not None:
            sql += " AND channel_id = ?"
            params = (channel_id,)
        return [(r["id"], r["channel_id"]) for r in await self.db.fetchall(sql + " ORDER BY id", params)]

    async def question_answers(self, session_id: int, position: int) -> list[aiosqlite.Row]:
        return await self.db.fetchall(
            "SELECT user_id, answer, correct FROM attempts WHERE session_id = ? AND position = ?"
            " ORDER BY answered_at, id", (session_id, position))

    async def scoreboard(self, session_id: int) -> list[aiosqlite.Row]:
        return await self.db.fetchall(
            "SELECT user_id, SUM(correct) AS correct, COUNT(*) AS answered FROM attempts WHERE session_id = ?"
            " GROUP BY user_id ORDER BY correct DESC, MIN(answered_at), user_id", (session_id,))

    async def prune_abandoned(self, before: datetime, batch: int = 500) -> int:
        """Delete quizzes abandoned (replaced by a newer start, or stopped) before `before`, with their questions,
        a bounded batch per write so other learners' clicks never wait long. The answers given in them stay
        (attempts keep everything but the session's id). Returns how many quizzes went."""
        def change(conn: sqlite3.Connection) -> int:
            return conn.execute(
                "DELETE FROM quiz_sessions WHERE id IN (SELECT id FROM quiz_sessions"
                " WHERE status = 'abandoned' AND finished_at < ? LIMIT ?)", (to_db(before), batch)).rowcount

        total = 0
        while (removed := await self.db.write(change)) > 0:
            total += removed
        return total

    async def end(self, session_id: int, status: str, now: datetime) -> None:
        await self.db.execute(
            "UPDATE quiz_sessions SET status = ?, finished_at = COALESCE(finished_at, ?) WHERE id = ?",
            (status, to_db(now), session_id))

    async def answer(
        self, session_id: int, position: int, user_id: int,
        decide: Callable[[SessionRow | None, QuestionRow | None, PastAnswer | None, tuple[int, int]],
                         tuple[AnswerRecord | None, R]],
        reschedule: Callable[[CardState | None, bool], tuple[CardState, ReviewEvent]],
    ) -> R | None:
        """Check and store one answer in one transaction, one short write (see `Database.write`): `decide` gets
        the session, the question, the learner's past answer to it and their score in the quiz so far (right,
        answered), read inside the transaction (so nothing
        changes between the check and the write), and either raises (nothing is written) or returns the answer
        to store (None: nothing to store) and a result for the caller. The answer is stored with the learner's
        scores, activity day and review card (`reschedule` gets the card and whether the answer was right).
        Returns the result, or None (writing nothing) when an answer was stored meanwhile. `decide` and
        `reschedule` may run on another thread: pure functions."""

        def change(conn: sqlite3.Connection) -> R | None:
            row = conn.execute(_ANSWER_AT, (user_id, position, user_id, user_id, session_id)).fetchone()
            answered, right = (int(n) for n in row["so_far"].split(",")) if row is not None else (0, 0)
            record, result = decide(*_at(row, session_id, position), (right, answered))
            if record is None:
                return result
            return result if _record_answer(conn, record, _card(row), reschedule) else None

        return await self.db.write(change, short=True)


def _card(row: sqlite3.Row | None) -> CardState | None:
    """The review card read by `_ANSWER_AT` (None: the learner has none for this item yet)."""
    if row is None or row["card_state"] is None:
        return None
    return CardState(row["card_state"], row["card_step"], row["card_stability"], row["card_difficulty"],
                     from_db(row["card_due"]), from_db(row["card_last_review"]))


def _record_answer(conn: sqlite3.Connection, record: AnswerRecord, previous: CardState | None,
                   reschedule: Callable[[CardState | None, bool], tuple[CardState, ReviewEvent]]) -> bool:
    at = to_db(record.at)

    def stamp(when: datetime) -> str:  # the card's review time and the log's are the answer's: converted once
        return at if when == record.at else to_db(when)

    inserted = conn.execute(
        "INSERT OR IGNORE INTO attempts (user_id, guild_id, session_id, position, item_id, answer,"
        " correct, answered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (record.user_id, record.guild_id, record.session_id, record.position, record.item_id,
         record.answer, int(record.correct), at),
    ).rowcount
    if inserted != 1:
        return False
    conn.execute("INSERT OR IGNORE INTO activity_days (user_id, day) VALUES (?, ?)", (record.user_id, record.day))
    if record.guild_id is not None:  # the server's all-time and weekly scores, in one statement
        conn.execute(
            "INSERT INTO scores (guild_id, period, user_id, correct, answered)"
            " VALUES (?1, 'all', ?2, ?3, 1), (?1, ?4, ?2, ?3, 1)"
            " ON CONFLICT (guild_id, period, user_id) DO UPDATE SET"
            " correct = correct + excluded.correct, answered = answered + 1",
            (record.guild_id, record.user_id, int(record.correct), record.week),
        )
    card, event = reschedule(previous, record.correct)
    conn.execute(
        "INSERT INTO review_cards (user_id, item_id, state, step, stability, difficulty, due, last_review)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (user_id, item_id) DO UPDATE SET"
        " state = excluded.state, step = excluded.step, stability = excluded.stability,"
        " difficulty = excluded.difficulty, due = excluded.due, last_review = excluded.last_review",
        (record.user_id, record.item_id, card.state, card.step, card.stability, card.difficulty,
         stamp(card.due), stamp(card.last_review) if card.last_review else None),
    )
    conn.execute("INSERT INTO review_log (user_id, item_id, rating, reviewed_at) VALUES (?, ?, ?, ?)",
                 (record.user_id, record.item_id, event.rating, stamp(event.reviewed_at)))
    return True
