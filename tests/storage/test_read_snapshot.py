"""/progress's figures come from one snapshot (`Database.snapshot`; tests/storage/test_engine.py checks that a
snapshot sees one committed state) and agree with what the single reads give."""

from datetime import timedelta

from bot.storage.progress import ProgressRepository
from tests.services.test_quiz_service import right_response, wrong_response

USER = 42


async def test_standing_is_what_the_single_reads_give(app, clock):
    view = await app.quiz.start(user_id=USER, guild_id=5, lang="en", length=5)
    for position in range(5):
        answer = right_response(view) if position % 2 else wrong_response(view)
        await app.quiz.answer(view.session_id, position, USER, answer)
        view = await app.quiz.next(view.session_id, position, USER)
    repo = ProgressRepository(app.db)
    later = clock.now() + timedelta(days=30)
    await app.learn.learn(USER, next(iter(app.course.catalog.topics)))
    standing = await repo.standing(USER, later, mastered_days=2)  # one right answer: ~2.3 days, a wrong: <1
    records = await repo.item_records(USER)
    assert standing.answered and standing.answered == set(records)
    assert standing.mastered == {item_id for item_id, r in records.items() if r.last_correct}
    assert (standing.answers, standing.correct) == (sum(r.answered for r in records.values()),
                                                    sum(r.correct for r in records.values())) == (5, 2)
    assert standing.days and standing.days == set(await repo.activity_days(USER))
    assert standing.topics_read and standing.topics_read == await repo.topics_read(USER)
    assert standing.due and standing.due == set(await repo.due_items(USER, later, 500))
    assert not (await repo.standing(USER + 1, later, 21)).answered  # a learner with nothing yet
    assert standing.due  # reviews fall due within the month
