"""The end of a quiz in the console, typed through stdin: what was missed, with the learner's answer and the
right one (no internal item ids), and what to do next (tests/test_console_next_steps.py takes those choices)."""

from __future__ import annotations

import pytest

from tests.test_console import run_console

TEXT = {
    "en": ("What you missed:", "Alpha comes first.", "You answered: False", "Answer: True", "Learn: Topic alpha",
           "Another quiz"),
    "es": ("Lo que fallaste:", "Alfa va primero.", "Tu respuesta: Falso", "Respuesta: Verdadero",
           "Estudiar: Tema alpha", "Otro cuestionario"),
}


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_console_summary_lists_what_was_missed_and_what_next(tmp_path, lang):
    # topic alpha: a choice, a who-said-it and "Alpha comes first." (true). 'false' answers the true-or-false
    # one wrongly and is no letter, so each choice question takes the 'A' after it, whatever the shuffle
    result = run_console(tmp_path, "quiz alpha 3\n" + "false\nA\n" * 3 + "quit\n", "--lang", lang)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    summary = out[out.index(TEXT[lang][0]):]
    missed, asked, given, right, learn, quiz = TEXT[lang]
    lines = summary.splitlines()
    at = next(i for i, line in enumerate(lines) if asked in line)
    assert lines[at + 1].strip() == given and lines[at + 2].strip() == right
    assert learn in summary and quiz in summary
    assert "a-tf" not in out and "a-mc" not in out  # no internal ids
