"""Quiz sessions, their questions, and recording an answer with everything that follows from it."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import NamedTuple

import orjson

from bot.domain.review import CardState, ReviewEvent
from bot.domain.shards import ALL, Shards
from bot.storage.engine import Database, Row
from bot.storage.errors import StorageError
from bot.storage.sharding import owned
from bot.storage.timefmt import from_db, to_db


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
    paused_left: int | None = None  # a paused group quiz: the seconds its question had left (None: not paused)
    stopped_at: datetime | None = None  # a stopped group quiz: when (its results and scoreboard follow)


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
    day: str  # the learner's activity day, 'YYYY-MM-DD' in their zone (days stored before zones were UTC days)
    week: str  # the leaderboard week, 'YYYY-Www'


class AnswerState(NamedTuple):
    """What an answer is checked against, read at once: the quiz, the question, the learner's past answer to it,
    their score in the quiz so far (right, answered) and their review card of the question's item."""

    session: SessionRow | None
    question: QuestionRow | None
    past: PastAnswer | None
    so_far: tuple[int, int]
    card: CardState | None
    timezone: str | None = None  # the learner's zone (learners.timezone), in which the answer's day is counted
    last_day: str | None = None  # the learner's latest activity day, 'YYYY-MM-DD' (None: none yet)
    card_version: str | None = None  # opaque: the card as read, which `record_answer` checks it still is


# the learner's answer to the question, if any (attempts_once: at most one)
_AT_COLUMNS = ("SELECT s.*, q.item_id, q.display_order, q.closes_at, q.message_id, q.shown,"
               " a.answer AS past_answer, a.correct AS past_correct")
_AT_FROM = (" FROM quiz_sessions s LEFT JOIN quiz_questions q ON q.session_id = s.id AND q.position = ?"
            " LEFT JOIN attempts a ON a.session_id = s.id AND a.position = q.position AND a.user_id = ?")
_AT = _AT_COLUMNS + _AT_FROM + " WHERE s.id = ?"  # parameters: position, user_id, session_id
# An answer's check reads the running score, the learner's zone and latest activity day (the service counts the
# answer's day in that zone, and has it recorded unless it is that latest day: the last entry of activity_days'
# key, one index probe) and their review card of the question's item with the rest: one statement. The card's
# columns are renamed (the session has a `difficulty` too).
_ANSWER_AT = (_AT_COLUMNS + ", (SELECT COUNT(*) FROM attempts x WHERE x.session_id = s.id AND x.user_id = ?)"
              " AS so_far_answered, (SELECT COALESCE(SUM(x.correct), 0) FROM attempts x"
              " WHERE x.session_id = s.id AND x.user_id = ?) AS so_far_right"
              ", (SELECT l.timezone FROM learners l WHERE l.user_id = ?) AS timezone"
              ", (SELECT MAX(d.day) FROM activity_days d WHERE d.user_id = ?) AS last_day"
              ", c.state AS card_state, c.step AS card_step, c.stability AS card_stability,"
              " c.difficulty AS card_difficulty, c.due AS card_due, c.last_review AS card_last_review" + _AT_FROM
              + " LEFT JOIN review_cards c ON c.user_id = ? AND c.item_id = q.item_id"
              " WHERE s.id = ?")  # parameters: user_id x4, position, user_id, user_id, session_id

# shown_at: when the next question is shown, which item statistics time answers from (migration 0023)
_ADVANCE = ("UPDATE quiz_sessions SET position = position + 1, shown_at = ?,"
            " status = CASE WHEN position + 1 >= length THEN 'finished' ELSE status END,"
            " finished_at = CASE WHEN position + 1 >= length THEN ? ELSE finished_at END"
            " WHERE id = ? AND position = ? AND status = 'active'")  # parameters: now, now, session_id, position

# A group quiz that takes answers and moves on by its timer (not paused, not stopped), as `s`
_RUNNING = "s.mode = 'group' AND s.status = 'active' AND s.paused_left IS NULL AND s.stopped_at IS NULL"
# A question closed now (unless it closed before): parameters now, session_id, position, now
_CLOSE_NOW = ("UPDATE quiz_questions SET closes_at = ? WHERE session_id = ? AND position = ?"
              " AND (closes_at IS NULL OR closes_at > ?)")

