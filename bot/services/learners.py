"""A learner's own data and who sees it: /mydata export and delete, leaderboard and progress visibility, their
time zone.

The rules of a deletion are here; bot/storage/learners.py has its statements. A deletion goes a bounded batch
per write, so the writer is never held for more than a few milliseconds and other learners' clicks go in
between; each kind of row is listed by key first (without holding the writer), then deleted BATCH at a time."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from bot.domain.clock import Clock
from bot.domain.daily import zone as parse_zone
from bot.domain.days import zone_named
from bot.domain.errors import DeletionUnfinished, StorageError
from bot.services.my_data import Archive, archives
from bot.storage.learners import LearnerRepository

log = logging.getLogger(__name__)

BOT_HOST = 0  # quiz_sessions.user_id of a group quiz whose host deleted their data: the bot runs it to its end
# Kept by /mydata delete, and why: the operators' record of who changed the course (the learner is told); and,
# on PostgreSQL, the learner's current cooldown windows, gone within minutes anyway (bot/services/limits.py):
# a deletion that reset them would give a learner a fresh budget of deletions with each deletion.
KEPT = {"content_audit": "changes to the shared course made as a moderator",
        "cooldowns": "how many limited commands they used in the last few minutes, until that window ends"}
BATCH = 200
PACE = 0.002  # seconds between batches: others' clicks go in between
ROUNDS = 50  # a learner who keeps using the bot while their data goes could keep a deletion going for good


@dataclass(frozen=True)
class Step:
    rows: str  # a kind of the learner's rows (bot.storage.learners.ROWS)
    batch: int = BATCH


# Answers go first, then scores: a score written after the scores are listed came with an answer that is still
# there for the finish to find, so the finish need not look at scores (see `delete`).
STEPS = (
    Step("attempts", batch=100),  # each also leaves an index ordered by question, a page per question at worst
    Step("scores"),
    Step("item_progress"),
    Step("learner_totals"),  # their answer counts, which item statistics read their accuracy from
    Step("review_cards"),
    Step("review_log"),
    Step("activity_days"),
    Step("topics_read"),
    Step("quotes_seen"),
    Step("flashcard_decks"),
    Step("flashcard_cards"),
    Step("flashcard_minutes"),
    Step("reminders"),  # before the record of its DMs: no day is claimed once it is gone
    Step("reminder_sends"),
    Step("item_reports"),  # their reports of problems in the course, and their words
    Step("assignment_results"),  # their takes on assignments: which quiz counts, and its score
    Step("group_quizzes"),  # everyone's: handed to the bot (BOT_HOST), it goes on with the others' answers
    Step("own_quizzes", batch=25),  # with their questions, up to 20 each: fewer at a time
)
HANDED_OVER = "group_quizzes"
EMPTIED = tuple(step.rows for step in STEPS if step.rows != "scores")  # checked by the finish, in one transaction


@dataclass(frozen=True)
class Deletion:
    rows: int  # rows removed
    still_hidden: bool  # the learner had hidden themselves from leaderboards, and that choice was kept


class LearnerService:
    def __init__(self, learners: LearnerRepository, clock: Clock):
        self.learners = learners
        self.clock = clock

    async def ensure(self, user_id: int, locale: str | None) -> None:
        await self.learners.ensure(user_id, locale, self.clock.now())

    async def set_leaderboard_visible(self, user_id: int, visible: bool) -> None:
        await self.learners.set_opt_out(user_id, not visible, self.clock.now())

    async def set_progress_visible(self, user_id: int, visible: bool) -> None:
        await self.learners.set_progress_visible(user_id, visible, self.clock.now())

    async def zone(self, user_id: int) -> ZoneInfo:
        """The zone a learner's days are counted in: the one they set (/mydata timezone, /remind), else UTC."""
        return zone_named(await self.learners.timezone(user_id))  # as an answer and /progress count their day

    async def set_zone(self, user_id: int, typed: str | None) -> ZoneInfo | None:
        """Set the learner's zone from what they typed (an IANA name, case forgiven; BadTimezone otherwise), or
        clear it with None (back to UTC). Returns the zone set."""
        chosen = parse_zone(typed) if typed is not None else None
        await self.learners.set_timezone(user_id, chosen.key if chosen else None, self.clock.now())
        return chosen

    async def may_see_progress(self, viewer_id: int, owner_id: int) -> bool:
        """Someone's /progress is theirs to see; another member's only if they chose to share it."""
        return viewer_id == owner_id or await self.learners.progress_visible(owner_id)

    async def export(self, user_id: int) -> dict[str, list[dict]]:
        """Every row about `user_id`, by table (and the questions of their quizzes), read in one snapshot."""
        return await self.learners.export(user_id)

    async def export_archives(self, user_id: int, limit: int) -> list[Archive]:
        """The export as zip files of at most `limit` bytes each (see my_data.archives), packed off the loop."""
        return await asyncio.to_thread(archives, user_id, await self.export(user_id), limit)

    async def delete(self, user_id: int) -> Deletion:
        """Delete everything stored about `user_id` but KEPT. Group quizzes they started are handed to the bot,
        so they go on for the others; nobody else's rows are touched. The learner's privacy choices end no less
        private than they were: hidden from leaderboards stays hidden, and their progress is private again.
        Raises DeletionUnfinished (the cause logged for the operator) when a storage fault stops it part-way:
        running it again finishes it (`finish_interrupted` does, at start)."""
        try:
            return await self._delete(user_id)
        except StorageError as exc:
            log.warning("a data deletion was interrupted: %s", exc)
            raise DeletionUnfinished() from exc

    async def finish_interrupted(self) -> tuple[int, int]:
        """Finish the deletions a crash or a storage fault interrupted: how many were finished, of how many."""
        unfinished = await self.learners.unfinished()
        finished = 0
        for user_id in unfinished:
            try:
                await self.delete(user_id)
                finished += 1
            except DeletionUnfinished:  # its cause is logged; the others go on
                pass
            except Exception:  # noqa: BLE001 - one learner's failure must not leave the others half-deleted
                log.exception("could not finish an interrupted data deletion")
        return finished, len(unfinished)

    async def _delete(self, user_id: int) -> Deletion:
        await self.learners.begin_deletion(user_id, self.clock.now())
        removed = 0
        for _ in range(ROUNDS):
            removed += await self._round(user_id)
            # a learner who used the bot meanwhile has left rows behind: another round finds them
            finished = await self.learners.finish_deletion(user_id, self.clock.now(), EMPTIED)
            if finished is not None:
                rows, still_hidden = finished
                if removed + rows:  # nothing deleted, nothing to overwrite: no one held up for it
                    await self._scrub()
                return Deletion(removed + rows, still_hidden)
        log.warning("could not finish deleting a learner's data: new rows kept coming; it is finished when the bot"
                    " starts again")
        raise DeletionUnfinished()

    async def _round(self, user_id: int) -> int:
        """One pass over every kind of row, in STEPS' order; the rows deleted."""
        removed = 0
        for step in STEPS:
            keys = await self.learners.keys(step.rows, user_id)
            for start in range(0, len(keys), step.batch):
                batch = keys[start:start + step.batch]
                if step.rows == HANDED_OVER:
                    await self.learners.hand_over(user_id, batch, BOT_HOST)
                else:
                    removed += await self.learners.delete_rows(step.rows, user_id, batch)
                await asyncio.sleep(PACE)
        return removed

    async def _scrub(self) -> None:
        """Best effort: a failure is logged, and the deletion stands."""
        try:
            await self.learners.scrub()
        except StorageError as error:
            log.warning("after a deletion: %s", error)
