"""The console in Spanish, typed through stdin: a missed who-said question in the quiz summary keeps the
"(traducción nuestra)" marker of its quote, and `cronología` is written with its accent (typed with it, without
it, or with the accent as a separate mark, it works)."""

from __future__ import annotations

import shutil
import unicodedata

import pytest

from tests.conftest import FIXTURE_COURSE
from tests.test_console import run_console
from tests.test_console_next_steps import PROMPTS, WORDS, Console, answer_wrongly

QUOTE_MISSED = {"en": "  x “The alpha quotation.”", "es": "  x “La cita alfa.” (traducción nuestra)"}


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_summary_marks_a_missed_quote_that_is_our_translation(tmp_path, lang):
    words = WORDS[lang]
    console = Console(tmp_path, lang)
    try:
        console.screen()
        console.type(words["quiz"])
        _, end = answer_wrongly(console, words, (*PROMPTS, words["choose"]))
    finally:
        console.close()
    assert QUOTE_MISSED[lang] in end.splitlines(), end


def test_cronologia_has_its_accent_and_works_without_it(tmp_path):
    decomposed = unicodedata.normalize("NFD", "cronología")
    result = run_console(tmp_path, f"ayuda\ncronología\ncronologia\n{decomposed}\nsalir\n", "--lang", "es")
    out = result.stdout
    assert result.returncode == 0 and "Traceback" not in out + result.stderr, result.stderr
    help_lines = out[out.index("Órdenes:"):].splitlines()
    assert any(line.startswith("  cronología [TEMA]") for line in help_lines), out
    assert "cronologia" not in out
    assert "Orden desconocida" not in out
    assert out.count("Segundo acontecimiento") == 3, out  # the whole course's timeline, once per spelling


def test_an_empty_topic_timeline_names_the_accented_command(tmp_path):
    course = tmp_path / "course"
    shutil.copytree(FIXTURE_COURSE, course)
    events = course / "timeline" / "events.yaml"
    events.write_text(events.read_text().replace("topics: [alpha]", "topics: [beta]"))
    result = run_console(tmp_path, "cronologia alpha\nsalir\n", "--lang", "es", course=course)
    assert "«cronología» sin tema muestra todo el curso." in result.stdout, result.stdout
