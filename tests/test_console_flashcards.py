"""The console's flashcards, typed as a learner types them (through stdin), in English and Spanish: a card's front
(a quote's speaker hidden), Enter for its back, a rating by letter or word; the next card; the deck's end, or
'stop'; a deck opened again later knows what was rated; progress counts the cards on a line of their own."""

from __future__ import annotations

from tests.test_console import run_console


def between(text: str, start: str, end: str) -> str:
    return text[text.index(start):text.index(end, text.index(start))]


def test_a_deck_in_english_rated_by_letter_then_known_in_a_later_session(tmp_path):
    out = run_console(tmp_path, "flashcards alpha\n\ne\n\ngood\nprogress\nquit\n").stdout
    assert "== Flashcard · Topic alpha · 0 due · 2 new ==\nAlpha\nWhat does it mean?\n" in out
    # each card's correction of a source on its back, after the meaning or the context
    assert ("Meaning: The first letter.\nNote: Source A calls it the second.\n"
            "  Again 1 min · Hard 6 min · Good 10 min · Easy 8 d\n") in out
    assert "Rated Easy: due again " in out and "Rated Good: due again " in out
    quote = between(out, "“The alpha quotation.”", "Said by:")
    assert "Who said this, and where?" in quote and "Speaker One" not in quote  # hidden until Enter
    assert ("Said by: Speaker One, Work One (1905)\nContext: Said in a test.\n"
            "Note: Source A dates it 1904; it was said in 1905.\n") in out
    assert "No card is due now: 2 cards rated in this deck.\nNext card due: " in out
    assert "Flashcards: 1 of 4 learned, 0 due now." in out  # Easy on a new card: past the learning steps
    assert "Reviews due now" not in out  # no quiz question was answered: no review is scheduled
    assert "Topic mastery comes from quiz answers: take a topic's quiz next ('quiz TOPIC')." in out
    assert "nothing to measure" not in out  # the cards were counted

    later = run_console(tmp_path, "flashcards alpha\nquit\n").stdout
    assert "You have seen every card: come back when they fall due.\nNext card due: " in later


def test_a_spanish_deck_stopped_midway(tmp_path):
    out = run_console(tmp_path, "tarjetas tema beta\n\nf\nparar\nprogreso\nsalir\n", "--lang", "es").stdout
    assert "== Tarjeta · Tema beta · pendientes: 0 · nuevas: 2 ==\nBeta\n¿Qué significa?\n" in out
    assert "Significado: La segunda letra.\n  Otra vez 1 min · Difícil 6 min · Bien 10 min · Fácil 8 d\n" in out
    assert "Valorada como Fácil: vuelve " in out
    assert "“La cita beta.” (traducción nuestra)\n¿Quién lo dijo, y dónde?\n" in out
    assert "Mazo cerrado. Valoradas: 1 tarjeta.\nPróxima tarjeta: " in out
    assert "Tarjetas: 1 de 4 aprendidas; pendientes ahora: 0." in out
    assert "Traceback" not in out
