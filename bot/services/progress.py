"""Progress per learner and leaderboards per server."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime, timedelta, tzinfo

from bot.domain.clock import Clock
from bot.domain.errors import BadPeriod
from bot.services.course import CourseService
from bot.services.flashcards import counts as flashcard_counts
from bot.services.quiz import week_of
from bot.services.views import Activity, LeaderEntry, Progress, TopicProgress
from bot.storage.progress import ProgressRepository

PERIODS = ("week", "all")
# An item is mastered when its review card's stability (FSRS: the days after which recall falls to 90%) is at
# least three weeks. Answers crammed in one sitting leave it near two days, and a wrong answer drops it again,
# so only right answers spaced over days reach it (right at day 0, 2 and 13 gives ~46 days), where "the
# latest answer was right" counted an item guessed once as learnt.
MASTERED_DAYS = 21


ACTIVITY_DAYS = 28  # /progress's activity calendar: four weeks, today the last


def activity(per_minute: dict[datetime, int], today: date, zone: tzinfo) -> Activity:
    """Answers and flashcard ratings per day of the learner's last `ACTIVITY_DAYS` days, in their zone, from
    their count per UTC minute."""
    first = today - timedelta(days=ACTIVITY_DAYS - 1)
    counts = dict.fromkeys((first + timedelta(days=i) for i in range(ACTIVITY_DAYS)), 0)
    for minute, n in per_minute.items():
        day = minute.astimezone(zone).date()
        if day in counts:
            counts[day] += n
    return Activity(tuple(counts.items()))


def streak(days: Collection[str], today: date) -> int:
    """Consecutive days with activity, ending today (or yesterday, if today has none yet). `today` and the days
    recorded since learners have zones are the learner's own; days recorded before were UTC days and stay so
    (a day a zone change puts after today is not counted)."""
    have = set(days)  # "YYYY-MM-DD", as stored
    day = today if today.isoformat() in have else today - timedelta(days=1)
    count = 0
    while day.isoformat() in have:
        count += 1
        day -= timedelta(days=1)
    return count


class ProgressService:
    def __init__(self, course: CourseService, progress: ProgressRepository, clock: Clock):
        self.course = course
        self.repo = progress
        self.clock = clock

    async def progress(self, user_id: int) -> Progress:
        catalog = self.course.catalog
        now: datetime = self.clock.now()
        # the learner's zone is read with the figures: their today, "due today" and the calendar's days are theirs
        standing = await self.repo.standing(user_id, now, MASTERED_DAYS, calendar_days=ACTIVITY_DAYS)
        zone, today = standing.zone, standing.today
        topics = []
        for topic in catalog.topics.values():
            ids = catalog.item_ids(topic.id)
            topics.append(TopicProgress(topic=topic, read=topic.id in standing.topics_read, items=len(ids),
                                        answered=len(ids & standing.answered), mastered=len(ids & standing.mastered)))
        return Progress(
            user_id=user_id, topics=topics,
            answered=standing.answers,
            correct=standing.correct,
            streak=streak(standing.days, today),
            due=sum(1 for item_id in standing.due if item_id in catalog.items),  # not the items since removed
            due_today=sum(1 for item_id in standing.due_soon if item_id in catalog.items),
            next_due=standing.next_due, zone=zone,
            activity=activity(standing.answers_per_minute or {}, today, zone),
            flashcards=flashcard_counts(catalog, standing.flashcards),
        )

    async def leaderboard(self, guild_id: int, period: str = "week", limit: int = 10) -> list[LeaderEntry]:
        if period not in PERIODS:
            raise BadPeriod()
        key = "all" if period == "all" else week_of(self.clock.now())
        rows = await self.repo.leaderboard(guild_id, key, limit)
        return [LeaderEntry(rank, r.user_id, r.correct, r.answered) for rank, r in enumerate(rows, 1)]
