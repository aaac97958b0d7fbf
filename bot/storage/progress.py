"""Read models for progress, streaks, reviews and leaderboards."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, tzinfo
from typing import NamedTuple

from bot.domain.days import day_start, local_date, zone_named
from bot.storage.engine import SEPARATOR, Database, Dialect
from bot.storage.flashcards import card_standings
from bot.storage.flashcards import standing_sql as flashcards_sql
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


# Read straight from the covering index scores_rank, in its order (migration 0005): no sort, and the first rows
# in that order end the read. Each is checked against its learner's opt-out by a key lookup: as a join,
# PostgreSQL's planner read every learner into a hash table (a cost that grows with the learners).
LEADERBOARD = ("SELECT s.user_id, s.correct, s.answered FROM scores s"
               " WHERE s.guild_id = ? AND s.period = ?"
               " AND COALESCE((SELECT l.leaderboard_opt_out FROM learners l WHERE l.user_id = s.user_id), 0) = 0"
               " ORDER BY s.correct DESC, s.answered ASC, s.user_id LIMIT ?")  # parameters: guild, period, limit


@dataclass(frozen=True)
class Standing:
    """What /progress shows, read at once by one statement."""
    answered: set[str]  # ids of the items answered at least once
    mastered: set[str]  # ids of the items whose review card is stable for at least `mastered_days`
    answers: int  # answers in all
    correct: int  # right answers in all
    topics_read: set[str]
    due: set[str]  # ids of the items due for review
    days: set[str]  # days with activity (the latest `days_limit`)
    zone: tzinfo  # the learner's zone, in which their days are counted
    today: date  # the learner's date, in their zone
    due_soon: set[str] = field(default_factory=set)  # ids of the items due by `due_by` (those due now too)
    next_due: datetime | None = None  # when the first card not due yet falls due
    answers_per_minute: dict[datetime, int] | None = None  # answers of the calendar's days, by the UTC minute
    flashcards: dict[str, tuple[int, bool]] = field(default_factory=dict)  # card id -> (fsrs state, due now)


# an activity minute and its answers, "2026-03-03T09:15=4"
PER_MINUTE = "minute || '=' || CAST(n AS TEXT)"


# /progress reads each learner's sets as one text per set, joined by the database (Dialect.join) and split here:
# a heavy learner has hundreds of rows in them, and a row object per row was most of the read. Ids are slugs,
# days are dates and times ISO text, so neither the unit separator nor '=' occurs in them.
#
# Everything comes from ONE statement (one trip, and one statement sees one state of the database on both engines,
# so the figures agree without a transaction around several reads). Nothing in it depends on the learner's zone,
# which comes with it: the ranges that do (the reviews due by the end of the learner's day, the calendar's days)
# are read wide enough for any zone and cut to the learner's day here.
SOON = timedelta(hours=26)  # the learner's next day starts within a day of now (25 hours across a clock change)
CALENDAR_MARGIN = timedelta(days=1)  # the calendar's first local day starts at most a day before its UTC day


def standing_parts(dialect: Dialect) -> dict[str, str]:
    """The reads /progress's statement is made of, by name (the bench shows each one's plan)."""
    join = dialect.join
    # the learner's cards, one range of their primary key (user_id, item_id), read once for every set: mastered,
    # due now, due within SOON (with their due times) and the next to fall due
    cards = (f"SELECT {join('CASE WHEN stability >= ? THEN item_id END')} AS mastered,"
             f" {join('CASE WHEN due <= ? THEN item_id END')} AS due,"
             f" {join(DUE_PAIR)} AS soon, MIN(CASE WHEN due > ? THEN due END) AS next_due"
             " FROM review_cards WHERE user_id = ?")
    totals = (f"SELECT {join('item_id')} AS answered, COALESCE(SUM(answered), 0) AS answers,"
              " COALESCE(SUM(correct), 0) AS correct FROM item_progress WHERE user_id = ?")
    topics = f"SELECT {join('topic_id')} FROM topics_read WHERE user_id = ?"
    days = f"SELECT {join('day')} FROM (SELECT day FROM activity_days WHERE user_id = ? ORDER BY day DESC LIMIT ?) d"
    # The activity calendar's answers: a range of attempts_user_time (migration 0014), counted per UTC minute
    # (every time zone's offset is whole minutes, so the service can put each minute in the learner's day);
    # with the flashcard ratings per minute, a range of flashcard_minutes' key (migration 0018).
    activity = (f"SELECT {join(PER_MINUTE)} FROM (SELECT substr(answered_at, 1, 16) AS minute,"
                " COUNT(*) AS n FROM attempts WHERE user_id = ? AND answered_at >= ? AND answered_at < ?"
                " GROUP BY substr(answered_at, 1, 16) UNION ALL SELECT substr(minute, 1, 16), ratings"
                " FROM flashcard_minutes WHERE user_id = ? AND minute >= ? AND minute < ?) a")
    return {"totals": totals, "cards": cards, "topics": topics, "days": days, "activity": activity,
            "flashcards": flashcards_sql(dialect)}


def standing_sql(dialect: Dialect) -> str:
    """/progress's one statement. Its parameters, in the order they appear: user (zone); user (topics); user,
    days_limit (days); user, since, until, user, since, until (activity); now, user (flashcards); mastered_days,
    now, now, now + SOON, now, user (cards); user (totals)."""
    p = standing_parts(dialect)
    return (f"SELECT t.answered, t.answers, t.correct, (SELECT timezone FROM learners WHERE user_id = ?) AS timezone,"
            f" c.mastered, c.due, c.soon, c.next_due, ({p['topics']}), ({p['days']}), ({p['activity']}),"
            f" ({p['flashcards']}) FROM ({p['cards']}) c, ({p['totals']}) t")


# a card due after now but within SOON, with when: 'a-mc=2026-03-04T09:00:00+00:00'
DUE_PAIR = "CASE WHEN due > ? AND due <= ? THEN item_id || '=' || due END"


def _joined(value: str | None) -> set[str]:
    return set(value.split(SEPARATOR)) if value else set()


def _due_by(value: str | None, due_by: datetime) -> set[str]:
    """The cards of DUE_PAIR's text that fall due by `due_by`."""
    pairs = (pair.partition("=") for pair in value.split(SEPARATOR)) if value else ()
    return {item_id for item_id, _, due in pairs if from_db(due) <= due_by}


