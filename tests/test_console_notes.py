"""The console shows an item's note (its correction of a source) on a line of its own, 'Note: ...' / 'Nota: ...',
wherever it shows the item: a quote, a glossary term, a timeline event, /ask's answer and a question's feedback.
Typed through stdin in English and Spanish; the fixture course has notes on q-alpha, g-alpha, t-one and a-mc."""

from __future__ import annotations

import pytest

from tests.test_console import run_console
from tests.test_console_next_steps import PROMPTS, WORDS, Console, answer_wrongly

TYPED = {"en": "quote alpha\nglossary Alpha\ntimeline\nask the first letter\nquit\n",
         "es": "cita alpha\nglosario Alfa\ncronología\npreguntar la primera letra\nsalir\n"}
SHOWN = {
    "en": {"quote": "Said in a test.\nNote: Source A dates it 1904; it was said in 1905.\n",
           "term": "The first letter.\nNote: Source A calls it the second.\n",
           "event": "    Earlier.\n    Note: Source A puts it in 1904.\n",
           "item": "Because it is.\nNote: Source A calls it the wrong one.\n"},
    "es": {"quote": "Dicho en una prueba.\nNota: La fuente A lo fecha en 1904; se dijo en 1905.\n",
           "term": "La primera letra.\nNota: La fuente A la llama la segunda.\n",
           "event": "    Antes.\n    Nota: La fuente A lo sitúa en 1904.\n",
           "item": "Porque sí.\nNota: La fuente A la llama la incorrecta.\n"},
}


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_quote_a_term_an_event_and_an_answer_found_show_their_notes(tmp_path, lang):
    out = run_console(tmp_path, TYPED[lang], "--lang", lang).stdout
    shown = SHOWN[lang]
    assert shown["quote"] in out and shown["event"] in out, out
    assert out.count(shown["term"]) == 2, out  # the glossary's entry, and /ask's answer (the same term)
    assert out.count(shown["event"].split("\n")[1]) == 1  # t-two, after it, has none


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_questions_feedback_shows_its_note_after_the_explanation(tmp_path, lang):
    console = Console(tmp_path, lang)
    try:
        console.screen()
        console.type(WORDS[lang]["quiz"])
        answer_wrongly(console, WORDS[lang], (*PROMPTS, WORDS[lang]["choose"]))
    finally:
        console.close()
    assert console.out.count(SHOWN[lang]["item"]) == 1, console.out  # a-mc's; a-tf and a-who have none
    assert console.out.count(SHOWN[lang]["item"].split("\n")[1][:5]) == 1