# An answer and all that follows from it, in one statement (migration 0009's view and trigger). The trigger
# stores it only while its question is still the quiz's open one and the learner has not answered it, so a timer
# closing the question or a second click between the service's read and this write cannot slip one in.
_REFUSED = ("answer refused", "attempts_once")
_OUTCOME = ("INSERT INTO answer_outcomes (user_id, guild_id, session_id, position, item_id, answer, correct,"
            " answered_at, day, week, new_day, card_state, card_step, card_stability, card_difficulty, card_due,"
            " card_last_review, rating, reviewed_at, card_was_due)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")


def _at(row: Row | None, session_id: int,
        position: int) -> tuple[SessionRow | None, QuestionRow | None, PastAnswer | None]:
    if row is None:
        return None, None, None
    question = None if row["item_id"] is None else _question(row, session_id, position)
    past = None if row["past_answer"] is None else PastAnswer(row["past_answer"], bool(row["past_correct"]))
    return _session(row), question, past


def _question(row: Row, session_id: int, position: int) -> QuestionRow:
    shown = row["shown"]
    return QuestionRow(session_id, position, row["item_id"], tuple(orjson.loads(row["display_order"])),
                       from_db(row["closes_at"]), row["message_id"],
                       None if shown is None else tuple(orjson.loads(shown)))


def _session(row: Row) -> SessionRow:
    return SessionRow(row["id"], row["user_id"], row["guild_id"], row["channel_id"], row["mode"],
                      row["topic_id"], row["difficulty"], row["lang"], row["length"], row["position"],
                      row["status"], from_db(row["created_at"]), row["seconds"], row["paused_left"],
                      from_db(row["stopped_at"]))


