"""Assignments, learners' takes on them, and the scheduler's claims on their reminder and summary (migration 0026;
the rules are in bot/services/assignments.py)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from bot.domain.assignments import Answer
from bot.domain.shards import ALL, Shards
from bot.storage.engine import Database, Row
from bot.storage.sharding import owned
from bot.storage.timefmt import from_db, to_db

REMIND, SUMMARY, DONE = "remind", "summary", "done"


@dataclass(frozen=True)
class AssignmentRow:
    id: int
    guild_id: int
    channel_id: int
    role_id: int | None
    topic_id: str
    items: tuple[str, ...]
    timezone: str
    due_at: datetime
    created_by: int
    lang: str
    created_at: datetime
    cancelled_at: datetime | None
    stage: str
    next_at: datetime | None
    claimed_at: datetime | None
    reminder_message_id: int | None = None
    summary_sent_to: str | None = None


@dataclass(frozen=True)
class Take:
    """A learner's take on an assignment: its quiz, questions, and their answers in it by the due time."""

    assignment_id: int
    user_id: int
    session_id: int | None
    total: int
    answered: int
    correct: int
    started_at: datetime

    @property
    def finished(self) -> bool:
        return self.answered >= self.total


def _assignment(r: Row) -> AssignmentRow:
    return AssignmentRow(
        id=r["id"], guild_id=r["guild_id"], channel_id=r["channel_id"], role_id=r["role_id"], topic_id=r["topic_id"],
        items=tuple(json.loads(r["items"])), timezone=r["timezone"], due_at=from_db(r["due_at"]),
        created_by=r["created_by"], lang=r["lang"], created_at=from_db(r["created_at"]),
        cancelled_at=from_db(r["cancelled_at"]), stage=r["stage"], next_at=from_db(r["next_at"]),
        claimed_at=from_db(r["claimed_at"]), reminder_message_id=r["reminder_message_id"],
        summary_sent_to=r["summary_sent_to"])


def _take(r: Row) -> Take:
    return Take(r["assignment_id"], r["user_id"], r["session_id"], r["total"], r["answered"], r["correct"],
                from_db(r["started_at"]))


