"""Review reminders (one row per learner) and the record of each learner's DM per local date.

Every process of a cluster runs the reminder loop over one database; `take_due` hands each due reminder to one
of them: it leases the rows it returns (their next_due_at moved a lease ahead, in the same transaction), and on
PostgreSQL skips rows another process's `take_due` holds at that moment (SELECT ... FOR UPDATE SKIP LOCKED). On
SQLite one process writes at a time (BEGIN IMMEDIATE), so the lock clause is all that differs.

A reminder's `version` counts the learner's changes (/remind on or off, a new zone): a check sets the next time
only while the row has the version it took, so the learner's latest choice wins over a check that began before it.
The DMs' record is pruned to the last days (`prune_sends`); the last day a DM was sent stays on the reminder."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from bot.storage.engine import Database
from bot.storage.timefmt import from_db, to_db

_LOCK = {"postgresql": " FOR UPDATE OF r SKIP LOCKED", "sqlite": ""}
_DUE = ("SELECT r.*, l.timezone, l.locale FROM reminders r LEFT JOIN learners l ON l.user_id = r.user_id"
        " WHERE r.enabled = 1 AND r.problem IS NULL AND r.next_due_at IS NOT NULL AND r.next_due_at <= ?"
        " ORDER BY r.next_due_at LIMIT ?")


@dataclass(frozen=True)
class ReminderRow:
    user_id: int
    local_time: str
    enabled: bool
    problem: str | None
    problem_told: bool
    next_local_date: date | None
    next_due_at: datetime | None
    timezone: str | None  # the learner's (learners.timezone); None: UTC
    locale: str | None  # the learner's (learners.locale)
    version: int  # the learner's changes so far: a check's writes apply only while it is still this
    last_sent_on: date | None  # the learner's local day of their last DM sent


@dataclass(frozen=True)
class SendRow:
    user_id: int
    local_date: date
    status: str  # claimed | sent | skipped | failed
    claimed_at: datetime
    sent_at: datetime | None
    message_id: int | None


def _reminder(r) -> ReminderRow:
    return ReminderRow(
        user_id=r["user_id"], local_time=r["local_time"], enabled=bool(r["enabled"]), problem=r["problem"],
        problem_told=bool(r["problem_told"]),
        next_local_date=date.fromisoformat(r["next_local_date"]) if r["next_local_date"] else None,
        next_due_at=from_db(r["next_due_at"]), timezone=r["timezone"], locale=r["locale"], version=r["version"],
        last_sent_on=date.fromisoformat(r["last_sent_on"]) if r["last_sent_on"] else None)


def _send(r) -> SendRow:
    return SendRow(user_id=r["user_id"], local_date=date.fromisoformat(r["local_date"]), status=r["status"],
                   claimed_at=from_db(r["claimed_at"]), sent_at=from_db(r["sent_at"]), message_id=r["message_id"])


class ReminderRepository:
    def __init__(self, db: Database):
        self.db = db
        self._take = _DUE + _LOCK[db.dialect.name]

    async def get(self, user_id: int) -> ReminderRow | None:
        row = await self.db.fetchone(
            "SELECT r.*, l.timezone, l.locale FROM reminders r LEFT JOIN learners l ON l.user_id = r.user_id"
            " WHERE r.user_id = ?", (user_id,))
        return _reminder(row) if row else None

    async def save(self, *, user_id: int, local_time: str, next_local_date: date, next_due_at: datetime,
                   now: datetime) -> None:
        """Turn a learner's reminders on (or change their time); a recorded problem is cleared, and so is the
        next check's day's record of a DM that failed or was skipped: turning them on is the learner's retry, and
        a record left there would make that day's check pass over the DM they were just promised."""
        async with self.db.transaction() as tx:
            await tx.execute(
                "INSERT INTO reminders (user_id, local_time, enabled, problem, problem_told, problem_at,"
                " next_local_date, next_due_at, updated_at) VALUES (?, ?, 1, NULL, 0, NULL, ?, ?, ?)"
                " ON CONFLICT (user_id) DO UPDATE SET local_time = excluded.local_time, enabled = 1,"
                " problem = NULL, problem_told = 0, problem_at = NULL, next_local_date = excluded.next_local_date,"
                " next_due_at = excluded.next_due_at, updated_at = excluded.updated_at,"
                " version = reminders.version + 1",
                (user_id, local_time, next_local_date.isoformat(), to_db(next_due_at), to_db(now)))
            await tx.execute(
                "DELETE FROM reminder_sends WHERE user_id = ? AND local_date = ? AND status IN ('failed', 'skipped')",
                (user_id, next_local_date.isoformat()))

    async def disable(self, user_id: int, now: datetime) -> bool:
        """False when the learner never turned reminders on."""
        return await self.db.execute(
            "UPDATE reminders SET enabled = 0, next_due_at = NULL, updated_at = ?, version = version + 1"
            " WHERE user_id = ?",
            (to_db(now), user_id)) > 0

    async def set_next(self, user_id: int, local_date: date, due_at: datetime, *, version: int | None = None
                       ) -> bool:
        """The next check. A check passes the `version` it took, and its write applies only while the row still
        has it (False: the learner changed something meanwhile, and their choice stands); without `version` it is
        the learner's own change (a new zone), which bumps it."""
        if version is None:
            return await self.db.execute(
                "UPDATE reminders SET next_local_date = ?, next_due_at = ?, version = version + 1"
                " WHERE user_id = ? AND enabled = 1", (local_date.isoformat(), to_db(due_at), user_id)) > 0
        return await self.db.execute(
            "UPDATE reminders SET next_local_date = ?, next_due_at = ? WHERE user_id = ? AND enabled = 1"
            " AND version = ?", (local_date.isoformat(), to_db(due_at), user_id, version)) > 0

    async def set_problem(self, user_id: int, problem: str, now: datetime) -> None:
        """Stop the learner's reminders until they turn them on again."""
        await self.db.execute(
            "UPDATE reminders SET problem = ?, problem_told = 0, problem_at = ?, next_due_at = NULL"
            " WHERE user_id = ?", (problem, to_db(now), user_id))

    async def untold(self) -> set[int]:
        """The learners whose reminders stopped and who were not told yet (a partial index holds just them)."""
        rows = await self.db.fetchall(
            "SELECT user_id FROM reminders WHERE problem IS NOT NULL AND problem_told = 0")
        return {r[0] for r in rows}

    async def mark_problem_told(self, user_id: int) -> str | None:
        """The problem, to the first caller after it was recorded; None to any other."""
        async with self.db.transaction() as tx:
            return await tx.scalar(
                "UPDATE reminders SET problem_told = 1 WHERE user_id = ? AND problem IS NOT NULL"
                " AND problem_told = 0 RETURNING problem", (user_id,))

    async def take_due(self, now: datetime, lease_until: datetime, limit: int = 100) -> list[ReminderRow]:
        """The reminders due at `now`, each leased to the caller until `lease_until`: no other process's
        `take_due` returns them before then (the caller sets their next check when done)."""
        async with self.db.transaction() as tx:
            rows = [_reminder(r) for r in await tx.fetchall(self._take, (to_db(now), limit))]
            await tx.executemany("UPDATE reminders SET next_due_at = ? WHERE user_id = ?",
                                 [(to_db(lease_until), r.user_id) for r in rows])
        return rows

    async def earliest_due(self) -> datetime | None:
        """The first due time: the first entry of the partial index on it."""
        return from_db(await self.db.scalar(
            "SELECT next_due_at FROM reminders WHERE enabled = 1 AND problem IS NULL AND next_due_at IS NOT NULL"
            " ORDER BY next_due_at LIMIT 1"))

    # -- the DMs --

    async def send(self, user_id: int, local_date: date) -> SendRow | None:
        row = await self.db.fetchone("SELECT * FROM reminder_sends WHERE user_id = ? AND local_date = ?",
                                     (user_id, local_date.isoformat()))
        return _send(row) if row else None

    async def claim(self, user_id: int, local_date: date, now: datetime) -> bool:
        """Record the day's DM before it is sent; False when the day already has a row."""
        return await self.db.execute(
            "INSERT INTO reminder_sends (user_id, local_date, status, claimed_at) VALUES (?, ?, 'claimed', ?)"
            " ON CONFLICT (user_id, local_date) DO NOTHING", (user_id, local_date.isoformat(), to_db(now))) > 0

    async def reclaim(self, user_id: int, local_date: date, claimed_at: datetime, now: datetime) -> bool:
        """Take over a claim left unconfirmed, if it is still the one read (claimed at `claimed_at`): of two
        processes taking it over at once, one does."""
        return await self.db.execute(
            "UPDATE reminder_sends SET claimed_at = ? WHERE user_id = ? AND local_date = ? AND status = 'claimed'"
            " AND claimed_at = ?", (to_db(now), user_id, local_date.isoformat(), to_db(claimed_at))) > 0

    async def finish(self, user_id: int, local_date: date, *, status: str, now: datetime,
                     message_id: int | None = None, due: int | None = None, note: str | None = None) -> None:
        """The day's DM done; a DM sent is also the reminder's last (kept there, past the record's pruning)."""
        day = local_date.isoformat()
        async with self.db.transaction() as tx:
            await tx.execute(
                "UPDATE reminder_sends SET status = ?, sent_at = ?, message_id = ?, due = ?, note = ?"
                " WHERE user_id = ? AND local_date = ?",
                (status, to_db(now) if status == "sent" else None, message_id, due, note, user_id, day))
            if status == "sent":
                await tx.execute(
                    "UPDATE reminders SET last_sent_on = ? WHERE user_id = ?"
                    " AND (last_sent_on IS NULL OR last_sent_on < ?)", (day, user_id, day))

    async def skip(self, user_id: int, local_date: date, note: str, now: datetime) -> None:
        await self.db.execute(
            "INSERT INTO reminder_sends (user_id, local_date, status, claimed_at, note)"
            " VALUES (?, ?, 'skipped', ?, ?) ON CONFLICT (user_id, local_date) DO NOTHING",
            (user_id, local_date.isoformat(), to_db(now), note))

    async def days_taken(self, user_id: int, since: date, *, ended_too: bool = False) -> set[date]:
        """The local dates from `since` that had a DM (or one under way); with `ended_too` also those whose DM
        failed or was skipped, which a check passes over."""
        rows = await self.db.fetchall(
            "SELECT local_date FROM reminder_sends WHERE user_id = ? AND local_date >= ?"
            " AND (? OR status IN ('claimed', 'sent'))", (user_id, since.isoformat(), ended_too))
        return {date.fromisoformat(r[0]) for r in rows}

    async def prune_sends(self, before: date, batch: int = 500) -> int:
        """Forget the DMs' record of local dates before `before`, a bounded batch per write (read from the oldest
        end of reminder_sends_by_date) so that no learner's click waits long; any process may run it at any time.
        Returns how many rows went."""
        total = 0
        while (removed := await self.db.execute(
                "DELETE FROM reminder_sends WHERE (user_id, local_date) IN (SELECT user_id, local_date"
                " FROM reminder_sends WHERE local_date < ? ORDER BY local_date LIMIT ?)",
                (before.isoformat(), batch))) > 0:
            total += removed
        return total