def _card(row: Row | None) -> CardState | None:
    """The review card read by `_ANSWER_AT` (None: the learner has none for this item yet)."""
    if row is None or row["card_state"] is None:
        return None
    return CardState(row["card_state"], row["card_step"], row["card_stability"], row["card_difficulty"],
                     from_db(row["card_due"]), from_db(row["card_last_review"]))


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
        the channel: a unique index allows one, and a start that loses the race to it writes nothing."""
        try:
            async with self.db.transaction() as tx:
                if mode == "group" and await tx.fetchone(
                        "SELECT 1 FROM quiz_sessions WHERE mode = 'group' AND status = 'active' AND channel_id = ?",
                        (channel_id,)):
                    return None
                if replace_active:
                    await tx.execute(
                        "UPDATE quiz_sessions SET status = 'abandoned', finished_at = ?"
                        " WHERE user_id = ? AND mode = ? AND status = 'active'", (to_db(now), user_id, mode))
                session_id = await tx.scalar(
                    "INSERT INTO quiz_sessions (user_id, guild_id, channel_id, mode, topic_id, difficulty, lang,"
                    " length, created_at, seconds) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                    (user_id, guild_id, channel_id, mode, topic_id, difficulty, lang, len(questions), to_db(now),
                     seconds))
                await tx.executemany(
                    "INSERT INTO quiz_questions (session_id, position, item_id, display_order, shown)"
                    " VALUES (?, ?, ?, ?, ?)",
                    [(session_id, i, item_id, json.dumps(list(order)), json.dumps(list(shown)))
                     for i, (item_id, order, shown) in enumerate(questions)])
                return int(session_id)
        except StorageError as error:
            if mode == "group" and error.kind == "conflict":
                return None  # another start in the channel committed first
            raise

    async def session(self, session_id: int) -> SessionRow | None:
        row = await self.db.fetchone("SELECT * FROM quiz_sessions WHERE id = ?", (session_id,))
        return _session(row) if row else None

    async def question(self, session_id: int, position: int) -> QuestionRow | None:
        row = await self.db.fetchone(
            "SELECT * FROM quiz_questions WHERE session_id = ? AND position = ?", (session_id, position))
        return None if row is None else _question(row, session_id, position)

    async def at(self, session_id: int, position: int,
                 user_id: int) -> tuple[SessionRow | None, QuestionRow | None, PastAnswer | None]:
        """The session, its question at `position`, and `user_id`'s answer to it (Nones for what is not there)."""
        return _at(await self.db.fetchone(_AT, (position, user_id, session_id)), session_id, position)

    async def answer_state(self, session_id: int, position: int, user_id: int) -> AnswerState:
        """What an answer to the question at `position` is checked against, in one read."""
        row = await self.db.fetchone(_ANSWER_AT, (user_id, user_id, user_id, user_id, position, user_id, user_id,
                                                  session_id))
        session, question, past = _at(row, session_id, position)
        if row is None:
            return AnswerState(session, question, past, (0, 0), None)
        return AnswerState(session, question, past, (int(row["so_far_right"]), int(row["so_far_answered"])),
                           _card(row), row["timezone"], row["last_day"], row["card_due"])

    async def session_attempts(self, session_id: int, user_id: int | None = None) -> list[Row]:
        sql = "SELECT user_id, position, item_id, correct FROM attempts WHERE session_id = ?"
        params: tuple = (session_id,)
        if user_id is not None:
            sql += " AND user_id = ?"
            params += (user_id,)
        return await self.db.fetchall(sql + " ORDER BY position", params)

    async def advance(self, session_id: int, from_position: int, now: datetime) -> bool:
        """Move to the next question if the session is still at `from_position` (so two clicks on Next move it
        on once); finish after the last."""
        return await self.db.execute(_ADVANCE, (to_db(now), to_db(now), session_id, from_position)) == 1

    async def advance_answered(self, session_id: int, from_position: int, user_id: int, now: datetime) -> bool:
        """`advance`, only for the learner's own solo or review quiz whose question at `from_position` they have
        answered: a learner's Next, in one statement. False (nothing changed) for anything else."""
        return await self.db.execute(
            _ADVANCE + " AND mode <> 'group' AND user_id = ? AND EXISTS (SELECT 1 FROM attempts a"
            " WHERE a.session_id = quiz_sessions.id AND a.position = quiz_sessions.position AND a.user_id = ?)",
            (to_db(now), to_db(now), session_id, from_position, user_id, user_id)) == 1

    async def set_closes_at(self, session_id: int, position: int, closes_at: datetime) -> None:
        await self.db.execute("UPDATE quiz_questions SET closes_at = ? WHERE session_id = ? AND position = ?",
                              (to_db(closes_at), session_id, position))

    async def open_question(self, session_id: int, position: int, closes_at: datetime) -> bool:
        """Set a group question's closing time before it is posted, unless the quiz was paused, stopped or moved
        on meanwhile (False: nothing changed, and the question is not posted now)."""
        return await self.db.execute(
            "UPDATE quiz_questions SET closes_at = ? WHERE session_id = ? AND position = ? AND EXISTS (SELECT 1"
            f" FROM quiz_sessions s WHERE {_RUNNING} AND s.id = quiz_questions.session_id"
            " AND s.position = quiz_questions.position)", (to_db(closes_at), session_id, position)) == 1

    async def pause(self, session_id: int, position: int, left: int, now: datetime) -> bool:
        """Pause a running group quiz at its question `position`, which had `left` seconds: the question closes
        now (the answer trigger refuses what comes after) until `resume`. False if it is not running at
        `position`, or is paused or stopped already."""
        async with self.db.transaction() as tx:
            if await tx.execute(f"UPDATE quiz_sessions AS s SET paused_left = ? WHERE {_RUNNING} AND s.id = ?"
                                " AND s.position = ?", (left, session_id, position)) != 1:
                return False
            await tx.execute(_CLOSE_NOW, (to_db(now), session_id, position, to_db(now)))
            return True

    async def resume(self, session_id: int, position: int, closes_at: datetime) -> bool:
        """Take up a paused group quiz at its question `position`, which now closes at `closes_at`. False if it
        is not paused there."""
        async with self.db.transaction() as tx:
            if await tx.execute(
                    "UPDATE quiz_sessions SET paused_left = NULL WHERE id = ? AND position = ? AND status = 'active'"
                    " AND paused_left IS NOT NULL AND stopped_at IS NULL", (session_id, position)) != 1:
                return False
            await tx.execute("UPDATE quiz_questions SET closes_at = ? WHERE session_id = ? AND position = ?",
                             (to_db(closes_at), session_id, position))
            return True

    async def skip(self, session_id: int, position: int, now: datetime) -> bool:
        """Close a group quiz's question `position` now (taking the quiz out of a pause): its results follow, then
        the next question. False if the quiz is not at `position` any more, or was stopped."""
        async with self.db.transaction() as tx:
            if await tx.execute(
                    "UPDATE quiz_sessions SET paused_left = NULL WHERE id = ? AND position = ? AND status = 'active'"
                    " AND stopped_at IS NULL", (session_id, position)) != 1:
                return False
            await tx.execute(_CLOSE_NOW, (to_db(now), session_id, position, to_db(now)))
            return True

    async def stop(self, session_id: int, now: datetime) -> bool:
        """Stop a group quiz for good: its current question closes now; the quiz's step then shows its results and
        the scoreboard so far, and ends it. False if it was not running."""
        async with self.db.transaction() as tx:
            if await tx.execute(
                    "UPDATE quiz_sessions SET stopped_at = ?, paused_left = NULL WHERE id = ? AND status = 'active'"
                    " AND mode = 'group' AND stopped_at IS NULL", (to_db(now), session_id)) != 1:
                return False
            position = await tx.scalar("SELECT position FROM quiz_sessions WHERE id = ?", (session_id,))
            await tx.execute(_CLOSE_NOW, (to_db(now), session_id, position, to_db(now)))
            return True

    async def set_message(self, session_id: int, position: int, message_id: int) -> None:
        await self.db.execute("UPDATE quiz_questions SET message_id = ? WHERE session_id = ? AND position = ?",
                              (message_id, session_id, position))

    async def running_groups(self, channel_id: int | None = None,
                             shards: Shards = ALL) -> list[tuple[int, int]]:
        """Group quizzes still running (in one channel, or anywhere) in the servers of `shards`, as (session
        id, channel id)."""
        mine, params = owned(shards)
        sql = "SELECT id, channel_id FROM quiz_sessions WHERE mode = 'group' AND status = 'active'" + mine
        if channel_id is not None:
            sql += " AND channel_id = ?"
            params = (*params, channel_id)
        return [(r["id"], r["channel_id"]) for r in await self.db.fetchall(sql + " ORDER BY id", params)]

    async def question_answers(self, session_id: int, position: int) -> list[Row]:
        return await self.db.fetchall(
            "SELECT user_id, answer, correct FROM attempts WHERE session_id = ? AND position = ?"
            " ORDER BY answered_at, id", (session_id, position))

    async def scoreboard(self, session_id: int) -> list[Row]:
        return await self.db.fetchall(
            "SELECT user_id, SUM(correct) AS correct, COUNT(*) AS answered FROM attempts WHERE session_id = ?"
            " GROUP BY user_id ORDER BY SUM(correct) DESC, MIN(answered_at), user_id", (session_id,))

    async def prune_abandoned(self, before: datetime, batch: int = 500) -> int:
        """Delete quizzes abandoned (replaced by a newer start, or stopped) before `before`, with their questions,
        a bounded batch per write so other learners' clicks never wait long. The answers given in them stay
        (attempts keep everything but the session's id). Returns how many quizzes went."""
        total = 0
        while (removed := await self.db.execute(
                "DELETE FROM quiz_sessions WHERE id IN (SELECT id FROM quiz_sessions"
                " WHERE status = 'abandoned' AND finished_at < ? LIMIT ?)", (to_db(before), batch))) > 0:
            total += removed
        return total

    async def end(self, session_id: int, status: str, now: datetime) -> None:
        await self.db.execute(
            "UPDATE quiz_sessions SET status = ?, finished_at = COALESCE(finished_at, ?) WHERE id = ?",
            (status, to_db(now), session_id))

    async def record_answer(self, record: AnswerRecord, card: CardState, event: ReviewEvent, *,
                            new_day: bool = True, card_version: str | None = None) -> bool:
        """Store one answer with all that follows from it: the learner's activity day (unless `new_day` is False:
        they had one for that day already), the server's scores, the review card (`card`, already rescheduled)
        and its log entry. One statement, so one trip to the database: the view `answer_outcomes`, whose trigger
        writes each row (migrations 0009, 0020, 0021). False, writing nothing, when the question is no longer open for
        it (answered meanwhile, moved on, closed or ended), or when the learner's card is no longer the one read
        (`card_version`, from `AnswerState`: `card` was rescheduled from it)."""
        at = to_db(record.at)

        def stamp(when: datetime) -> str:  # the card's review time and the log's are the answer's: converted once
            return at if when == record.at else to_db(when)

        try:
            await self.db.execute(_OUTCOME, (
                record.user_id, record.guild_id, record.session_id, record.position, record.item_id, record.answer,
                int(record.correct), at, record.day, record.week, int(new_day), card.state, card.step,
                card.stability, card.difficulty, stamp(card.due), stamp(card.last_review) if card.last_review else None,
                event.rating, stamp(event.reviewed_at), card_version))
        except StorageError as error:
            # refused by the trigger, or (PostgreSQL) a concurrent answer took its key (attempts_once) first
            if error.kind == "conflict" and any(mark in str(error) for mark in _REFUSED):
                return False
            raise
        return True
