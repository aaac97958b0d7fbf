"""The assignment rules alone: a due time read on a wall clock (daylight saving included), a date alone as its end,
no reminder for an assignment set less than a day ahead, who may take one, and the hardest question."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.domain.assignments import (
    Answer,
    BadDue,
    DueInPast,
    DueTooFar,
    Hardest,
    check_due,
    hardest,
    may_take,
    parse_due,
    reminder_time,
)

MADRID = ZoneInfo("Europe/Madrid")


def test_a_due_time_is_read_on_the_wall_clock_of_its_zone():
    assert parse_due("2026-03-09 18:00", MADRID) == datetime(2026, 3, 9, 17, 0, tzinfo=UTC)
    assert parse_due(" 2026-07-09T18.30 ", MADRID) == datetime(2026, 7, 9, 16, 30, tzinfo=UTC)  # summer time
    assert parse_due("2026-3-9", MADRID) == datetime(2026, 3, 9, 22, 59, tzinfo=UTC)  # the end of that day
    # 02:30 does not exist on the morning the clocks go forward: the first moment after it
    assert parse_due("2026-03-29 02:30", MADRID) == datetime(2026, 3, 29, 1, 0, tzinfo=UTC)
    for bad in ("", "tomorrow", "2026-02-30 10:00", "2026-03-09 24:00", "09/03/2026 18:00"):
        with pytest.raises(BadDue):
            parse_due(bad, MADRID)


def test_a_due_time_must_be_ahead_and_within_a_year():
    now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    check_due(now + timedelta(minutes=1), now)
    with pytest.raises(DueInPast):
        check_due(now, now)
    with pytest.raises(DueTooFar):
        check_due(now + timedelta(days=367), now)


def test_the_reminder_is_a_day_before_unless_the_assignment_is_set_later_than_that():
    now = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    assert reminder_time(now, now + timedelta(days=3)) == now + timedelta(days=2)
    assert reminder_time(now, now + timedelta(hours=23)) is None


def test_an_assignment_without_a_role_is_everyones_and_one_with_a_role_its_members():
    assert may_take(None, []) and may_take(7, [3, 7]) and not may_take(7, [3])


def test_the_hardest_question_is_missed_most_then_by_the_larger_share_then_the_earlier():
    answers = [Answer(1, "q1", False), Answer(2, "q1", True), Answer(3, "q1", False),
               Answer(1, "q2", False), Answer(2, "q2", False),
               Answer(1, "q3", True)]
    assert hardest(answers, ["q1", "q2", "q3"]) == Hardest("q2", 2, 2)  # 2 of 2 before 2 of 3
    assert hardest(answers[:3] + [Answer(1, "q0", False), Answer(2, "q0", False), Answer(3, "q0", True)],
                   ["q0", "q1"]) == Hardest("q0", 2, 3)  # a tie in both: the earlier question
    assert hardest([Answer(1, "q1", True)], ["q1"]) is None  # nobody missed anything
