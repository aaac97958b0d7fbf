"""The class report's rules, as plain figures: a period's weeks, how mastery spreads over a server's learners (a
distribution in quarters and its median, not a mean that hides a split class), which questions are hardest, and
which learners may need help and why.

A server's figures are counted per ISO week in UTC (the leaderboard's weeks: a server's members live in
different zones), so a period is a number of those weeks, this one included."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import NamedTuple

from bot.domain.errors import DomainError

# period -> how many weeks it covers, this week included (None: all time)
PERIODS: dict[str, int | None] = {"week": 1, "4weeks": 4, "12weeks": 12, "all": None}
DEFAULT_PERIOD = "4weeks"
CHART_WEEKS = 12  # participation is shown per week over at most this many weeks (all time: the latest ones)

QUARTERS = ("0-25", "25-50", "50-75", "75-100")  # share of a topic's questions mastered, in per cent

HARDEST = 5  # hardest questions shown
HARDEST_MIN_ANSWERS = 5  # a share right from fewer answers says little (as the item statistics' flags)

# Who may need help. Mastery needs right answers spaced over about three weeks (bot.services.progress), so low
# mastery is only read for a learner who has studied for four weeks or more: a newcomer has mastered nothing yet.
INACTIVE_DAYS = 7  # no study for a week or more
LOW_ACCURACY = 0.5  # under half right in the period, in this server ...
MIN_ANSWERS = 10  # ... out of 10 answers or more
LOW_MASTERY = 0.1  # under a tenth of the questions they answered mastered ...
MIN_QUESTIONS = 5  # ... out of 5 questions or more ...
SETTLED_DAYS = 28  # ... having first studied 4 weeks ago or more


class BadReportPeriod(DomainError):
    """A period this report does not know (an old client's copy of the command offers others)."""

    key = "error.bad_report_period"


class Reason(StrEnum):
    INACTIVE = "inactive"
    LOW_ACCURACY = "low_accuracy"
    LOW_MASTERY = "low_mastery"


def week_key(day: date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def period_weeks(period: str, today: date) -> tuple[str, ...] | None:
    """The ISO weeks of `period`, oldest first, ending with `today`'s (None: all time)."""
    if period not in PERIODS:
        raise BadReportPeriod()
    weeks = PERIODS[period]
    return None if weeks is None else tuple(week_key(today - timedelta(weeks=n)) for n in range(weeks - 1, -1, -1))


def chart_weeks(period: str, today: date) -> tuple[str, ...]:
    """The weeks whose participation is shown: the period's, at most the latest CHART_WEEKS."""
    weeks = PERIODS.get(period)
    count = CHART_WEEKS if weeks is None else min(weeks, CHART_WEEKS)
    return tuple(week_key(today - timedelta(weeks=n)) for n in range(count - 1, -1, -1))


def first_day(period: str, today: date) -> date | None:
    """The Monday that begins `period` (None: all time)."""
    weeks = PERIODS.get(period)
    if weeks is None:
        return None
    monday = today - timedelta(days=today.weekday())
    return monday - timedelta(weeks=weeks - 1)


@dataclass(frozen=True)
class Distribution:
    """How many learners have mastered each quarter of a topic's questions, and the median share mastered."""

    learners: int
    quarters: tuple[int, int, int, int]  # 0-25 %, 25-50 %, 50-75 %, 75-100 % (a quarter's top edge in the next)
    median: float  # share of the topic's questions mastered, 0 to 1


def quarter(share: float) -> int:
    return min(int(share * 4), 3)


def distribution(mastered: Mapping[int, int], items: int, learners: int) -> Distribution:
    """From how many learners mastered how many of a topic's `items` questions ({count mastered: learners}; the
    `learners` not in it mastered none)."""
    counts = dict(mastered)
    counts[0] = counts.get(0, 0) + learners - sum(counts.values())
    if learners <= 0 or items <= 0:
        return Distribution(max(learners, 0), (max(learners, 0), 0, 0, 0), 0.0)
    quarters = [0, 0, 0, 0]
    for n, many in counts.items():
        quarters[quarter(min(n, items) / items)] += many
    capped = {min(n, items): 0 for n in counts}
    for n, many in counts.items():
        capped[min(n, items)] += many
    return Distribution(learners, (quarters[0], quarters[1], quarters[2], quarters[3]),
                        _median(capped, learners) / items)


def mastered_per_topic(mastered: Iterable[Collection[str]],
                       topic_items: Mapping[str, Collection[str]]) -> dict[str, dict[int, int]]:
    """Per topic, how many learners mastered how many of its questions ({count: learners}, zero left out), from
    each learner's mastered question ids."""
    topics_of: dict[str, list[str]] = {}
    for topic, items in topic_items.items():
        for item in items:
            topics_of.setdefault(item, []).append(topic)
    out: dict[str, dict[int, int]] = {topic: {} for topic in topic_items}
    for ids in mastered:
        per_topic: dict[str, int] = {}
        for item in ids:
            for topic in topics_of.get(item, ()):
                per_topic[topic] = per_topic.get(topic, 0) + 1
        for topic, n in per_topic.items():
            out[topic][n] = out[topic].get(n, 0) + 1
    return out


def _median(counts: Mapping[int, int], total: int) -> float:
    """The median of `total` values given as {value: how many}."""
    middle = [(total - 1) // 2, total // 2]  # the two middle ranks (the same one twice for an odd total)
    found: list[int] = []
    seen = 0
    for value in sorted(counts):
        seen += counts[value]
        while middle and middle[0] < seen:
            found.append(value)
            middle.pop(0)
    return sum(found) / 2


@dataclass(frozen=True)
class ItemAnswers:
    item_id: str
    answered: int
    correct: int

    @property
    def share_right(self) -> float:
        return self.correct / self.answered if self.answered else 0.0


def hardest(answers: Iterable[ItemAnswers], limit: int = HARDEST,
            min_answers: int = HARDEST_MIN_ANSWERS) -> list[ItemAnswers]:
    """The questions answered least often right (of those with `min_answers` or more), the most answered first
    among equals."""
    enough = [a for a in answers if a.answered >= min_answers]
    return sorted(enough, key=lambda a: (a.share_right, -a.answered, a.item_id))[:limit]


class LearnerFigures(NamedTuple):  # a tuple: one per learner of the class, up to a whole server's
    """One learner of the server, in the period: their answers here, the report's questions they have answered
    and mastered (anywhere: their progress is one), and their first and latest days of study."""

    user_id: int
    visible: bool  # they let other members see their progress (/mydata progress)
    answered: int
    correct: int
    questions: int
    mastered: int
    first_day: date | None
    last_day: date | None

    @property
    def share_right(self) -> float:
        return self.correct / self.answered if self.answered else 0.0


def reasons(learner: LearnerFigures, today: date) -> tuple[Reason, ...]:
    """Why the learner may need help (none: they seem fine)."""
    found = []
    if learner.last_day is not None and (today - learner.last_day).days >= INACTIVE_DAYS:
        found.append(Reason.INACTIVE)
    if learner.answered >= MIN_ANSWERS and learner.share_right < LOW_ACCURACY:
        found.append(Reason.LOW_ACCURACY)
    if (learner.first_day is not None and (today - learner.first_day).days >= SETTLED_DAYS
            and learner.questions >= MIN_QUESTIONS and learner.mastered < LOW_MASTERY * learner.questions):
        found.append(Reason.LOW_MASTERY)
    return tuple(found)