class AssignmentRepository:
    def __init__(self, db: Database):
        self.db = db

    async def create(self, *, guild_id: int, channel_id: int, role_id: int | None, topic_id: str,
                     items: list[str], timezone: str, due_at: datetime, created_by: int, lang: str, now: datetime,
                     remind_at: datetime | None) -> int:
        """A new assignment; its first event is the reminder, or the summary when it gets no reminder."""
        stage, next_at = (REMIND, remind_at) if remind_at is not None else (SUMMARY, due_at)
        async with self.db.transaction() as tx:  # a write that returns its row's id
            return int(await tx.scalar(
                "INSERT INTO assignments (guild_id, channel_id, role_id, topic_id, items, timezone, due_at, created_by,"
                " lang, created_at, stage, next_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (guild_id, channel_id, role_id, topic_id, json.dumps(items), timezone, to_db(due_at), created_by,
                 lang, to_db(now), stage, to_db(next_at))))

    async def get(self, assignment_id: int) -> AssignmentRow | None:
        row = await self.db.fetchone("SELECT * FROM assignments WHERE id = ?", (assignment_id,))
        return _assignment(row) if row else None

    async def open_in(self, guild_id: int, now: datetime) -> list[AssignmentRow]:
        """The server's assignments not cancelled and not yet due, the soonest due first."""
        rows = await self.db.fetchall(
            "SELECT * FROM assignments WHERE guild_id = ? AND cancelled_at IS NULL AND due_at > ?"
            " ORDER BY due_at, id", (guild_id, to_db(now)))
        return [_assignment(r) for r in rows]

    async def recent_in(self, guild_id: int, limit: int = 25) -> list[AssignmentRow]:
        """The server's assignments not cancelled, the latest due first."""
        rows = await self.db.fetchall(
            "SELECT * FROM assignments WHERE guild_id = ? AND cancelled_at IS NULL ORDER BY due_at DESC, id DESC"
            " LIMIT ?", (guild_id, limit))
        return [_assignment(r) for r in rows]

    async def cancel(self, assignment_id: int, guild_id: int, now: datetime) -> bool:
        """Cancel an open assignment of this server: no reminder, no summary. False if there was none."""
        return await self.db.execute(
            "UPDATE assignments SET cancelled_at = ?, stage = ?, next_at = NULL, claimed_at = NULL"
            " WHERE id = ? AND guild_id = ? AND cancelled_at IS NULL AND due_at > ?",
            (to_db(now), DONE, assignment_id, guild_id, to_db(now))) == 1

    # -- learners' takes --

    async def take(self, assignment_id: int, user_id: int) -> Take | None:
        row = await self.db.fetchone(
            "SELECT * FROM assignment_results WHERE assignment_id = ? AND user_id = ?", (assignment_id, user_id))
        return _take(row) if row else None

    async def takes_of(self, user_id: int, assignment_ids: list[int]) -> dict[int, Take]:
        if not assignment_ids:
            return {}
        marks = ", ".join("?" * len(assignment_ids))
        rows = await self.db.fetchall(
            f"SELECT * FROM assignment_results WHERE user_id = ? AND assignment_id IN ({marks})",  # noqa: S608
            (user_id, *assignment_ids))
        return {r["assignment_id"]: _take(r) for r in rows}

    async def begin(self, assignment_id: int, user_id: int, session_id: int, total: int, now: datetime) -> bool:
        """Make `session_id` the learner's take, unless they have a finished one (False: theirs stands)."""
        return await self.db.execute(
            "INSERT INTO assignment_results (assignment_id, user_id, session_id, total, started_at)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (assignment_id, user_id) DO UPDATE"
            " SET session_id = excluded.session_id, total = excluded.total, answered = 0, correct = 0,"
            " started_at = excluded.started_at WHERE assignment_results.answered < assignment_results.total",
            (assignment_id, user_id, session_id, total, to_db(now))) == 1

    async def takes(self, assignment_id: int) -> list[Take]:
        rows = await self.db.fetchall(
            "SELECT * FROM assignment_results WHERE assignment_id = ? ORDER BY started_at, user_id", (assignment_id,))
        return [_take(r) for r in rows]

    async def counts(self, assignment_ids: list[int]) -> dict[int, tuple[int, int]]:
        """(started, finished) per assignment."""
        if not assignment_ids:
            return {}
        marks = ", ".join("?" * len(assignment_ids))
        rows = await self.db.fetchall(
            "SELECT assignment_id, COUNT(*) AS started, SUM(CASE WHEN answered >= total THEN 1 ELSE 0 END)"
            f" AS finished FROM assignment_results WHERE assignment_id IN ({marks})"  # noqa: S608
            " GROUP BY assignment_id", tuple(assignment_ids))
        return {r["assignment_id"]: (int(r["started"]), int(r["finished"] or 0)) for r in rows}

    async def answers(self, assignment_id: int) -> list[Answer]:
        """The answers that count: those of each take's quiz given by the due time."""
        rows = await self.db.fetchall(
            "SELECT t.user_id, a.item_id, a.correct FROM assignment_results t"
            " JOIN assignments s ON s.id = t.assignment_id"
            " JOIN attempts a ON a.session_id = t.session_id AND a.user_id = t.user_id AND a.answered_at <= s.due_at"
            " WHERE t.assignment_id = ? ORDER BY t.user_id, a.position", (assignment_id,))
        return [Answer(r["user_id"], r["item_id"], bool(r["correct"])) for r in rows]

    # -- the scheduler's side --

    async def due(self, now: datetime, limit: int = 100, shards: Shards = ALL) -> list[AssignmentRow]:
        """Assignments of `shards`' servers whose next event has come."""
        mine, params = owned(shards)
        rows = await self.db.fetchall(
            "SELECT * FROM assignments WHERE next_at IS NOT NULL AND next_at <= ?" + mine
            + " ORDER BY next_at LIMIT ?", (to_db(now), *params, limit))
        return [_assignment(r) for r in rows]

    async def earliest(self, shards: Shards = ALL) -> datetime | None:
        mine, params = owned(shards)
        return from_db(await self.db.scalar(
            "SELECT next_at FROM assignments WHERE next_at IS NOT NULL" + mine + " ORDER BY next_at LIMIT 1", params))

    async def claim(self, assignment_id: int, stage: str, previous: datetime | None, now: datetime,
                    look_again: datetime) -> bool:
        """Claim the post of `stage` before it is sent: only a claim as it was read (`previous`: none, or one
        left unconfirmed) is taken, so of two processes one wins. The row comes up again at `look_again` if the
        post is never confirmed."""
        same = "claimed_at IS NULL" if previous is None else "claimed_at = ?"
        params = () if previous is None else (to_db(previous),)
        return await self.db.execute(
            f"UPDATE assignments SET claimed_at = ?, next_at = ? WHERE id = ? AND stage = ? AND {same}",  # noqa: S608
            (to_db(now), to_db(look_again), assignment_id, stage, *params)) == 1

    async def reminded(self, assignment_id: int, message_id: int | None, now: datetime, due_at: datetime) -> None:
        """The reminder is out (or skipped: no message): the summary is next, at the due time."""
        await self.db.execute(
            "UPDATE assignments SET stage = ?, next_at = ?, claimed_at = NULL, reminded_at = ?,"
            " reminder_message_id = ? WHERE id = ? AND stage = ?",
            (SUMMARY, to_db(due_at), to_db(now) if message_id else None, message_id, assignment_id, REMIND))

    async def summarised(self, assignment_id: int, sent_to: str, now: datetime) -> None:
        await self.db.execute(
            "UPDATE assignments SET stage = ?, next_at = NULL, claimed_at = NULL, summarised_at = ?,"
            " summary_sent_to = ? WHERE id = ? AND stage = ?", (DONE, to_db(now), sent_to, assignment_id, SUMMARY))

    async def retry_at(self, assignment_id: int, stage: str, when: datetime) -> None:
        """Look at the stage again at `when`. Its claim stays: a post that may have gone out (a timeout) is
        looked for before it is sent again."""
        await self.db.execute("UPDATE assignments SET next_at = ? WHERE id = ? AND stage = ?",
                              (to_db(when), assignment_id, stage))
