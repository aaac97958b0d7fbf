"""The console's feedback on a typed answer (issue 26, point 3), through stdin as a learner types: a natural
phrasing of the right answer is accepted and says why; a near miss is called close. English and Spanish."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from tests.conftest import SHIPPED_COURSE
from tests.test_console import run_console


@pytest.mark.parametrize(("lang", "typed", "shown"), [
    ("en", "Saint Petersburg, the capital", ["Right!", "Accepted: your answer contains 'Saint Petersburg'."]),
    ("es", "la ciudad de San Petersburgo", ["¡Correcto!", "Aceptada: tu respuesta contiene «San Petersburgo»."]),
    ("en", "Petersburg", ["Close, but not quite."]),
    ("es", "Petersburgo", ["Cerca, pero no exactamente."]),
])
def test_a_typed_answer_gets_feedback_that_says_why(tmp_path, lang, typed, shown):
    # beta has an ordering question and the open one, in either order: these phrases are not orders (a hint,
    # then 'A B C' answers it), so the phrase reaches the open question whichever comes first.
    result = run_console(tmp_path, f"quiz beta 2\n{typed}\nA B C\n{typed}\nquit\n", "--lang", lang)
    assert result.returncode == 0, result.stderr
    for text in shown:
        assert text in result.stdout, result.stdout


def course_asking_only(tmp_path, item_id: str) -> tuple[Path, str]:
    """A copy of the shipped course whose topic of `item_id` has that one question (so a one-question quiz on the
    topic asks it); every other item, quote and glossary term stays, as the other answers the course knows."""
    course = tmp_path / "course"
    shutil.copytree(SHIPPED_COURSE, course)
    topic = None
    for path in sorted((course / "quizzes").glob("*.yaml")):
        for raw in yaml.safe_load(path.read_text(encoding="utf-8")):
            if raw["id"] == item_id:
                topic = raw["topics"][0]
    for path in sorted((course / "quizzes").glob("*.yaml")):
        items = yaml.safe_load(path.read_text(encoding="utf-8"))
        kept = [raw for raw in items if raw["id"] == item_id or topic not in raw["topics"]]
        if len(kept) != len(items):
            path.write_text(yaml.safe_dump(kept, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return course, topic


@pytest.mark.parametrize(("item_id", "lang", "typed", "shown"), [
    ("r17-open-02", "en", "Kerensky Lenin", "Not quite."),
    ("r17-open-02", "es", "Kérenski Lenin", "No exactamente."),
    ("cf-open-05", "es", "bolcheviques mencheviques", "No exactamente."),
    ("r17-open-02", "es", "Alejandro Kérenski", "¡Correcto!"),  # a full name is no second answer
])
def test_two_names_typed_side_by_side_are_not_an_answer(tmp_path, item_id, lang, typed, shown):
    course, topic = course_asking_only(tmp_path, item_id)
    result = run_console(tmp_path, f"quiz {topic} 1\n{typed}\nquit\n", "--lang", lang, course=course)
    assert result.returncode == 0, result.stderr
    asked = {"en": "Question 1 of 1", "es": "Pregunta 1 de 1"}[lang]
    assert asked in result.stdout and shown in result.stdout, result.stdout


@pytest.mark.parametrize(("item_id", "lang", "typed", "shown"), [
    ("r17-open-01", "en", "April 16, 1917", ["Right!", "Accepted: your answer contains 'April 1917'."]),
    ("r17-open-01", "es", "16 de abril de 1917", ["¡Correcto!", "Aceptada: tu respuesta contiene «abril de 1917»."]),
    ("tm-open-03", "es", "el 3 de septiembre de 1938", ["¡Correcto!", "Aceptada: tu respuesta contiene «1938»."]),
    ("tm-open-03", "en", "September 3, 1939", ["Not quite."]),  # another year
])
def test_a_full_date_that_agrees_with_the_answer_is_right(tmp_path, item_id, lang, typed, shown):
    course, topic = course_asking_only(tmp_path, item_id)
    result = run_console(tmp_path, f"quiz {topic} 1\n{typed}\nquit\n", "--lang", lang, course=course)
    assert result.returncode == 0, result.stderr
    for text in shown:
        assert text in result.stdout, result.stdout
