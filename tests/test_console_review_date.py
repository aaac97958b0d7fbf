"""The console tells the next review's date on the learner's clock: a learner in Tokyo whose next review falls
after their midnight (still the day before in UTC) is told their date, when nothing is due and after rating a
review answer."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from bot.console.session import ConsoleSession
from tests.services.test_quiz_service import wrong_response
from tests.services.test_review_next_date import TOKYO, answer_every_question_right

USER = 521


async def test_the_console_review_tells_the_next_reviews_date_in_the_learners_zone(app, clock):
    await app.learners.set_zone(USER, TOKYO)
    await answer_every_question_right(app, clock, USER)
    out = io.StringIO()
    await ConsoleSession(app, io.StringIO("review\nquit\n"), out, user_id=USER).run()
    words = " ".join(out.getvalue().split())
    assert "Nothing to review now" in words and "The next review is due on 2026-03-03." in words, words


async def test_a_rated_review_answer_gives_its_next_date_in_the_learners_zone(app, clock):
    """Missed at 15:00 UTC on Monday, answered right at 15:30 (00:30 on Tuesday in Tokyo) and rated Easy: the
    next review is whole days later at that time of day, a date in Tokyo one day after UTC's."""
    await app.learners.set_zone(USER, TOKYO)
    item = app.course.catalog.items["a-tf"]
    clock.set(datetime(2026, 3, 2, 15, 0, tzinfo=UTC))
    view = await app.quiz.start(user_id=USER, lang="en", length=1, items=[item])
    await app.quiz.answer(view.session_id, 0, USER, wrong_response(view))
    clock.set(datetime(2026, 3, 2, 15, 30, tzinfo=UTC))
    out = io.StringIO()
    typed = f"review\n{'true' if item.answer else 'false'}\n4\nquit\nquit\n"  # the missed one is due: first
    await ConsoleSession(app, io.StringIO(typed), out, user_id=USER).run()
    due = datetime.fromisoformat(await app.db.scalar(
        "SELECT due FROM review_cards WHERE user_id = ? AND item_id = 'a-tf'", (USER,)))
    in_tokyo = due.astimezone(ZoneInfo(TOKYO)).date()
    assert in_tokyo != due.astimezone(UTC).date()
    assert f"Rated Easy: next review {in_tokyo.isoformat()}." in out.getvalue(), out.getvalue()
