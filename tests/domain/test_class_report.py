"""The class report's rules alone: a period's weeks, mastery spread in quarters with its median, the hardest
questions, and who may need help and why."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.domain.class_report import (
    BadReportPeriod,
    ItemAnswers,
    LearnerFigures,
    Reason,
    chart_weeks,
    distribution,
    first_day,
    hardest,
    mastered_per_topic,
    period_weeks,
    reasons,
)

MONDAY = date(2026, 3, 2)  # ISO week 10
TODAY = date(2026, 3, 4)


def test_a_period_is_whole_iso_weeks_ending_with_this_one():
    assert period_weeks("week", TODAY) == ("2026-W10",)
    assert period_weeks("4weeks", TODAY) == ("2026-W07", "2026-W08", "2026-W09", "2026-W10")
    assert len(period_weeks("12weeks", TODAY)) == 12 and period_weeks("12weeks", TODAY)[0] == "2025-W51"
    assert period_weeks("all", TODAY) is None
    assert first_day("week", TODAY) == MONDAY and first_day("4weeks", TODAY) == MONDAY - timedelta(weeks=3)
    assert first_day("all", TODAY) is None
    assert chart_weeks("all", TODAY) == period_weeks("12weeks", TODAY)  # all time: the latest 12 weeks
    assert chart_weeks("week", TODAY) == ("2026-W10",)
    with pytest.raises(BadReportPeriod):
        period_weeks("fortnight", TODAY)


def test_mastery_spreads_in_quarters_with_the_median_share():
    # 8 questions; of 6 learners: 2 mastered none (not listed), 1 mastered 1, 1 mastered 2 (25 %: the next
    # quarter up), 1 mastered 6 (75 %), 1 mastered all 8
    spread = distribution({1: 1, 2: 1, 6: 1, 8: 1}, items=8, learners=6)
    assert spread.quarters == (3, 1, 0, 2)
    assert spread.median == pytest.approx((1 + 2) / 2 / 8)  # between the 3rd and 4th learners: 1 and 2 of 8
    odd = distribution({3: 2, 8: 1}, items=8, learners=3)
    assert odd.quarters == (0, 2, 0, 1) and odd.median == pytest.approx(3 / 8)
    assert distribution({}, items=8, learners=0) == distribution({}, items=0, learners=0)
    assert distribution({}, items=8, learners=4).quarters == (4, 0, 0, 0)


def test_mastered_questions_count_per_topic_and_a_shared_question_in_each():
    topics = {"alpha": {"a1", "a2", "shared"}, "beta": {"b1", "shared"}}
    learners = [{"a1", "a2", "shared"}, {"shared", "b1"}, {"a1", "gone"}, set()]  # "gone": no longer in the course
    assert mastered_per_topic(learners, topics) == {"alpha": {3: 1, 1: 2}, "beta": {1: 1, 2: 1}}


def test_the_hardest_have_enough_answers_and_the_lowest_share_right():
    answers = [ItemAnswers("easy", 10, 9), ItemAnswers("hard", 10, 2), ItemAnswers("few", 4, 0),
               ItemAnswers("also-hard", 20, 4), ItemAnswers("mid", 5, 3)]
    assert [a.item_id for a in hardest(answers, limit=3)] == ["also-hard", "hard", "mid"]  # 20 % before 20 %


def learner(**figures) -> LearnerFigures:
    base = dict(user_id=1, visible=False, answered=20, correct=15, questions=20, mastered=10,
                first_day=TODAY - timedelta(days=60), last_day=TODAY)
    return LearnerFigures(**{**base, **figures})


def test_who_may_need_help_and_why():
    assert reasons(learner(), TODAY) == ()
    assert reasons(learner(last_day=TODAY - timedelta(days=7)), TODAY) == (Reason.INACTIVE,)
    assert reasons(learner(last_day=TODAY - timedelta(days=6)), TODAY) == ()
    assert reasons(learner(answered=10, correct=4), TODAY) == (Reason.LOW_ACCURACY,)
    assert reasons(learner(answered=9, correct=0), TODAY) == ()  # too few answers to say
    assert reasons(learner(questions=20, mastered=1), TODAY) == (Reason.LOW_MASTERY,)
    assert reasons(learner(questions=20, mastered=2), TODAY) == ()  # a tenth is enough
    # a newcomer has had no time to master anything; four questions say too little
    assert reasons(learner(mastered=0, first_day=TODAY - timedelta(days=27)), TODAY) == ()
    assert reasons(learner(questions=4, mastered=0), TODAY) == ()
    assert reasons(learner(answered=12, correct=1, mastered=0, last_day=TODAY - timedelta(days=30)), TODAY) == (
        Reason.INACTIVE, Reason.LOW_ACCURACY, Reason.LOW_MASTERY)
