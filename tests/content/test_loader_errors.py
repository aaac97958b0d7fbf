"""Broken copies of a course: each error names the file, the line and what to do."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.content import ContentErrors, load_course


def edit(root: Path, rel: str, old: str, new: str) -> None:
    path = root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not in {rel}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(root: Path, rel: str, needle: str) -> int:
    for number, line in enumerate((root / rel).read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {rel}")


def errors_for(root: Path) -> list[str]:
    with pytest.raises(ContentErrors) as info:
        load_course(root, display_root="course")
    return [str(e) for e in info.value.errors]


# (file, old text, new text, text on the line the error must point at [or (text, lines below it)],
#  words the message must contain)
BREAKAGES = [
    ("quizzes/alpha.yaml", "answer: B", "answer: E", "answer: E",
     "question 'a-mc': answer 'E' is not one of the choices A-D"),
    ("quizzes/alpha.yaml", "type: true_false", "type: truefalse", "type: truefalse", "type 'truefalse' is unknown"),
    ("quizzes/alpha.yaml", "difficulty: 2", "difficulty: 7", "difficulty: 7", "'difficulty' is 7"),
    ("quizzes/alpha.yaml", "  prompt: {en: \"Which is right?\"", "  promt: {en: \"Which is right?\"",
     "promt:", "unknown key 'promt'"),
    ("quizzes/beta.yaml", "topics: [beta]", "topics: [betta]", "topics: [betta]",
     "unknown topic 'betta' in 'topics': did you mean 'beta'?"),
    ("quizzes/beta.yaml", "sources: [src-a]", "sources: [src-z]", "sources: [src-z]", "unknown source 'src-z'"),
    ("quizzes/alpha.yaml", "quote: q-alpha", "quote: q-gamma", "quote: q-gamma", "unknown quote 'q-gamma'"),
    ("quizzes/alpha.yaml", 'choices: ["Speaker Two", "Speaker One"', 'choices: ["Speaker Two", "Speaker Nine"',
     ("Speaker Nine", 1), "is not the speaker of quote 'q-alpha'"),
    ("quizzes/beta.yaml", "id: b-open", "id: a-mc", "id: a-mc", "duplicate id (also at course/quizzes/alpha.yaml:1)"),
    ("topics/alpha.yaml", "related: [beta]", "related: [gamma]", "related: [gamma]",
     "unknown topic 'gamma' in 'related'"),
    ("topics/alpha.yaml", "key_terms: [g-alpha]", "key_terms: [g-alfa]", "key_terms: [g-alfa]",
     "unknown term 'g-alfa' in 'key_terms'"),
    ("topics/alpha.yaml", "summary: {en: \"Summary of alpha.\"", "summary: {en: \"" + "x" * 401 + "\"",
     "summary:", "'summary.en' is 401 characters; the limit is 400"),
    ("quizzes/alpha.yaml", "- {en: \"Right one\", es: \"Correcta\"}",
     "- {en: \"" + "r" * 90 + "\", es: \"Correcta\"}", "r" * 90,
     "'choices[1].en' is 90 characters; the limit is 76"),
    ("timeline/events.yaml", 'date: "1905"', 'date: "1905-13"', 'date: "1905-13"',
     "is not YYYY, YYYY-MM or YYYY-MM-DD"),
    ("glossary/terms.yaml", "id: g-beta", "id: G Beta", "id: G Beta", "'G Beta' in 'id' is not a valid id"),
    ("quotes/quotes.yaml", "  year: 1905", "  year: 1905\n  year: 1906", "year: 1906",
     "duplicate key 'year' (first at line"),
    ("quizzes/beta.yaml", "    - {en: \"Third\", es: \"Tercero\"}",
     "    - {en: \"Third\", es: \"Tercero\"}\n    - {en: \"4\"}\n    - {en: \"5\"}", ("Third", -3),
     "'items' has 5 entries; at most 4"),
    ("quizzes/alpha.yaml", "answer: true", "answer: maybe", "answer: maybe", "'answer' should be true or false"),
    ("sources.yaml", "language: en", "language: english", "language: english", "two-letter language code"),
    ("quizzes/beta.yaml", "  accept:\n", "  accept: !!python/object:os.system\n", "accept:", "tag"),
    ("quotes/quotes.yaml", "- id: q-beta", "- id: q-beta\n  text: &t oops\n  speaker: *t", "&t",
     "anchors (&name) are not supported"),
    ("topics/beta.yaml", "  - title: {en: \"Three\"", "  - title: [en: \"Three\"", "[en: \"Three\"", "YAML syntax"),
    ("topics/alpha.yaml", "summary: {en: \"Summary of alpha.\"", "summary: {en: \"   \"", "summary:",
     "'summary.en' is empty"),
    # a note corrects a source: a reader of either language is shown it, so neither language may be left out
    ("quotes/quotes.yaml", '    es: "La fuente A lo fecha en 1904; se dijo en 1905."\n', "", "note:",
     "quote 'q-alpha': missing 'note.es': add it"),
    ("quizzes/alpha.yaml", 'note: {en: "Source A calls it the wrong one.", ', "note: {", "note: {",
     "question 'a-mc': missing 'note.en': add it"),
    ("timeline/events.yaml", 'note: {en: "Source A puts it in 1904.", es: "La fuente A lo sitúa en 1904."}',
     'note: {en: "Source A puts it in 1904."}', "note: {", "event 't-one': missing 'note.es': add it"),
    ("glossary/terms.yaml", 'es: "La fuente A la llama la segunda."', 'es: "' + "n" * 301 + '"', "n" * 301,
     "term 'g-alpha': 'note.es' is 301 characters; the limit is 300"),
    # /sources shows a source in one embed field
    ("sources.yaml", 'description: {en: "The first source."', 'description: {en: "' + "d" * 900 + '"', "d" * 900,
     "source 'src-a': the source's author, publisher, date, url, description and about are 983 characters together"
     " in 'en'; /sources shows them in one field of 944"),
    ("sources.yaml", 'publisher: "Press A"', "publisher: 7", "publisher: 7", "'publisher' should be text"),
    ("course.yaml", "about_sources:\n", "about_sources:\n  fr: \"Une seule source.\"\n", "fr:",
     "unknown key 'about_sources.fr'"),
]


@pytest.mark.parametrize("rel, old, new, marker, words", BREAKAGES, ids=[b[4][:40] for b in BREAKAGES])
def test_broken_course_names_file_line_and_problem(course_copy, rel, old, new, marker, words):
    edit(course_copy, rel, old, new)
    errors = errors_for(course_copy)
    text, offset = marker if isinstance(marker, tuple) else (marker, 0)
    line = line_of(course_copy, rel, text) + offset
    expected_prefix = f"course/{rel}:{line}: "
    assert any(e.startswith(expected_prefix) and words in e for e in errors), (expected_prefix, words, errors)


def test_all_errors_reported_in_one_run(course_copy):
    edit(course_copy, "quizzes/alpha.yaml", "answer: B", "answer: E")
    edit(course_copy, "quizzes/beta.yaml", "topics: [beta]", "topics: [betta]")
    edit(course_copy, "glossary/terms.yaml", "id: g-beta", "id: G Beta")
    errors = errors_for(course_copy)
    assert {e.split(":")[0] for e in errors} >= {
        "course/quizzes/alpha.yaml", "course/quizzes/beta.yaml", "course/glossary/terms.yaml"}


def test_binary_junk_bom_and_crlf(course_copy):
    (course_copy / "glossary" / "junk.yaml").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00binary")
    errors = errors_for(course_copy)
    assert "course/glossary/junk.yaml: file contains NUL bytes: it is not a text file" in errors
    (course_copy / "glossary" / "junk.yaml").unlink()
    path = course_copy / "glossary" / "terms.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    assert len(load_course(course_copy).glossary) == 2


def test_oversized_file_refused(course_copy):
    (course_copy / "quotes" / "huge.yaml").write_text("# " + "x" * 1_000_100 + "\n")
    errors = errors_for(course_copy)
    assert any(e.startswith("course/quotes/huge.yaml: file is 1,000,103 bytes; the limit is") for e in errors)


def test_missing_course_file_and_wrong_shape(course_copy):
    (course_copy / "course.yaml").unlink()
    (course_copy / "timeline" / "events.yaml").write_text("id: t-x\ndate: '1905'\n")
    errors = errors_for(course_copy)
    assert "course/course.yaml: missing: every course needs a course.yaml" in errors
    assert any(e.startswith("course/timeline/events.yaml:1: this file must be a list") for e in errors)


def test_unknown_file_in_course_root(course_copy):
    (course_copy / "quizes.yaml").write_text("[]\n")
    assert any(e.startswith("course/quizes.yaml: unknown course file") for e in errors_for(course_copy))


def test_missing_spanish_is_a_warning_naming_the_field(course_copy):
    edit(course_copy, "glossary/terms.yaml", 'definition: {en: "The first letter.", es: "La primera letra."}',
         'definition: {en: "The first letter."}')
    catalog = load_course(course_copy, display_root="course")
    assert catalog.warnings == ("course/glossary/terms.yaml:1: term 'g-alpha': no Spanish text for definition",)


def test_a_broken_topic_is_reported_once_not_at_every_reference(course_copy):
    edit(course_copy, "topics/beta.yaml", 'summary: {en: "Summary of beta."', 'summary: {en: "' + "b" * 401 + '"')
    errors = errors_for(course_copy)
    assert len(errors) == 1 and errors[0].startswith("course/topics/beta.yaml:")


def test_a_note_is_loaded_in_both_languages(course_copy):
    catalog = load_course(course_copy, display_root="course")
    note = catalog.quotes["q-alpha"].note
    assert (note.get("en"), note.get("es")) == ("Source A dates it 1904; it was said in 1905.",
                                                "La fuente A lo fecha en 1904; se dijo en 1905.")
    assert catalog.items["a-mc"].note.get("es") == "La fuente A la llama la incorrecta."
    assert catalog.quotes["q-beta"].note is None and not catalog.warnings


def test_a_source_or_about_sources_without_spanish_is_a_warning(course_copy):
    edit(course_copy, "sources.yaml", ', es: "La revista de un partido, que defiende su postura."', "")
    edit(course_copy, "course.yaml", '  es: "El curso se basa', '  # es: "El curso se basa')
    catalog = load_course(course_copy, display_root="course")
    assert catalog.warnings == ("course/course.yaml:1: course 'fixture-course': no Spanish text for about_sources",
                                "course/sources.yaml:1: source 'src-a': no Spanish text for about")
    assert catalog.sources["src-a"].publisher == "Press A"
