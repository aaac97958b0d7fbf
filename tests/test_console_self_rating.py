"""In a console review, a right answer may be rated Hard, Good or Easy (2, 3, 4; Enter keeps Good), and the next
review's date follows the rating; a wrong answer is not asked about. Through stdin, in English and Spanish."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from fsrs import Rating

from bot.domain.review import review
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


def due_after_a_miss(rating: Rating, answered_from: datetime, answered_by: datetime) -> set[date]:
    """The dates FSRS gives a card missed moments before and now answered right and rated `rating`, for an answer
    stored at some second between the two instants (a span that crosses midnight has two)."""
    def due(at: datetime) -> date:
        missed, _ = review(None, Rating.Again, at - timedelta(seconds=1))
        return review(missed, rating, at)[0].due.date()
    return {due(answered_from.replace(microsecond=0)), due(answered_by)}


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
        # typed straight on, as a quick learner types: answers are stored to the second, so the review answer
        # rated here may share one with its miss, and its rating must still count the miss (a card taken for a
        # new one would be Easy for eight days)
        console.type(review)  # the three misses, answered right this time
        screen = console.screen(prompts)
        easy_from = datetime.now(UTC)
        screen = answer_rightly(console, screen, words, right_choice, true, prompts)
        easy_by = datetime.now(UTC)
        assert screen.endswith(prompt), screen
        console.type("4")
        screen = console.screen(prompts)
        easy_on = rated_on(screen, template, easy)
        screen = answer_rightly(console, screen, words, right_choice, true, prompts)
        console.type("")  # Enter: Good, said nothing of
        screen = console.screen(prompts)
        assert template.split("{}")[0] not in screen  # straight on to the next question
        hard_from = datetime.now(UTC)
        screen = answer_rightly(console, screen, words, right_choice, true, prompts)
        hard_by = datetime.now(UTC)
        console.type("2")
        screen = console.screen(prompts)
        hard_on = rated_on(screen, template, hard)
    finally:
        console.close()
    # FSRS after a miss: Easy graduates the card for a day; Hard keeps it in its learning step, for minutes
    assert easy_on in due_after_a_miss(Rating.Easy, easy_from, easy_by)
    assert easy_on >= easy_from.date() + timedelta(days=1)
    assert hard_on in due_after_a_miss(Rating.Hard, hard_from, hard_by)
    assert hard_on <= hard_by.date() + timedelta(days=1)
    assert "Traceback" not in console.out + console.proc.stderr.read()
