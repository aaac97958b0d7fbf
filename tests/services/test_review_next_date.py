"""/review with nothing due says the date the next review is due on the learner's clock (their zone), not UTC's:
in the service's words, which the console shows as they are (Discord writes a timestamp instead:
tests/discord/test_review_nothing_due.py)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.domain.errors import NothingDue
from bot.i18n import error_text
from tests.services.test_quiz_service import right_response

USER, UTC_LEARNER = 511, 512
TOKYO = "Asia/Tokyo"
LATE_MONDAY = datetime(2026, 3, 2, 14, 55, tzinfo=UTC)  # 23:55 on Monday in Tokyo
NEXT_DUE = datetime(2026, 3, 2, 15, 5, tzinfo=UTC)  # 00:05 on Tuesday in Tokyo, still Monday in UTC


async def answer_every_question_right(app, clock, user: int) -> None:
    """Every question of topic alpha answered right at LATE_MONDAY: nothing to review, each due ten minutes
    later (FSRS's first learning step)."""
    clock.set(LATE_MONDAY)
    for item_id in ("a-mc", "a-tf", "a-who"):
        view = await app.quiz.start(user_id=user, lang="en", length=1, items=[app.course.catalog.items[item_id]])
        await app.quiz.answer(view.session_id, 0, user, right_response(view))


async def test_nothing_due_names_the_next_reviews_date_on_the_learners_clock(app, clock):
    await app.learners.set_zone(USER, TOKYO)
    for user in (USER, UTC_LEARNER):
        await answer_every_question_right(app, clock, user)
    assert (await app.review.plan(USER)).next_due == NEXT_DUE
    with pytest.raises(NothingDue) as in_tokyo:
        await app.review.start(user_id=USER, lang="en")
    assert "The next review is due on 2026-03-03." in error_text(in_tokyo.value, "en")
    assert "El próximo repaso es el 2026-03-03." in error_text(in_tokyo.value, "es")
    assert in_tokyo.value.next_due == NEXT_DUE  # for an adapter that writes the time its own way
    with pytest.raises(NothingDue) as in_utc:  # a learner with no zone set: UTC's date
        await app.review.start(user_id=UTC_LEARNER, lang="en")
    assert "The next review is due on 2026-03-02." in error_text(in_utc.value, "en")
