"""The console's topic and progress wording, in English and Spanish, through stdin."""

from __future__ import annotations

import pytest

from tests.test_console import run_console

WORDS = {
    "en": ("learn alpha\nprogress\n", "* Myth: A myth about alpha\n  What the sources say: The fact.",
           "0 answers, 0% right, a streak of 0 days, 0 reviews due.", "Mastered: answered right at reviews spaced"),
    "es": ("aprender alpha\nprogreso\n", "* Mito: Un mito sobre alpha\n  Lo que dicen las fuentes: El hecho.",
           "0 respuestas, 0 % correctas, racha de 0 días, 0 repasos pendientes.",
           "Dominada: respondida bien en repasos espaciados"),
}


@pytest.mark.parametrize("lang", WORDS)
def test_console_labels_myths_and_explains_mastery(tmp_path, lang):
    stdin, myth, line, means = WORDS[lang]
    result = run_console(tmp_path, stdin, "--lang", lang)
    assert result.returncode == 0, result.stderr
    assert myth in result.stdout
    assert line in result.stdout
    assert means in result.stdout
