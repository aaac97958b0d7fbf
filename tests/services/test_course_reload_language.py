"""A refused reload keeps its problems as messages, so each moderator reads them in their own language."""

from __future__ import annotations

USER = 42


async def test_a_refused_reload_reads_in_english_and_spanish(app, course_copy):
    (course_copy / "quizzes" / "alpha.yaml").write_text("- id: broken\n  type: multiple_choice\n")
    result = await app.course.reload(user_id=USER)
    assert not result.ok
    english, spanish = result.errors_in("en"), result.errors_in("es")
    assert english == result.errors and len(spanish) == len(english)
    assert "course/quizzes/alpha.yaml:1: question 'broken': missing 'topics': add it" in english
    assert "course/quizzes/alpha.yaml:1: pregunta «broken»: falta «topics»: añádelo" in spanish
    assert app.course.last_errors == english
    assert [p.render("es") for p in app.course.last_problems] == spanish
