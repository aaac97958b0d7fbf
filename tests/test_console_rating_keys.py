"""One rating key scheme in the console, as Anki numbers its buttons: 1 Again, 2 Hard, 3 Good, 4 Easy, or a
rating's initial or name in either language, the same in flashcards and in a review. A learner who types 2 for
Hard in one gets Hard in the other; a right answer in a review is never Again, so 1 (or a) there is refused with
the ratings it may take, and the prompt says so."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest

from bot.console.session import ConsoleSession
from tests.services.test_quiz_service import wrong_response

USER = 531


async def console(app, typed: str, lang: str = "en") -> str:
    out = io.StringIO()
    await ConsoleSession(app, io.StringIO(typed), out, lang=lang, user_id=USER).run()
    return out.getvalue()


async def review_one_missed(app, clock, keys: str, lang: str = "en") -> str:
    """A question missed at 15:00 and answered right in a review half an hour later, then rated by `keys`."""
    item = app.course.catalog.items["a-tf"]
    clock.set(datetime(2026, 3, 2, 15, 0, tzinfo=UTC))
    view = await app.quiz.start(user_id=USER, lang=lang, length=1, items=[item])
    await app.quiz.answer(view.session_id, 0, USER, wrong_response(view))
    clock.set(datetime(2026, 3, 2, 15, 30, tzinfo=UTC))
    right = ("true" if item.answer else "false") if lang == "en" else ("verdadero" if item.answer else "falso")
    return await console(app, f"{'review' if lang == 'en' else 'repaso'}\n{right}\n{keys}quit\nquit\n", lang)


@pytest.mark.parametrize(("key", "rating"), [
    ("2", "Hard"), ("h", "Hard"), ("Difícil", "Hard"), ("4", "Easy"), ("e", "Easy"), ("f", "Easy"), ("easy", "Easy"),
])
async def test_a_key_is_the_same_rating_in_flashcards_and_in_a_review(app, clock, key, rating):
    flashcards = await console(app, f"flashcards alpha\n\n{key}\nstop\nquit\n")
    assert f"Rated {rating}: due again " in flashcards, flashcards
    review = await review_one_missed(app, clock, f"{key}\n")
    assert f"Rated {rating}: next review " in review, review


async def test_one_and_three_are_again_and_good_in_flashcards(app, clock):
    out = await console(app, "flashcards alpha\n\n1\n\n3\nstop\nquit\n")
    assert "Rated Again: due again " in out and "Rated Good: due again " in out, out
    assert "How well did you recall it? 1 Again, 2 Hard, 3 Good, 4 Easy (also a, h, g, e; 'stop' ends) " in out


async def test_a_right_answer_in_a_review_is_not_rated_again_and_the_prompt_says_so(app, clock):
    out = await review_one_missed(app, clock, "1\na\n3\n")
    prompt = "How hard was it? 2 Hard, 3 Good, 4 Easy (also h, g, e; Enter: Good; a right answer is never 1 Again) "
    assert out.count(prompt) == 3, out
    refused = ("A right answer is not rated Again (1 Again is for a miss): type 2 Hard, 3 Good or 4 Easy, "
               "or Enter for Good.")
    assert out.count(refused) == 2, out
    assert "Rated" not in out  # 3 is Good: the answer as it was stored, nothing more to say


async def test_the_same_keys_in_spanish(app, clock):
    flashcards = await console(app, "tarjetas alpha\n\no\nparar\nsalir\n", "es")
    assert "Valorada como Otra vez: vuelve " in flashcards, flashcards
    assert "1 Otra vez, 2 Difícil, 3 Bien, 4 Fácil (también o, d, b, f; «parar» termina) " in flashcards
    review = await review_one_missed(app, clock, "1\nd\n", "es")
    assert "un acierto nunca es 1 Otra vez" in review and "Un acierto no se valora «Otra vez»" in review, review
    assert "Valorada como Difícil: próximo repaso " in review, review


@pytest.mark.parametrize(("lang", "line"), [
    ("en", "Ratings, in flashcards and for a right answer in review: 1 Again, 2 Hard, 3 Good, 4 Easy "
           "(also a, h, g, e)"),
    ("es", "Valoraciones, en las tarjetas y para un acierto en el repaso: 1 Otra vez, 2 Difícil, 3 Bien, 4 Fácil "
           "(también o, d, b, f)"),
])
async def test_help_gives_the_one_scheme(app, lang, line):
    assert line in await console(app, "help\nquit\n", lang)
