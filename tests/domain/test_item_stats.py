"""Item statistics' arithmetic, against figures worked out by hand."""

from __future__ import annotations

import math

import pytest

from bot.domain.item_stats import (
    Flag,
    ItemFigures,
    answer_text,
    median_seconds,
    point_biserial,
    select,
    stats,
)
from bot.domain.quiz_items import MultipleChoice, Ordering

MC = MultipleChoice.model_validate({
    "id": "mc", "type": "multiple_choice", "topics": ["t"], "sources": ["s"], "difficulty": 1,
    "prompt": {"en": "Which?", "es": "¿Cuál?"}, "answer": "B", "explanation": {"en": "So.", "es": "Así."},
    "choices": [{"en": "Ares", "es": "Ares"}, {"en": "Zeus", "es": "Zeus"}, {"en": "Hera", "es": "Hera"},
                {"en": "Owl", "es": "Búho"}]})
ORDER = Ordering.model_validate({
    "id": "ord", "type": "ordering", "topics": ["t"], "sources": ["s"], "difficulty": 1,
    "prompt": {"en": "Order", "es": "Ordena"}, "explanation": {"en": "So.", "es": "Así."},
    "items": [{"en": "First", "es": "Primero"}, {"en": "Second", "es": "Segundo"}, {"en": "Third", "es": "Tercero"}]})


def sums(pairs: list[tuple[int, float]]) -> dict:
    """The five sums storage keeps, from (right?, learner's score) pairs."""
    return {"scored": len(pairs), "scored_correct": sum(x for x, _ in pairs),
            "score_sum": sum(s for _, s in pairs), "score_squares": sum(s * s for _, s in pairs),
            "score_correct_sum": sum(x * s for x, s in pairs)}


def test_point_biserial_is_the_correlation_of_right_answers_with_the_learners_scores():
    # scores 0.2, 0.4, 0.6, 0.8; the two strongest right: means 0.7 and 0.3, population sd sqrt(0.05),
    # r = (0.7 - 0.3) / sqrt(0.05) * sqrt(0.5 * 0.5) = 0.8944
    assert point_biserial(4, 2, 2.0, 1.2, 1.4) == pytest.approx(0.4 / math.sqrt(0.05) * 0.5)
    assert point_biserial(4, 2, 2.0, 1.2, 0.6) == pytest.approx(-0.8944, abs=1e-4)  # the two weakest right
    assert point_biserial(4, 4, 2.0, 1.2, 2.0) is None  # everyone right: nothing to separate
    assert point_biserial(3, 1, 1.5, 0.75, 0.5) is None  # everyone scores 0.5: no spread


def test_median_is_the_middle_answers_second():
    assert median_seconds({3: 2, 5: 1, 8: 1}) == 3  # 3 3 5 8: the lower middle
    assert median_seconds({3: 1, 5: 1, 8: 1}) == 5
    assert median_seconds({}) is None


def test_flags_from_hand_computed_figures():
    easy = stats(ItemFigures("mc", "en", 20, 20, wrong={}), MC)
    assert easy.share_right == 1.0 and easy.flags == (Flag.TOO_EASY, Flag.UNUSED_DISTRACTOR)
    assert easy.unused == ("A", "C", "D")
    at_the_edge = stats(ItemFigures("mc", "en", 20, 19, wrong={"A": 1}), MC)  # 95 %: not above
    assert Flag.TOO_EASY not in at_the_edge.flags and at_the_edge.unused == ("C", "D")
    hard = stats(ItemFigures("mc", "es", 10, 1, wrong={"A": 5, "C": 3, "D": 1}), MC)
    assert hard.flags == (Flag.TOO_HARD,) and (hard.top_wrong, hard.top_wrong_count) == ("A", 5)
    assert stats(ItemFigures("mc", "es", 10, 2, wrong={"A": 5, "C": 2, "D": 1}), MC).flags == ()  # 20 %: not below
    negative = stats(ItemFigures("mc", "en", 8, 4, **sums([(0, 0.9), (0, 0.8), (1, 0.3), (1, 0.2)]),
                                 wrong={"A": 2, "C": 1, "D": 1}), MC)
    assert negative.discrimination < 0 and negative.flags == (Flag.NEGATIVE,)
    few = stats(ItemFigures("mc", "en", 4, 4), MC)  # under five answers: figures, no flags
    assert few.share_right == 1.0 and few.flags == ()


def test_a_report_puts_the_most_flagged_first_and_filters_by_flag():
    plain = stats(ItemFigures("p", "en", 10, 5, wrong={"A": 2, "C": 2, "D": 1}), MC)
    easy = stats(ItemFigures("e", "en", 10, 10), MC)  # too easy and unused distractors
    hard = stats(ItemFigures("h", "en", 10, 1, wrong={"A": 9}), MC)  # too hard and unused distractors
    assert [e.item_id for e in select([plain, easy, hard])] == ["h", "e", "p"]
    assert [e.item_id for e in select([plain, easy, hard], Flag.TOO_EASY)] == ["e"]


def test_a_stored_answer_reads_as_the_learner_saw_it():
    assert answer_text(MC, "D", "es") == "Búho"
    assert answer_text(ORDER, "2,0,1", "en") == "Third → First → Second"
    assert answer_text(None, "Sparta", "en") == "Sparta"
