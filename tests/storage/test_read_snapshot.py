"""A read of several statements (`Database.read`) sees one committed state: an answer that lands in the middle of
/progress's reads does not show in one figure and not in another."""

import sqlite3
from datetime import timedelta

from bot.storage.audit import AuditRepository
from bot.storage.progress import ProgressRepository
from tests.services.test_quiz_service import right_response, wrong_response

USER = 42


async def test_statements_of_one_read_share_a_snapshot(app, clock):
    audit = AuditRepository(app.db)
    await audit.record(at=clock.now(), action="test", detail="before")

    def count_twice_with_a_write_between(conn: sqlite3.Connection) -> tuple[int, int]:
        first = conn.execute("SELECT COUNT(*) FROM content_audit").fetchone()[0]
        other = sqlite3.connect(app.db.path)  # another process's write, committed between the two statements
        with other:
            other.execute("INSERT INTO content_audit (at, action, detail) SELECT at, action, 'between' "
                          "FROM content_audit LIMIT 1")
        other.close()
        return first, conn.execute("SELECT COUNT(*) FROM content_audit").fetchone()[0]

    first, second = await app.db.read(count_twice_with_a_write_between)
    assert first == second
    # the snapshot ends with the read: the next one sees the write
    assert await app.db.scalar("SELECT COUNT(*) FROM content_audit") == first + 1


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
