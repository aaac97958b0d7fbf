"""Item statistics from learners' real answers (the quiz service's answer path, both engines): the figures and
flags a teacher reads, worked out by hand below."""

from __future__ import annotations

from bot.domain.item_stats import Flag
from bot.services.views import QuestionView

GUILD = 999
LEARNERS = [501, 502, 503, 504, 505]
# per learner, what they click: a-mc's right choice is "Right one"; a-who's is "Speaker One"
MC_PICKS = ["Wrong three", "Wrong three", "Wrong three", "Wrong three", "Wrong one"]
WHO_PICKS = ["Speaker One", "Speaker One", "Speaker One", "Speaker Two", "Speaker Two"]


async def take_quiz(app, clock, user_id: int, lang: str, picks: dict[str, object], seconds: int) -> None:
    """The alpha topic's three questions in a fixed order, each answered `seconds` after it is shown."""
    catalog = app.course.catalog
    items = [catalog.items[i] for i in ("a-mc", "a-tf", "a-who")]
    view = await app.quiz.start(user_id=user_id, guild_id=GUILD, lang=lang, length=3, items=items)
    while isinstance(view, QuestionView):
        clock.advance(seconds=seconds)
        pick = picks[view.item.id]
        await app.quiz.answer(view.session_id, view.position, user_id,
                              view.choices.index(pick) if isinstance(pick, str) else pick)
        clock.advance(seconds=30)  # reading the feedback: not part of the next question's time
        view = await app.quiz.next(view.session_id, view.position, user_id)


async def test_five_learners_answers_give_the_hand_computed_figures_and_flags(app, clock):
    for n, user in enumerate(LEARNERS):  # learner n answers each question n + 2 seconds after it shows
        await take_quiz(app, clock, user, "en", {"a-mc": MC_PICKS[n], "a-tf": True, "a-who": WHO_PICKS[n]}, n + 2)
    await take_quiz(app, clock, 506, "es", {"a-mc": "Correcta", "a-tf": True, "a-who": "Speaker One"}, 9)

    report = await app.item_stats.report(lang="es")
    by_key = {(r.stats.item_id, r.stats.lang): r for r in report}
    # English: a-mc none right of 5 (too hard; "Wrong two" never picked), a-tf 5 of 5 (too easy), a-who 3 of 5
    # ("Speaker Three" never picked); the most flagged first; then the one Spanish answer of each (no flags)
    assert [(r.stats.item_id, r.stats.lang) for r in report] == [
        ("a-mc", "en"), ("a-tf", "en"), ("a-who", "en"), ("a-mc", "es"), ("a-tf", "es"), ("a-who", "es")]
    mc = by_key["a-mc", "en"]
    assert (mc.stats.answered, mc.stats.share_right) == (5, 0.0)
    assert mc.stats.flags == (Flag.TOO_HARD, Flag.UNUSED_DISTRACTOR) and mc.stats.unused == ("C",)
    assert (mc.top_wrong, mc.stats.top_wrong_count) == ("Incorrecta tres", 4)  # in the reader's language
    assert mc.stats.median_seconds == 4  # 2, 3, 4, 5, 6 seconds
    assert mc.text == "¿Cuál es la correcta?"
    tf = by_key["a-tf", "en"]
    assert (tf.stats.answered, tf.stats.share_right, tf.stats.flags) == (5, 1.0, (Flag.TOO_EASY,))
    assert tf.top_wrong is None and tf.stats.median_seconds == 4
    who = by_key["a-who", "en"]
    assert (who.stats.answered, who.stats.share_right) == (5, 0.6)
    assert who.stats.flags == (Flag.UNUSED_DISTRACTOR,) and who.stats.unused == ("C",)
    assert (who.top_wrong, who.stats.top_wrong_count) == ("Speaker Two", 2)
    spanish = by_key["a-mc", "es"]
    assert (spanish.stats.answered, spanish.stats.share_right, spanish.stats.flags) == (1, 1.0, ())
    assert spanish.stats.median_seconds == 9
    assert all(r.stats.discrimination is None for r in report)  # nobody had 5 answers before these

    assert [r.stats.item_id for r in await app.item_stats.report(flag="too_easy")] == ["a-tf"]
    assert await app.item_stats.report("beta") == []  # nobody answered beta's items
    assert [(r.stats.item_id, r.stats.lang) for r in await app.item_stats.flagged()] == [
        ("a-mc", "en"), ("a-tf", "en"), ("a-who", "en")]
    assert await app.item_stats.place("a-mc") == "course/quizzes/alpha.yaml:1"
