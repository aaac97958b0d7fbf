"""Daily-quote schedules and the record of each server's posts (one row per local date)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from bot.domain.shards import ALL, Shards
from bot.storage.engine import Database
from bot.storage.sharding import owned
from bot.storage.timefmt import from_db, to_db


@dataclass(frozen=True)
class ScheduleRow:
    guild_id: int
    channel_id: int
    local_time: str
    timezone: str
    topic_id: str | None
    enabled: bool
    seed: int
    problem: str | None
    problem_told: bool
    next_local_date: date | None
    next_due_at: datetime | None


@dataclass(frozen=True)
class PostRow:
    guild_id: int
    local_date: date
    quote_id: str | None
    status: str  # claimed | sent | skipped | failed
    claimed_at: datetime
    sent_at: datetime | None
    message_id: int | None
    note: str | None


def _schedule(r) -> ScheduleRow:
    return ScheduleRow(
        guild_id=r["guild_id"], channel_id=r["channel_id"], local_time=r["local_time"], timezone=r["timezone"],
        topic_id=r["topic_id"], enabled=bool(r["enabled"]), seed=r["seed"], problem=r["problem"],
        problem_told=bool(r["problem_told"]),
        next_local_date=date.fromisoformat(r["next_local_date"]) if r["next_local_date"] else None,
        next_due_at=from_db(r["next_due_at"]))


def _post(r) -> PostRow:
    return PostRow(guild_id=r["guild_id"], local_date=date.fromisoformat(r["local_date"]), quote_id=r["quote_id"],
                   status=r["status"], claimed_at=from_db(r["claimed_at"]), sent_at=from_db(r["sent_at"]),
                   message_id=r["message_id"], note=r["note"])


class DailyRepository:
    def __init__(self, db: Database):
        self.db = db

    async def get(self, guild_id: int) -> ScheduleRow | None:
        row = await self.db.fetchone("SELECT * FROM daily_schedules WHERE guild_id = ?", (guild_id,))
        return _schedule(row) if row else None

    async def save(self, *, guild_id: int, channel_id: int, local_time: str, timezone: str, topic_id: str | None,
                   seed: int, next_local_date: date, next_due_at: datetime, now: datetime) -> None:
        """Create or change a schedule; it is enabled and any recorded problem is cleared. A server keeps
        its seed (and so its rotation) across changes."""
        await self.db.execute(
            "INSERT INTO daily_schedules (guild_id, channel_id, local_time, timezone, topic_id, enabled,"
            " problem, problem_told, problem_at, seed, next_local_date, next_due_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, 1, NULL, 0, NULL, ?, ?, ?, ?)"
            " ON CONFLICT (guild_id) DO UPDATE SET channel_id = excluded.channel_id,"
            " local_time = excluded.local_time, timezone = excluded.timezone, topic_id = excluded.topic_id,"
            " enabled = 1, problem = NULL, problem_told = 0, problem_at = NULL,"
            " next_local_date = excluded.next_local_date, next_due_at = excluded.next_due_at,"
            " updated_at = excluded.updated_at",
            (guild_id, channel_id, local_time, timezone, topic_id, seed, next_local_date.isoformat(),
             to_db(next_due_at), to_db(now)))

    async def disable(self, guild_id: int, now: datetime) -> bool:
        return await self.db.execute(
            "UPDATE daily_schedules SET enabled = 0, next_due_at = NULL, updated_at = ?"
            " WHERE guild_id = ? AND enabled = 1", (to_db(now), guild_id)) > 0

    async def set_next(self, guild_id: int, local_date: date, due_at: datetime) -> None:
        await self.db.execute(
            "UPDATE daily_schedules SET next_local_date = ?, next_due_at = ? WHERE guild_id = ?",
            (local_date.isoformat(), to_db(due_at), guild_id))

    async def set_problem(self, guild_id: int, problem: str, now: datetime) -> None:
        """Stop posting for this server until a moderator sets the schedule again."""
        await self.db.execute(
            "UPDATE daily_schedules SET problem = ?, problem_told = 0, problem_at = ?, next_due_at = NULL"
            " WHERE guild_id = ?", (problem, to_db(now), guild_id))

    async def mark_problem_told(self, guild_id: int) -> bool:
        """True once: the first caller after a problem was recorded gets to tell the moderator."""
        return await self.db.execute(
            "UPDATE daily_schedules SET problem_told = 1"
            " WHERE guild_id = ? AND problem IS NOT NULL AND problem_told = 0", (guild_id,)) > 0

    async def due(self, now: datetime, limit: int = 100, shards: Shards = ALL) -> list[ScheduleRow]:
        """Schedules whose post is due at `now`, of the servers of `shards` only."""
        mine, params = owned(shards)
        rows = await self.db.fetchall(
            "SELECT * FROM daily_schedules WHERE enabled = 1 AND problem IS NULL AND next_due_at IS NOT NULL"
            " AND next_due_at <= ?" + mine + " ORDER BY next_due_at LIMIT ?", (to_db(now), *params, limit))
        return [_schedule(r) for r in rows]

    async def earliest_due(self, shards: Shards = ALL) -> datetime | None:
        """The first due time among `shards`' servers: the first entry of the partial index on it (ORDER BY
        with LIMIT reads one entry on both engines; PostgreSQL ran MIN() over every entry until the table was
        analysed)."""
        mine, params = owned(shards)
        return from_db(await self.db.scalar(
            "SELECT next_due_at FROM daily_schedules"
            " WHERE enabled = 1 AND problem IS NULL AND next_due_at IS NOT NULL" + mine
            + " ORDER BY next_due_at LIMIT 1", params))

    # -- posts --

    async def claim(self, guild_id: int, local_date: date, quote_id: str, now: datetime) -> tuple[PostRow, bool]:
        """Record the day's post before it is sent. Returns the day's row and whether this call claimed
        it; an older row may be sent, skipped, failed, or a claim left unconfirmed by a crash."""
        async with self.db.transaction() as tx:
            inserted = await tx.execute(
                "INSERT INTO daily_posts (guild_id, local_date, quote_id, status, claimed_at)"
                " VALUES (?, ?, ?, 'claimed', ?) ON CONFLICT (guild_id, local_date) DO NOTHING",
                (guild_id, local_date.isoformat(), quote_id, to_db(now)))
            row = await tx.fetchone("SELECT * FROM daily_posts WHERE guild_id = ? AND local_date = ?",
                                    (guild_id, local_date.isoformat()))
        return _post(row), inserted > 0

    async def finish(self, guild_id: int, local_date: date, *, status: str, now: datetime,
                     message_id: int | None = None, note: str | None = None) -> None:
        await self.db.execute(
            "UPDATE daily_posts SET status = ?, sent_at = ?, message_id = ?, note = ?"
            " WHERE guild_id = ? AND local_date = ?",
            (status, to_db(now) if status == "sent" else None, message_id, note, guild_id,
             local_date.isoformat()))

    async def skip(self, guild_id: int, days: list[date], note: str, now: datetime) -> None:
        await self.db.executemany(
            "INSERT INTO daily_posts (guild_id, local_date, status, claimed_at, note)"
            " VALUES (?, ?, 'skipped', ?, ?) ON CONFLICT (guild_id, local_date) DO NOTHING",
            [(guild_id, d.isoformat(), to_db(now), note) for d in days])

    async def history(self, guild_id: int) -> list[str]:
        """The quotes shown (or claimed) in this server, oldest first."""
        rows = await self.db.fetchall(
            "SELECT quote_id FROM daily_posts WHERE guild_id = ? AND quote_id IS NOT NULL"
            " AND status IN ('claimed', 'sent') ORDER BY local_date", (guild_id,))
        return [r["quote_id"] for r in rows]

    async def days_posted(self, guild_id: int, since: date) -> set[date]:
        rows = await self.db.fetchall(
            "SELECT local_date FROM daily_posts WHERE guild_id = ? AND local_date >= ?"
            " AND status IN ('claimed', 'sent')", (guild_id, since.isoformat()))
        return {date.fromisoformat(r["local_date"]) for r in rows}

    async def last_post(self, guild_id: int) -> PostRow | None:
        row = await self.db.fetchone(
            "SELECT * FROM daily_posts WHERE guild_id = ? AND status = 'sent' ORDER BY local_date DESC LIMIT 1",
            (guild_id,))
        return _post(row) if row else None

    async def post(self, guild_id: int, local_date: date) -> PostRow | None:
        row = await self.db.fetchone("SELECT * FROM daily_posts WHERE guild_id = ? AND local_date = ?",
                                     (guild_id, local_date.isoformat()))
        return _post(row) if row else None
