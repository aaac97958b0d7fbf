from datetime import timedelta

import pytest

from bot.domain.errors import NotFound, NothingToQuiz
from bot.services.progress import streak
from tests.services.test_quiz_service import right_response, wrong_response

USER, OTHER, GUILD = 111, 222, 999


async def test_learning_marks_topic_read(app):
    topic = await app.learn.learn(USER, "alpha")
    assert topic.id == "alpha"
    progress = await app.progress.progress(USER)
    assert [t.read for t in progress.topics] == [True, False]
    with pytest.raises(NotFound):
        await app.learn.learn(USER, "nope")


async def test_quotes_do_not_repeat_until_the_pool_is_used_up(app):
    seen = [(await app.learn.quote(USER)).id for _ in range(4)]
    assert sorted(seen[:2]) == ["q-alpha", "q-beta"]
    assert sorted(seen[2:]) == ["q-alpha", "q-beta"]
    assert (await app.learn.quote(USER, topic="beta")).id == "q-beta"
    assert (await app.learn.quote(USER, speaker="speaker one")).id == "q-alpha"
    with pytest.raises(NotFound):
        await app.learn.quote(USER, speaker="Nobody")


async def test_review_brings_back_what_was_missed(app, clock):
    with pytest.raises(NothingToQuiz):
        await app.review.start(user_id=USER, lang="en")
    view = await app.quiz.start(user_id=USER, lang="en", length=5)
    missed = None
    while hasattr(view, "item"):
        if missed is None:
            missed = view.item.id
            await app.quiz.answer(view.session_id, view.position, USER, wrong_response(view))
        else:
            await app.quiz.answer(view.session_id, view.position, USER, right_response(view))
        view = await app.quiz.next(view.session_id, view.position, USER)
    clock.advance(minutes=15)
    assert (await app.progress.progress(USER)).due >= 1
    review = await app.review.start(user_id=USER, lang="en", length=3)
    assert review.mode == "review" and review.item.id == missed


async def test_streak_counts_consecutive_days(app, clock):
    for _ in range(3):
        view = await app.quiz.start(user_id=USER, lang="en", length=1)
        await app.quiz.answer(view.session_id, 0, USER, right_response(view))
        clock.advance(days=1)
    assert (await app.progress.progress(USER)).streak == 3  # today has none yet: counts to yesterday
    clock.advance(days=1)
    assert (await app.progress.progress(USER)).streak == 0


def test_streak_function():
    from datetime import date
    today = date(2026, 3, 5)
    days = [str(today - timedelta(days=i)) for i in (0, 1, 2, 4)]
    assert streak(days, today) == 3
    assert streak([], today) == 0


async def test_leaderboard_leaves_out_learners_who_opted_out(app, clock):
    for user, right in ((USER, 2), (OTHER, 1)):
        for _ in range(right):
            view = await app.quiz.start(user_id=user, guild_id=GUILD, lang="en", length=1)
            await app.quiz.answer(view.session_id, 0, user, right_response(view))
    board = await app.progress.leaderboard(GUILD, "all")
    assert [(e.rank, e.user_id, e.correct) for e in board] == [(1, USER, 2), (2, OTHER, 1)]
    await app.learners.set_leaderboard_visible(USER, False)
    assert [e.user_id for e in await app.progress.leaderboard(GUILD, "all")] == [OTHER]
    clock.advance(days=7)
    assert await app.progress.leaderboard(GUILD, "week") == []
    assert len(await app.progress.leaderboard(GUILD, "all")) == 1


async def test_delete_my_data_removes_everything(app, clock):
    view = await app.quiz.start(user_id=USER, guild_id=GUILD, lang="en", length=1)
    await app.quiz.answer(view.session_id, 0, USER, right_response(view))
    await app.learn.learn(USER, "alpha")
    await app.learn.quote(USER)
    exported = await app.learners.export(USER)
    assert exported["attempts"] and exported["topics_read"] and exported["quotes_seen"]
    assert (await app.learners.delete(USER)).rows > 0
    assert not any((await app.learners.export(USER)).values())


async def test_each_answer_reschedules_the_card_it_had_and_counts_in_both_scores(app, clock):
    """The same question answered in three quizzes: the stored card is the one its review log replays to
    (each answer starts from the card the one before left, not from a new card), and the server's all-time
    and weekly scores count every answer."""
    from bot.domain.review import ReviewEvent, replay
    from bot.storage.timefmt import from_db

    item = None
    for answer in (wrong_response, right_response, right_response):
        view = await app.quiz.start(user_id=USER, guild_id=GUILD, lang="en", length=1,
                                    items=None if item is None else [item])
        item = view.item
        await app.quiz.answer(view.session_id, 0, USER, answer(view))
        clock.advance(days=4)  # Monday, Friday, then the next Tuesday
    log = [ReviewEvent(r["rating"], from_db(r["reviewed_at"])) for r in await app.db.fetchall(
        "SELECT rating, reviewed_at FROM review_log WHERE user_id = ? AND item_id = ? ORDER BY id", (USER, item.id))]
    card = await app.db.fetchone("SELECT state, step, stability, difficulty, due, last_review FROM review_cards"
                                 " WHERE user_id = ? AND item_id = ?", (USER, item.id))
    expected = replay(log)
    assert len(log) == 3
    assert (card["state"], card["step"], card["stability"], card["difficulty"], from_db(card["due"]),
            from_db(card["last_review"])) == (expected.state, expected.step, expected.stability,
                                              expected.difficulty, expected.due, expected.last_review)
    assert expected != replay(log[-1:])  # a new card answered once more would differ
    scores = {r["period"]: (r["correct"], r["answered"]) for r in await app.db.fetchall(
        "SELECT period, correct, answered FROM scores WHERE user_id = ? AND guild_id = ?", (USER, GUILD))}
    assert scores == {"all": (2, 3), "2026-W10": (1, 2), "2026-W11": (1, 1)}


async def _answer_item(app, item, right: bool) -> None:
    view = await app.quiz.start(user_id=USER, lang="en", length=1, items=[item])
    await app.quiz.answer(view.session_id, 0, USER, (right_response if right else wrong_response)(view))


def _mastered(progress) -> int:
    return sum(tp.mastered for tp in progress.topics)


async def test_an_item_answered_right_once_or_crammed_is_not_mastered(app, clock):
    view = await app.quiz.start(user_id=USER, lang="en", length=1)
    item = view.item
    await app.quiz.answer(view.session_id, 0, USER, right_response(view))
    assert _mastered(await app.progress.progress(USER)) == 0
    for _ in range(4):  # right again and again in the same sitting
        clock.advance(minutes=15)
        await _answer_item(app, item, right=True)
    progress = await app.progress.progress(USER)
    assert progress.correct == 5 and _mastered(progress) == 0


async def test_an_item_reviewed_right_over_weeks_is_mastered_until_it_is_missed(app, clock):
    view = await app.quiz.start(user_id=USER, lang="en", length=1)
    item = view.item
    await app.quiz.answer(view.session_id, 0, USER, right_response(view))
    for days in (2, 11):  # each review when it falls due: day 2, then day 13
        clock.advance(days=days)
        await _answer_item(app, item, right=True)
    assert _mastered(await app.progress.progress(USER)) == 1
    clock.advance(days=30)
    await _answer_item(app, item, right=False)
    assert _mastered(await app.progress.progress(USER)) == 0