def _per_minute(value: str | None) -> dict[datetime, int]:
    counts = {}
    for pair in value.split(SEPARATOR) if value else ():
        minute, _, n = pair.partition("=")
        at = datetime.fromisoformat(minute + "+00:00")
        counts[at] = counts.get(at, 0) + int(n)  # a minute with answers and ratings comes twice
    return counts


class ProgressRepository:
    def __init__(self, db: Database):
        self.db = db
        self._standing = standing_sql(db.dialect)

    async def item_records(self, user_id: int) -> dict[str, ItemRecord]:
        """Per item: how often answered, how often right, and whether the latest answer was right (from the
        per-question aggregate the answers keep up to date: migration 0004)."""
        rows = await self.db.fetchall(
            "SELECT item_id, answered, correct, last_correct FROM item_progress WHERE user_id = ?", (user_id,))
        return {r[0]: ItemRecord(r[0], r[1], r[2], r[3] == 1) for r in rows}

    async def activity_days(self, user_id: int, limit: int = 400) -> list[str]:
        rows = await self.db.fetchall("SELECT day FROM activity_days WHERE user_id = ? ORDER BY day DESC LIMIT ?",
                                      (user_id, limit))
        return [r[0] for r in rows]

    async def topics_read(self, user_id: int) -> set[str]:
        return {r[0] for r in await self.db.fetchall("SELECT topic_id FROM topics_read WHERE user_id = ?",
                                                     (user_id,))}

    async def due_items(self, user_id: int, now: datetime, limit: int = 50) -> list[str]:
        rows = await self.db.fetchall(
            "SELECT item_id FROM review_cards WHERE user_id = ? AND due <= ? ORDER BY due LIMIT ?",
            (user_id, to_db(now), limit))
        return [r[0] for r in rows]

    async def next_due(self, user_id: int, after: datetime) -> datetime | None:
        """When the learner's next review falls due after `after` (None: no card waits)."""
        return from_db(await self.db.scalar("SELECT min(due) FROM review_cards WHERE user_id = ? AND due > ?",
                                            (user_id, to_db(after))))

    async def standing(self, user_id: int, now: datetime, mastered_days: float, days_limit: int = 400, *,
                       calendar_days: int = 0) -> Standing:
        """Items answered and mastered (review card stable for `mastered_days` or more), totals, topics read,
        reviews due (now, and by the end of the learner's day), the next due time, active days and the answers
        per minute of the `calendar_days` days ending today (none: no calendar), from one statement: figures
        that agree with each other, in one trip. The learner's zone comes with them, and their day is cut
        from the wider ranges read."""
        since = now - timedelta(days=calendar_days) - CALENDAR_MARGIN if calendar_days else None
        # without `since`, the activity's range is empty (a comparison with NULL holds for no row)
        calendar = (user_id, to_db(since) if since else None, to_db(now + SOON))  # answers', then ratings' range
        (answered, answers, correct, timezone, mastered, due, soon, next_due, topics_read, active, minutes,
         flashcards) = await self.db.fetchone(self._standing, (
            user_id, user_id, user_id, days_limit, *calendar, *calendar, to_db(now), user_id,
            float(mastered_days), to_db(now), to_db(now), to_db(now + SOON), to_db(now), user_id, user_id))
        zone = zone_named(timezone)
        today = local_date(now, zone)
        due_by = day_start(today + timedelta(days=1), zone)  # "due today" is due before their next day begins
        due_now = _joined(due)
        return Standing(_joined(answered), _joined(mastered), int(answers), int(correct), _joined(topics_read),
                        due_now, _joined(active), zone, today, due_now | _due_by(soon, due_by), from_db(next_due),
                        None if since is None else _per_minute(minutes), card_standings(flashcards))

    async def leaderboard(self, guild_id: int, period: str, limit: int = 10) -> list[LeaderRow]:
        rows = await self.db.fetchall(LEADERBOARD, (guild_id, period, limit))
        return [LeaderRow(r[0], r[1], r[2]) for r in rows]


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
        async with self.db.transaction() as tx:
            if forget:
                await tx.executemany("DELETE FROM quotes_seen WHERE user_id = ? AND quote_id = ?",
                                     [(user_id, q) for q in forget])
            await tx.execute(
                "INSERT INTO quotes_seen (user_id, quote_id, seen_at) VALUES (?, ?, ?)"
                " ON CONFLICT (user_id, quote_id) DO UPDATE SET seen_at = excluded.seen_at",
                (user_id, quote_id, to_db(now)))
