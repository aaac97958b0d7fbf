"""The console's feedback on a typed answer (issue 26, point 3), through stdin as a learner types: a natural
phrasing of the right answer is accepted and says why; a near miss is called close. English and Spanish."""

from __future__ import annotations

import pytest

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
