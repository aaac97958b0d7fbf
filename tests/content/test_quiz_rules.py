"""`bot check`'s rules on what quiz items say: an explanation never names a shuffled choice by its letter (an
error), and two questions asking nearly the same thing are a warning."""

from __future__ import annotations

import pytest

from bot.content import load_course
from bot.content.rules import letter_references
from tests.conftest import SHIPPED_COURSE
from tests.content.test_loader_errors import edit, errors_for, line_of

MC_EXPLANATION = 'explanation: {en: "Because it is.", es: "Porque sí."}'
SHUFFLED_ERROR = "refers to choice '{}', but choices are shown shuffled: name the choice by its text"


@pytest.mark.parametrize("text, letter", [
    ("Wrong one (A) is tempting, but no.", "A"),
    ("Option C is the trap here.", "C"),
    ("The answer B is a common misreading.", "B"),
    ("Both choices (B) and (D) are wrong.", "B"),
    ("C) is tempting. Not so.", "C"),
    ("It is right. D) is tempting.", "D"),
    ("C was the forecast of others, and D the assumption.", "C"),
])
def test_a_letter_in_an_english_explanation_is_an_error_at_its_line(course_copy, text, letter):
    edit(course_copy, "quizzes/alpha.yaml", MC_EXPLANATION, f'explanation: {{en: "{text}", es: "Porque sí."}}')
    errors = errors_for(course_copy)
    line = line_of(course_copy, "quizzes/alpha.yaml", text)
    assert errors == [f"course/quizzes/alpha.yaml:{line}: question 'a-mc': explanation.en "
                      + SHUFFLED_ERROR.format(letter)]


@pytest.mark.parametrize("text, letter", [
    ("La opción D tienta, pero no.", "D"),
    ("La respuesta A es la habitual.", "A"),
    ("La A tampoco vale.", "A"),
    ("La alternativa (B) es falsa.", "B"),
])
def test_a_letter_in_a_spanish_explanation_is_an_error(course_copy, text, letter):
    edit(course_copy, "quizzes/alpha.yaml", MC_EXPLANATION, f'explanation: {{en: "Because it is.", es: "{text}"}}')
    assert any(e.endswith(f"question 'a-mc': explanation.es {SHUFFLED_ERROR.format(letter)}")
               for e in errors_for(course_copy))


def test_who_said_and_ordering_are_shuffled_too(course_copy):
    edit(course_copy, "quizzes/alpha.yaml", 'explanation: {en: "Speaker One said it."',
         'explanation: {en: "Speaker One (B) said it."')
    edit(course_copy, "quizzes/beta.yaml", 'explanation: {en: "In that order."', 'explanation: {en: "A) comes first."')
    errors = errors_for(course_copy)
    assert any("question 'a-who': explanation.en refers to choice 'B'" in e for e in errors)
    assert any("question 'b-order': explanation.en refers to choice 'A'" in e for e in errors)


def test_items_shown_unshuffled_may_name_letters(course_copy):
    edit(course_copy, "quizzes/alpha.yaml", 'explanation: {en: "It does."', 'explanation: {en: "Option (A) it does."')
    edit(course_copy, "quizzes/beta.yaml", 'explanation: {en: "It was the capital."',
         'explanation: {en: "Option C: it was the capital."')
    load_course(course_copy)


@pytest.mark.parametrize("text", [
    "A party of a new type. A dictatorship for the transition comes last.",
    "In the Manifesto, part I, the claim is made; Louis XVI and Nicholas II fell.",
    "C. L. R. James and L. D. Trotsky wrote it; Plan-B thinking is not the point.",
    "Element (a) and element (b) are in the theory; el elemento c) también.",
    "Vitamin E? No: letter choices beyond the choices shown, such as (E) of four, name nothing.",
    "Y la teoría dice que sí. O bien, en otras palabras, a la clase obrera.",
])
def test_ordinary_words_are_not_letters(text):
    assert list(letter_references(text, 4)) == []


def test_shipped_course_names_no_letters_and_has_no_near_duplicates():
    catalog = load_course(SHIPPED_COURSE)  # a letter would be an error: the course would not load
    assert not [w for w in catalog.warnings if "asks nearly what" in w]


NEAR_DUPLICATE = '  prompt: {en: "In which year was Trotsky assassinated?", es: "¿En qué año fue asesinado Trotsky?"}\n'


def test_near_duplicate_prompts_are_a_warning_naming_both(course_copy):
    edit(course_copy, "quizzes/alpha.yaml", '  prompt: {en: "Which is right?", es: "¿Cuál es la correcta?"}\n',
         NEAR_DUPLICATE)
    edit(course_copy, "quizzes/beta.yaml", '  prompt: {en: "Name the city.", es: "Nombra la ciudad."}\n',
         NEAR_DUPLICATE.replace("In which year", "According to the source, in what year"))
    catalog = load_course(course_copy, display_root="course")  # a warning: the course still loads
    assert catalog.warnings == (
        f"course/quizzes/beta.yaml:{line_of(course_copy, 'quizzes/beta.yaml', 'id: b-open')}: question 'b-open' "
        "asks nearly what question 'a-mc' asks (course/quizzes/alpha.yaml:1): ask about something else, or give "
        "both the same 'fact:' so no quiz shows both",)


def test_a_shared_fact_silences_the_warning_and_different_questions_raise_none(course_copy):
    assert load_course(course_copy).warnings == ()
    edit(course_copy, "quizzes/alpha.yaml", '  prompt: {en: "Which is right?", es: "¿Cuál es la correcta?"}\n',
         "  fact: trotsky-death\n" + NEAR_DUPLICATE)
    edit(course_copy, "quizzes/beta.yaml", '  prompt: {en: "Name the city.", es: "Nombra la ciudad."}\n',
         "  fact: trotsky-death\n" + NEAR_DUPLICATE.replace("which", "what"))
    assert load_course(course_copy).warnings == ()


def test_two_who_said_items_on_one_quote_are_near_duplicates(course_copy):
    text = (course_copy / "quizzes" / "alpha.yaml").read_text(encoding="utf-8")
    block = text[text.index("- id: a-who"):]
    (course_copy / "quizzes" / "gamma.yaml").write_text(block.replace("a-who", "c-who"), encoding="utf-8")
    warnings = load_course(course_copy, display_root="course").warnings
    assert len(warnings) == 1 and "question 'c-who' asks nearly what question 'a-who' asks" in warnings[0]


def test_the_editors_schema_describes_fact():
    from bot.content.schema import schemas

    for fmt in ("MultipleChoice", "OpenAnswer", "TrueFalse", "WhoSaidIt", "Ordering"):
        fact = schemas()["quizzes"]["$defs"][fmt]["properties"]["fact"]
        assert "at most one of them" in fact["description"]


def test_many_copies_of_a_question_are_counted_past_the_first_twenty(course_copy):
    text = (course_copy / "quizzes" / "alpha.yaml").read_text(encoding="utf-8")
    block = text[: text.index("- id: a-tf")]
    copies = "".join(block.replace("id: a-mc", f"id: c-mc-{n}") for n in range(22))
    (course_copy / "quizzes" / "gamma.yaml").write_text(copies, encoding="utf-8")
    warnings = load_course(course_copy, display_root="course").warnings
    assert len(warnings) == 21 and all("asks nearly what question 'a-mc' asks" in w for w in warnings[:20])
    assert warnings[20] == ("course/quizzes/gamma.yaml: 2 more questions ask nearly what an earlier one asks, the "
                            "first of them in this file: fix those above, then check again")
