"""Course problems reach a moderator in their language: every problem is a message key with its parameters,
every key has its Spanish text, and a broken course reads right in both languages, with its file and line."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.content import ContentError, ContentErrors, load_course
from bot.content.errors import Msg, msg
from bot.content.loader import KINDS
from bot.content.messages import TYPE_NAMES
from bot.content.yaml_source import YamlProblem, parse
from bot.i18n import CATALOGS

BOT = Path(__file__).resolve().parents[2] / "bot"
EN, ES = CATALOGS["en"], CATALOGS["es"]
KEY = re.compile(r"""["'](problem\.[a-z0-9_.]+)["']""")
SAME_IN_BOTH = {"problem.labelled"}  # "{label}: {problem}": only its parts are words


def problem_keys_in_code() -> set[str]:
    """Every problem key the code names, literally or by a kind's or a type's name."""
    literal = {key for path in BOT.rglob("*.py") for key in KEY.findall(path.read_text(encoding="utf-8"))}
    named = ({f"problem.kind.{k.name}" for k in KINDS} | {f"problem.kinds.{k.name}" for k in KINDS if k.many}
             | {f"problem.expect.{name}" for name in TYPE_NAMES.values()})
    return literal | named


def keys_of(problem: Msg) -> set[str]:
    return {problem.key} | {k for _, v in problem.params if isinstance(v, Msg) for k in keys_of(v)}


def test_every_problem_the_code_can_raise_has_its_spanish_text():
    keys = problem_keys_in_code()
    assert len(keys) > 50, "the scan found too few keys: the pattern is wrong"
    assert keys <= set(EN), keys - set(EN)
    assert keys <= set(ES), keys - set(ES)
    untranslated = {k for k in keys - SAME_IN_BOTH if ES[k] == EN[k]}
    assert not untranslated, untranslated
    unused = {k for k in EN if k.startswith("problem.")} - keys
    assert not unused, unused


def test_a_problem_cannot_be_a_finished_sentence():
    with pytest.raises(TypeError):
        ContentError("course/x.yaml", 3, "unknown topic 'x'")  # type: ignore[arg-type]


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(root: Path, rel: str, needle: str) -> int:
    lines = (root / rel).read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if needle in line)


@pytest.fixture
def broken(course_copy: Path) -> list[ContentError]:
    """A course with one problem of many kinds: a file, a key, a range, a cross-field check, a reference, a
    letter. (No YAML syntax problem: a file that cannot be read stops the reference checks.)"""
    edit(course_copy, "glossary/terms.yaml", "topics: [alpha]", "topics: [alpah]")
    edit(course_copy, "quizzes/alpha.yaml", "answer: B\n  explanation: {en: \"Because",
         "answer: Z\n  explanation: {en: \"Because")
    edit(course_copy, "quizzes/alpha.yaml", "difficulty: 1\n  prompt: {en: \"Alpha",
         "difficulty: 9\n  prompt: {en: \"Alpha")
    edit(course_copy, "quizzes/alpha.yaml", "Speaker One said it.", "(B) is right.")
    edit(course_copy, "quizzes/beta.yaml", "- id: b-open\n", "- id: b-open\n  colour: red\n")
    (course_copy / "quizzes" / "notes.json").write_text("{}", encoding="utf-8")
    with pytest.raises(ContentErrors) as info:
        load_course(course_copy, display_root="course")
    return info.value.errors


def test_every_problem_of_a_broken_course_reads_in_spanish(broken):
    assert len(broken) >= 6, [str(e) for e in broken]
    for error in broken:
        spanish = error.render("es")
        assert spanish != error.render("en"), spanish
        assert spanish.startswith(f"{error.file}:{error.line}: " if error.line else f"{error.file}: ")
        for key in keys_of(error.problem):
            assert key in ES and (ES[key] != EN[key] or key in SAME_IN_BOTH), key


def test_the_same_problem_in_english_and_spanish(course_copy, broken):
    by_file = {(e.file, e.line): e for e in broken}
    line = line_of(course_copy, "glossary/terms.yaml", "[alpah]")
    term = by_file["course/glossary/terms.yaml", line]
    assert term.render("en") == (f"course/glossary/terms.yaml:{line}: term 'g-alpha': unknown topic 'alpah' in "
                                 "'topics': did you mean 'alpha'?")
    assert term.render("es") == (f"course/glossary/terms.yaml:{line}: término «g-alpha»: «topics» nombra «alpah», "
                                 "que no existe como tema en el curso: ¿querías decir «alpha»?")

    line = line_of(course_copy, "quizzes/alpha.yaml", "answer: Z")
    answer = by_file["course/quizzes/alpha.yaml", line]
    assert answer.render("en").endswith("question 'a-mc': answer 'Z' is not one of the choices A-D")
    assert answer.render("es").endswith("pregunta «a-mc»: la respuesta «Z» no es ninguna de las opciones A-D")

    line = line_of(course_copy, "quizzes/alpha.yaml", "difficulty: 9")
    assert by_file["course/quizzes/alpha.yaml", line].render("es").endswith(
        "pregunta «a-tf»: «difficulty» vale 9 y debe ser como máximo 3")

    line = line_of(course_copy, "quizzes/beta.yaml", "colour: red")
    assert by_file["course/quizzes/beta.yaml", line].render("es").endswith(
        "pregunta «b-open»: la clave «colour» no existe: revisa cómo está escrita o quítala")

    assert by_file["course/quizzes/notes.json", 0].render("es") == (
        "course/quizzes/notes.json: no es un archivo .yaml: cámbiale el nombre o sácalo del curso")


def test_a_file_that_is_not_yaml_reads_in_spanish_with_its_line():
    with pytest.raises(YamlProblem) as info:
        parse("- id: g-one\n  id: g-two\n")
    assert info.value.line == 2 and info.value.message == "duplicate key 'id' (first at line 1): remove one"
    assert info.value.problem.render("es") == "la clave «id» está repetida (aparece antes, en la línea 1): quita una"


@pytest.mark.parametrize("text, line, english, spanish", [
    ("- id: [\n", 2, "YAML syntax: did not find expected node content",
     "error de sintaxis YAML: falta un valor donde debía haberlo"),
    ("a: {x: 1\n", 2, "YAML syntax: did not find expected ',' or '}'",
     "error de sintaxis YAML: falta una «,» o la «}» de cierre"),
    ("a: b\n c: d\n", 2, "YAML syntax: mapping values are not allowed in this context",
     "error de sintaxis YAML: aquí no puede empezar un par «clave: valor»"),
])
def test_common_yaml_syntax_mistakes_read_in_spanish(text, line, english, spanish):
    with pytest.raises(YamlProblem) as info:
        parse(text)
    assert (info.value.line, info.value.message, info.value.problem.render("es")) == (line, english, spanish)


def test_nested_parts_are_written_in_the_same_language():
    problem = msg("problem.wrong_type", where="difficulty", expected=msg("problem.expect.int"), value="x")
    assert problem.render("en") == "'difficulty' should be a whole number, not 'x'"
    assert problem.render("es") == "«difficulty» debe ser un número entero, no «x»"


def test_a_report_counts_what_it_leaves_out_in_the_readers_language(broken):
    errors = ContentErrors(broken)
    assert errors.report(limit=2).splitlines()[-1] == f"… and {len(broken) - 2} more problems"
    assert errors.report(limit=2, lang="es").splitlines()[-1] == f"… y {len(broken) - 2} problemas más"
