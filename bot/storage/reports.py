"""Learners' reports of problems with course items (migration 0022): one open report per learner per item (a
partial unique index), read by the moderators' queue of one server or of every server, closed item by item."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.domain.reports import ItemRef, NewReport, StoredReport
from bot.storage.engine import Database, Row
from bot.storage.timefmt import from_db, to_db

_COLUMNS = "id, item_kind, item_id, user_id, guild_id, reason, note, lang, course_version, notify, created_at"


@dataclass(frozen=True)
class Closed:
    """A report just resolved or dismissed, with what telling its reporter needs."""

    id: int
    user_id: int
    lang: str
    notify: bool


def _scope(everywhere: bool, guild_id: int | None) -> tuple[str, tuple]:
    return ("", ()) if everywhere else (" AND guild_id = ?", (guild_id,))


def _report(row: Row) -> StoredReport:
    return StoredReport(id=row["id"], item=ItemRef(row["item_kind"], row["item_id"]), user_id=row["user_id"],
                        guild_id=row["guild_id"], reason=row["reason"], note=row["note"] or "", lang=row["lang"],
                        course_version=row["course_version"], notify=bool(row["notify"]),
                        created_at=from_db(row["created_at"]))


class ReportRepository:
    def __init__(self, db: Database):
        self.db = db

    async def add(self, report: NewReport, now: datetime) -> bool:
        """Store the report; False when the learner has an open report on this item already."""
        changed = await self.db.execute(
            "INSERT INTO item_reports (item_kind, item_id, user_id, guild_id, reason, note, lang, course_version,"
            " notify, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'open', ?) ON CONFLICT DO NOTHING",
            (report.item.kind, report.item.id, report.user_id, report.guild_id, report.reason, report.note,
             report.lang, report.course_version, int(report.notify), to_db(now)))
        return changed > 0

    async def open_reports(self, everywhere: bool, guild_id: int | None) -> list[StoredReport]:
        """Every open report of one server (or, `everywhere`, of all of them and of DMs)."""
        where, params = _scope(everywhere, guild_id)
        rows = await self.db.fetchall(
            f"SELECT {_COLUMNS} FROM item_reports WHERE status = 'open'{where} ORDER BY id", params)
        return [_report(r) for r in rows]

    async def close(self, item: ItemRef, status: str, note: str, closed_by: int, everywhere: bool,
                    guild_id: int | None, now: datetime) -> list[Closed]:
        """Resolve or dismiss the item's open reports in the scope, in one statement; those it closed."""
        where, params = _scope(everywhere, guild_id)
        async with self.db.transaction() as tx:  # a write: on SQLite, the writer's connection
            rows = await tx.fetchall(
                "UPDATE item_reports SET status = ?, close_note = ?, closed_by = ?, closed_at = ?"
                f" WHERE status = 'open' AND item_kind = ? AND item_id = ?{where}"
                " RETURNING id, user_id, lang, notify",
                (status, note, closed_by, to_db(now), item.kind, item.id, *params))
        return sorted((Closed(r["id"], r["user_id"], r["lang"], bool(r["notify"])) for r in rows),
                      key=lambda c: c.id)

    async def mark_told(self, report_id: int, outcome: str, now: datetime) -> None:
        """What became of telling the reporter (told, dms_closed, failed): never tried again."""
        await self.db.execute("UPDATE item_reports SET told = ?, told_at = ? WHERE id = ?",
                              (outcome, to_db(now), report_id))

    async def status(self, report_id: int) -> Row | None:
        return await self.db.fetchone("SELECT status, told, close_note FROM item_reports WHERE id = ?", (report_id,))
