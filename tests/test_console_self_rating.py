"""In a console review, a right answer may be rated Hard, Good or Easy (1, 2, 3; Enter keeps Good), and the next
review's date follows the rating; a wrong answer is not asked about. Through stdin, in English and Spanish."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest

from tests.test_console_next_steps import PROMPTS, WORDS, Console, answer_wrongly

RATE = {"en": ("How hard was it? 2 Hard, 3 Good, 4 Easy (also h, g, e; Enter: Good; a right answer is never 1 Again) ",
               "Rated {}: next review ",
               ("Easy", "Hard"), "review", "Right one", "true"),
        "es": ("¿Qué tal te resultó? 2 Difícil, 3 Bien, 4 Fácil (también d, b, f; Intro: Bien; un acierto nunca es "
               "1 Otra vez) ", "Valorada como {}: próximo repaso ",
               ("Fácil", "Difícil"), "repaso", "Correcta", "verdadero")}


def answer_rightly(console: Console, screen: str, words: dict, right_choice: str, true: str, prompts) -> str:
    question = screen[screen.rindex(words["question"][:8]):]
    if words["true"] in question:
        console.type(true)
    else:
        line = next(ln for ln in question.splitlines() if ") " in ln and ln.split(") ", 1)[1].startswith(
            (right_choice, "Speaker One")))
        console.type(line.strip()[0])
    return console.screen(prompts)


def rated_on(screen: str, template: str, rating: str) -> date:
    found = re.search(re.escape(template.format(rating)) + r"(\d{4}-\d\d-\d\d)", screen)
    assert found, screen
    return date.fromisoformat(found[1])


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_review_answer_rated_easy_is_due_later_than_one_rated_hard(tmp_path, lang):
    words = WORDS[lang]
    prompt, template, (easy, hard), review, right_choice, true = RATE[lang]
    prompts = (*PROMPTS, words["choose"], prompt)
    console = Console(tmp_path, lang)
    try:
        console.screen()
        console.type(words["quiz"])
        _, end = answer_wrongly(console, words, prompts)  # a quiz: wrong answers are never asked about
        assert prompt not in console.out
        console.type("")
        console.screen(prompts)
        console.type(review)  # the three misses, answered right this time
        screen = answer_rightly(console, console.screen(prompts), words, right_choice, true, prompts)
        assert screen.endswith(prompt), screen
        console.type("4")
        screen = console.screen(prompts)
        easy_on = rated_on(screen, template, easy)
        screen = answer_rightly(console, screen, words, right_choice, true, prompts)
        console.type("")  # Enter: Good, said nothing of
        screen = console.screen(prompts)
        assert template.split("{}")[0] not in screen  # straight on to the next question
        screen = answer_rightly(console, screen, words, right_choice, true, prompts)
        console.type("2")
        screen = console.screen(prompts)
        hard_on = rated_on(screen, template, hard)
    finally:
        console.close()
    today = datetime.now(UTC).date()
    assert easy_on >= today + timedelta(days=2) and hard_on <= today + timedelta(days=1)
    assert "Traceback" not in console.out + console.proc.stderr.read()
