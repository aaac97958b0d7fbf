"""Learners and their own data: privacy settings, export and deletion."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime

from bot.storage.engine import Database, Tx
from bot.storage.errors import StorageError
from bot.storage.timefmt import to_db

log = logging.getLogger(__name__)
BOT_HOST = 0  # quiz_sessions.user_id of a group quiz whose host deleted their data: the bot runs it to its end

# Every table holding data about a learner, and the column naming them: /mydata export reads each of them
# (a test checks that every table with such a column is here), and /mydata delete removes what is theirs.
USER_TABLES = (
    ("learners", "user_id"),
    ("attempts", "user_id"),
    ("item_progress", "user_id"),
    ("scores", "user_id"),
    ("activity_days", "user_id"),
    ("review_cards", "user_id"),
    ("review_log", "user_id"),
    ("topics_read", "user_id"),
    ("quotes_seen", "user_id"),
    ("quiz_sessions", "user_id"),
    ("learner_deletions", "user_id"),
    ("content_audit", "user_id"),
)
# Kept by /mydata delete, and why (the learner is told): the operators' record of who changed the course.
KEPT = {"content_audit": "changes to the shared course made as a moderator"}
# The questions of the learner's own quizzes are exported with them (they name no learner themselves).
_QUESTIONS = ("SELECT q.* FROM quiz_questions q JOIN quiz_sessions s ON s.id = q.session_id"
              " WHERE s.user_id = ? ORDER BY q.session_id, q.position")

# A deletion goes a bounded batch per write, so the writer is never held for more than a few milliseconds and
# other learners' clicks go in between. Each step lists the learner's rows by key (on the reader, not holding the
# writer), in the order they are stored, so a batch dirties a few pages rather than one page per row; then
# changes them BATCH at a time. Each change names the learner again: a key listed earlier that is no longer
# theirs is left alone. Answers go first (see `_remove`).
BATCH = 200
PACE = 0.002  # seconds between batches: others' clicks go in between
ROUNDS = 50  # a learner who keeps using the bot while their data goes could keep a deletion going for good


@dataclass(frozen=True)
class _Step:
    table: str
    find: str  # the keys of the learner's rows (parameter: the user id)
    change: str  # deletes (or hands over) one of them (parameters: its key's columns, then the user id)
    batch: int = BATCH


_STEPS = (
    # each also leaves an index ordered by question, one page per question in the worst case: fewer at a time
    _Step("attempts", "SELECT id FROM attempts WHERE user_id = ? ORDER BY id",
          "DELETE FROM attempts WHERE id = ? AND user_id = ?", batch=100),
    # keyed by server and period first: found by reading the whole table, on the reader
    _Step("scores", "SELECT guild_id, period FROM scores WHERE user_id = ?",
          "DELETE FROM scores WHERE guild_id = ? AND period = ? AND user_id = ?"),
    _Step("item_progress", "SELECT item_id FROM item_progress WHERE user_id = ? ORDER BY item_id",
          "DELETE FROM item_progress WHERE item_id = ? AND user_id = ?"),
    _Step("review_cards", "SELECT item_id FROM review_cards WHERE user_id = ? ORDER BY item_id",
          "DELETE FROM review_cards WHERE item_id = ? AND user_id = ?"),
    _Step("review_log", "SELECT id FROM review_log WHERE user_id = ? ORDER BY id",
          "DELETE FROM review_log WHERE id = ? AND user_id = ?"),
    _Step("activity_days", "SELECT day FROM activity_days WHERE user_id = ? ORDER BY day",
          "DELETE FROM activity_days WHERE day = ? AND user_id = ?"),
    _Step("topics_read", "SELECT topic_id FROM topics_read WHERE user_id = ? ORDER BY topic_id",
          "DELETE FROM topics_read WHERE topic_id = ? AND user_id = ?"),
    _Step("quotes_seen", "SELECT quote_id FROM quotes_seen WHERE user_id = ? ORDER BY quote_id",
          "DELETE FROM quotes_seen WHERE quote_id = ? AND user_id = ?"),
    # a group quiz they started is everyone's: it goes on, hosted by the bot, with the others' answers
    _Step("quiz_sessions", "SELECT id FROM quiz_sessions WHERE user_id = ? AND mode = 'group' ORDER BY id",
          f"UPDATE quiz_sessions SET user_id = {BOT_HOST} WHERE id = ? AND user_id = ? AND mode = 'group'"),
    # their own quizzes go, with their questions (ON DELETE CASCADE: up to 20 each, hence fewer at a time)
    _Step("quiz_sessions", "SELECT id FROM quiz_sessions WHERE user_id = ? AND mode <> 'group' ORDER BY id",
          "DELETE FROM quiz_sessions WHERE id = ? AND user_id = ? AND mode <> 'group'", batch=25),
)


@dataclass(frozen=True)
class Deletion:
    rows: int  # rows removed
    still_hidden: bool  # the learner had hidden themselves from leaderboards, and that choice was kept


class LearnerRepository:
    def __init__(self, db: Database):
        self.db = db

    async def ensure(self, user_id: int, locale: str | None, now: datetime) -> None:
        await self.db.execute(
            "INSERT INTO learners (user_id, locale, created_at) VALUES (?, ?, ?)"
            " ON CONFLICT (user_id) DO UPDATE SET locale = COALESCE(excluded.locale, locale)",
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

    async def export(self, user_id: int) -> dict[str, list[dict]]:
        """Every row about `user_id`, by table (and the questions of their quizzes), read in one snapshot."""
        out: dict[str, list[dict]] = {}
        async with self.db.snapshot() as tx:
            for table, column in USER_TABLES:
                out[table] = [dict(r) for r in await tx.fetchall(
                    f"SELECT * FROM {table} WHERE {column} = ?", (user_id,))]  # noqa: S608
            out["quiz_questions"] = [dict(r) for r in await tx.fetchall(_QUESTIONS, (user_id,))]
        return out

    async def delete(self, user_id: int, now: datetime) -> Deletion:
        """Delete everything stored about `user_id` but KEPT, a bounded batch per write (see BATCH). Group quizzes
        they started are handed to the bot, so they go on for the others; nobody else's rows are touched.
        Interrupted (a crash, a full disk), it is finished by running it again (`unfinished` lists those).
        The learner's privacy choices end no less private than they were: hidden from leaderboards stays
        hidden, and their progress is private again."""
        async with self.db.transaction() as tx:
            await _begin(tx, user_id, now)
        removed = 0
        for _ in range(ROUNDS):
            removed += await self._remove(user_id)
            # a learner who used the bot meanwhile has left rows behind: another round finds them
            async with self.db.transaction() as tx:
                finished = await _finish(tx, user_id, now)
            if finished is not None:
                rows, still_hidden = finished
                if removed + rows:  # nothing deleted, nothing to overwrite: no one held up for it
                    await self._scrub()
                return Deletion(removed + rows, still_hidden)
        raise StorageError(f"could not finish deleting a learner's data in {self.db.where}: new rows kept coming;"
                           " it is finished when the bot starts again", "other")

    async def unfinished(self) -> list[int]:
        """Learners whose deletion was interrupted: `delete` finishes it."""
        return [row["user_id"] for row in await self.db.fetchall("SELECT user_id FROM learner_deletions")]

    async def _remove(self, user_id: int) -> int:
        """One round over every table. Answers go first, then scores: a score written after they are listed
        came with an answer that is still there for `_finish` to find."""
        removed = 0
        for step in _STEPS:
            keys = await self.db.fetchall(step.find, (user_id,))
            for start in range(0, len(keys), step.batch):
                changed = await self.db.executemany(
                    step.change, [(*key, user_id) for key in keys[start:start + step.batch]])
                if step.change.startswith("DELETE"):  # not the group quizzes handed to the bot
                    removed += changed
                await asyncio.sleep(PACE)
        return removed

    async def _scrub(self) -> None:
        """Best effort: a failure is logged, and the deletion stands (see `Database.scrub`)."""
        try:
            await self.db.scrub()
        except StorageError as error:
            log.warning("after a deletion: %s", error)


async def _begin(tx: Tx, user_id: int, now: datetime) -> None:
    # from now on their answers skip the item_progress trigger (see migration 0007), and nobody else sees
    # their progress while it goes
    await tx.execute("INSERT INTO learner_deletions (user_id, started_at) VALUES (?, ?) ON CONFLICT DO NOTHING",
                     (user_id, to_db(now)))
    await tx.execute("UPDATE learners SET progress_visible = 0 WHERE user_id = ?", (user_id,))


async def _finish(tx: Tx, user_id: int, now: datetime) -> tuple[int, bool] | None:
    """Remove the learner's settings and the deletion's mark if nothing else of theirs is left (None if there
    is: another round is needed). A learner hidden from leaderboards keeps only that choice: deleting their
    data must not show them again. Returns the rows removed, and whether that choice was kept."""
    for table in dict.fromkeys(step.table for step in _STEPS if step.table != "scores"):  # see `_remove`
        if await tx.fetchone(f"SELECT 1 FROM {table} WHERE user_id = ? LIMIT 1", (user_id,)):  # noqa: S608
            return None
    removed = await tx.execute("DELETE FROM learners WHERE user_id = ? AND leaderboard_opt_out = 0", (user_id,))
    kept = await tx.execute("UPDATE learners SET locale = NULL, progress_visible = 0, created_at = ?"
                            " WHERE user_id = ?", (to_db(now), user_id))
    await tx.execute("DELETE FROM learner_deletions WHERE user_id = ?", (user_id,))
    return removed, kept == 1
