"""Learners' rows: privacy settings, the export's reads, and the statements a deletion is made of (its rules
are in bot/services/learners.py)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.storage.engine import Database
from bot.storage.timefmt import to_db

# Every table holding data about a learner, and the column naming them: /mydata export reads each of them
# (a test checks that every table with such a column is here).
USER_TABLES = (
    ("learners", "user_id"),
    ("attempts", "user_id"),
    ("item_progress", "user_id"),
    ("learner_totals", "user_id"),
    ("scores", "user_id"),
    ("activity_days", "user_id"),
    ("review_cards", "user_id"),
    ("review_log", "user_id"),
    ("topics_read", "user_id"),
    ("quotes_seen", "user_id"),
    ("quiz_sessions", "user_id"),
    ("learner_deletions", "user_id"),
    ("content_audit", "user_id"),
    ("cooldowns", "user_id"),
    ("flashcard_cards", "user_id"),
    ("flashcard_decks", "user_id"),
    ("flashcard_minutes", "user_id"),
    ("reminders", "user_id"),
    ("reminder_sends", "user_id"),
    ("item_reports", "user_id"),
    ("assignment_results", "user_id"),
)
# The questions of the learner's own quizzes are exported with them (they name no learner themselves).
_QUESTIONS = ("SELECT q.* FROM quiz_questions q JOIN quiz_sessions s ON s.id = q.session_id"
              " WHERE s.user_id = ? ORDER BY q.session_id, q.position")


@dataclass(frozen=True)
class _Rows:
    table: str
    find: str  # the keys of the learner's rows, in the order they are stored (parameter: the user id)
    change: str  # deletes (or hands over) one of them (parameters: [the new host,] its key's columns, the user id)


# A learner's rows by kind, as a deletion goes through them (bot/services/learners.py decides the order, how
# many at a time and when it is done). Listed in the order they are stored, a batch dirties a few pages rather
# than one page per row. Each change names the learner again: a key listed earlier that is no longer theirs is
# left alone.
ROWS = {
    "attempts": _Rows("attempts", "SELECT id FROM attempts WHERE user_id = ? ORDER BY id",
                      "DELETE FROM attempts WHERE id = ? AND user_id = ?"),
    # keyed by server and period first: found by reading the whole table
    "scores": _Rows("scores", "SELECT guild_id, period FROM scores WHERE user_id = ?",
                    "DELETE FROM scores WHERE guild_id = ? AND period = ? AND user_id = ?"),
    "item_progress": _Rows("item_progress", "SELECT item_id FROM item_progress WHERE user_id = ? ORDER BY item_id",
                           "DELETE FROM item_progress WHERE item_id = ? AND user_id = ?"),
    "learner_totals": _Rows("learner_totals", "SELECT user_id FROM learner_totals WHERE user_id = ?",
                            "DELETE FROM learner_totals WHERE user_id = ? AND user_id = ?"),
    "review_cards": _Rows("review_cards", "SELECT item_id FROM review_cards WHERE user_id = ? ORDER BY item_id",
                          "DELETE FROM review_cards WHERE item_id = ? AND user_id = ?"),
    "review_log": _Rows("review_log", "SELECT id FROM review_log WHERE user_id = ? ORDER BY id",
                        "DELETE FROM review_log WHERE id = ? AND user_id = ?"),
    "activity_days": _Rows("activity_days", "SELECT day FROM activity_days WHERE user_id = ? ORDER BY day",
                           "DELETE FROM activity_days WHERE day = ? AND user_id = ?"),
    "topics_read": _Rows("topics_read", "SELECT topic_id FROM topics_read WHERE user_id = ? ORDER BY topic_id",
                         "DELETE FROM topics_read WHERE topic_id = ? AND user_id = ?"),
    "quotes_seen": _Rows("quotes_seen", "SELECT quote_id FROM quotes_seen WHERE user_id = ? ORDER BY quote_id",
                         "DELETE FROM quotes_seen WHERE quote_id = ? AND user_id = ?"),
    "flashcard_cards": _Rows("flashcard_cards", "SELECT card_id FROM flashcard_cards WHERE user_id = ?"
                             " ORDER BY card_id", "DELETE FROM flashcard_cards WHERE card_id = ? AND user_id = ?"),
    "flashcard_decks": _Rows("flashcard_decks", "SELECT user_id FROM flashcard_decks WHERE user_id = ?",
                             "DELETE FROM flashcard_decks WHERE user_id = ? AND user_id = ?"),
    "flashcard_minutes": _Rows("flashcard_minutes", "SELECT minute FROM flashcard_minutes WHERE user_id = ?"
                               " ORDER BY minute", "DELETE FROM flashcard_minutes WHERE minute = ? AND user_id = ?"),
    "reminder_sends": _Rows("reminder_sends", "SELECT local_date FROM reminder_sends WHERE user_id = ?"
                            " ORDER BY local_date", "DELETE FROM reminder_sends WHERE local_date = ? AND user_id = ?"),
    "item_reports": _Rows("item_reports", "SELECT id FROM item_reports WHERE user_id = ? ORDER BY id",
                          "DELETE FROM item_reports WHERE id = ? AND user_id = ?"),
    "assignment_results": _Rows("assignment_results", "SELECT assignment_id FROM assignment_results"
                                " WHERE user_id = ? ORDER BY assignment_id",
                                "DELETE FROM assignment_results WHERE assignment_id = ? AND user_id = ?"),
    "reminders": _Rows("reminders", "SELECT user_id FROM reminders WHERE user_id = ?",
                       "DELETE FROM reminders WHERE user_id = ? AND user_id = ?"),
    # their own quizzes, with their questions (ON DELETE CASCADE)
    "own_quizzes": _Rows("quiz_sessions", "SELECT id FROM quiz_sessions WHERE user_id = ? AND mode <> 'group'"
                         " ORDER BY id", "DELETE FROM quiz_sessions WHERE id = ? AND user_id = ? AND mode <> 'group'"),
    # the group quizzes they started: handed over (see `hand_over`), never deleted
    "group_quizzes": _Rows("quiz_sessions", "SELECT id FROM quiz_sessions WHERE user_id = ? AND mode = 'group'"
                           " ORDER BY id",
                           "UPDATE quiz_sessions SET user_id = ? WHERE id = ? AND user_id = ? AND mode = 'group'"),
}


class LearnerRepository:
    def __init__(self, db: Database):
        self.db = db

    async def ensure(self, user_id: int, locale: str | None, now: datetime) -> None:
        await self.db.execute(
            "INSERT INTO learners (user_id, locale, created_at) VALUES (?, ?, ?)"
            " ON CONFLICT (user_id) DO UPDATE SET locale = COALESCE(excluded.locale, learners.locale)",
            (user_id, locale, to_db(now)))

    async def opted_out(self, user_id: int) -> bool:
        return bool(await self.db.scalar(
            "SELECT leaderboard_opt_out FROM learners WHERE user_id = ?", (user_id,)))

    async def set_opt_out(self, user_id: int, opt_out: bool, now: datetime) -> None:
        await self.db.execute(
            "INSERT INTO learners (user_id, leaderboard_opt_out, created_at) VALUES (?, ?, ?)"
            " ON CONFLICT (user_id) DO UPDATE SET leaderboard_opt_out = excluded.leaderboard_opt_out",
            (user_id, int(opt_out), to_db(now)))

    async def progress_visible(self, user_id: int) -> bool:
        """Whether the learner lets other members see their /progress (off unless they turned it on)."""
        return bool(await self.db.scalar(
            "SELECT progress_visible FROM learners WHERE user_id = ?", (user_id,)))

    async def set_progress_visible(self, user_id: int, visible: bool, now: datetime) -> None:
        await self.db.execute(
            "INSERT INTO learners (user_id, progress_visible, created_at) VALUES (?, ?, ?)"
            " ON CONFLICT (user_id) DO UPDATE SET progress_visible = excluded.progress_visible",
            (user_id, int(visible), to_db(now)))

    async def timezone(self, user_id: int) -> str | None:
        """The IANA name of the learner's zone, or None if they never set one."""
        return await self.db.scalar("SELECT timezone FROM learners WHERE user_id = ?", (user_id,))

    async def set_timezone(self, user_id: int, timezone: str | None, now: datetime) -> None:
        await self.db.execute(
            "INSERT INTO learners (user_id, timezone, created_at) VALUES (?, ?, ?)"
            " ON CONFLICT (user_id) DO UPDATE SET timezone = excluded.timezone",
            (user_id, timezone, to_db(now)))

    async def export(self, user_id: int) -> dict[str, list[dict]]:
        """Every row about `user_id`, by table (and the questions of their quizzes), read in one snapshot."""
        out: dict[str, list[dict]] = {}
        async with self.db.snapshot() as tx:
            for table, column in USER_TABLES:
                out[table] = [dict(r) for r in await tx.fetchall(
                    f"SELECT * FROM {table} WHERE {column} = ?", (user_id,))]  # noqa: S608
            out["quiz_questions"] = [dict(r) for r in await tx.fetchall(_QUESTIONS, (user_id,))]
        return out

    async def begin_deletion(self, user_id: int, now: datetime) -> None:
        """Mark the learner's data as going: from now on their answers skip the item_progress trigger (see
        migration 0007), and their progress is private again, so nobody else sees it while it goes."""
        async with self.db.transaction() as tx:
            await tx.execute("INSERT INTO learner_deletions (user_id, started_at) VALUES (?, ?)"
                             " ON CONFLICT DO NOTHING", (user_id, to_db(now)))
            await tx.execute("UPDATE learners SET progress_visible = 0 WHERE user_id = ?", (user_id,))

    async def keys(self, rows: str, user_id: int) -> list[tuple]:
        """The keys of the learner's `rows` (a kind in ROWS), read without holding the writer."""
        return [tuple(key) for key in await self.db.fetchall(ROWS[rows].find, (user_id,))]

    async def delete_rows(self, rows: str, user_id: int, keys: Sequence[tuple]) -> int:
        """Delete the learner's `rows` with these keys, in one write; the number deleted."""
        if rows == "group_quizzes":
            raise ValueError("group quizzes are handed over, never deleted")
        return await self.db.executemany(ROWS[rows].change, [(*key, user_id) for key in keys])

    async def hand_over(self, user_id: int, keys: Sequence[tuple], host: int) -> None:
        """Give the group quizzes with these keys that `user_id` started to `host`, in one write."""
        await self.db.executemany(ROWS["group_quizzes"].change, [(host, *key, user_id) for key in keys])

    async def finish_deletion(self, user_id: int, now: datetime, emptied: Iterable[str]) -> tuple[int, bool] | None:
        """In one transaction: if none of the kinds of rows `emptied` holds any of the learner's, remove their
        settings and the deletion's mark, and return the rows removed and whether a choice to stay off
        leaderboards was kept (the only setting kept: deleting their data must not show them again). None,
        changing nothing, if some rows are left."""
        async with self.db.transaction() as tx:
            for table in dict.fromkeys(ROWS[rows].table for rows in emptied):
                if await tx.fetchone(f"SELECT 1 FROM {table} WHERE user_id = ? LIMIT 1", (user_id,)):  # noqa: S608
                    return None
            removed = await tx.execute("DELETE FROM learners WHERE user_id = ? AND leaderboard_opt_out = 0",
                                       (user_id,))
            kept = await tx.execute("UPDATE learners SET locale = NULL, progress_visible = 0, timezone = NULL,"
                                    " created_at = ?"
                                    " WHERE user_id = ?", (to_db(now), user_id))
            await tx.execute("DELETE FROM learner_deletions WHERE user_id = ?", (user_id,))
        return removed, kept == 1

    async def unfinished(self) -> list[int]:
        """Learners whose deletion was begun and not finished."""
        return [row["user_id"] for row in await self.db.fetchall("SELECT user_id FROM learner_deletions")]

    async def scrub(self) -> None:
        """Leave no readable copy of deleted rows in the database's files (see `Database.scrub`)."""
        await self.db.scrub()
