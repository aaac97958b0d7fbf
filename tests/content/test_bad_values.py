"""A value the loader cannot turn into data (a number thousands of digits long, `!!bool maybe`...) is a
`file:line: problem` like any other mistake, in `check`, in a reload and in an upload's trial; never a crash."""

from __future__ import annotations

import logging

import pytest

from bot.content import ContentErrors, load_course
from bot.content import loader as loader_module
from bot.content.staging import trial_course
from bot.content.yaml_source import MAX_NUMBER_CHARS, YamlProblem, parse

TOO_LONG = "a number {n:,} characters long"
UNREADABLE = "cannot be read as {what}: write {what}, or put the value in quotes if it is text"
BAD = [
    ("9" * 5000, TOO_LONG.format(n=5000)),  # past Python's 4,300-digit limit for int(str)
    ("-" + "9" * 4301, TOO_LONG.format(n=4302)),
    ("0x" + "f" * 4000, TOO_LONG.format(n=4002)),  # read fine, but its 4,800 decimal digits cannot be printed
    ("0" + "7" * 5000, TOO_LONG.format(n=5001)),  # octal
    ("0b" + "1" * 20000, TOO_LONG.format(n=20002)),
    ("1_" + "0" * 5000, TOO_LONG.format(n=5002)),
    ("1:" + "59:" * 2000 + "1", TOO_LONG.format(n=6003)),  # base 60
    ("9" * 5000 + ".5", TOO_LONG.format(n=5002)),
    ("!!int " + "9" * 5000, TOO_LONG.format(n=5000)),
    ("!!int abc", UNREADABLE.format(what="a whole number")),
    ("!!float abc", UNREADABLE.format(what="a number")),
    ("!!bool maybe", UNREADABLE.format(what="true or false")),
]


@pytest.mark.parametrize("value, words", BAD, ids=[w[:24] + v[:10] for v, w in BAD])
@pytest.mark.parametrize("shape", ["value", "item", "key"])
def test_an_unreadable_value_is_a_problem_on_its_line(value, words, shape):
    text = {"value": f"id: x\norder:\n  {value}\n",
            "item": f"id: x\nlist:\n  - 1\n  - {value}\n",
            "key": f"id: x\nmap:\n  ? {value}\n  : 1\n"}[shape]
    with pytest.raises(YamlProblem) as info:
        parse(text)
    assert words in info.value.message, info.value.message
    assert info.value.line == 3 + (shape == "item"), info.value.line
    assert len(info.value.message) < 300 and "\n" not in info.value.message


def test_numbers_up_to_the_limit_are_read():
    longest = "1" + "0" * (MAX_NUMBER_CHARS - 1)
    assert parse(f"a: {longest}\nb: 0x{'f' * (MAX_NUMBER_CHARS - 2)}\n").data == {
        "a": 10 ** (MAX_NUMBER_CHARS - 1), "b": 16 ** (MAX_NUMBER_CHARS - 2) - 1}
    assert parse(f"a: '{'9' * 5000}'\n").data == {"a": "9" * 5000}  # in quotes it is text, of any length


@pytest.mark.parametrize("value, words", BAD[:3] + BAD[-1:], ids=["decimal", "negative", "hex", "bool"])
def test_the_course_names_the_file_and_line_and_nothing_else(course_copy, value, words):
    topic = course_copy / "topics" / "alpha.yaml"
    topic.write_text(topic.read_text().replace("order: 1\n", f"order: {value}\n"))
    with pytest.raises(ContentErrors) as info:
        load_course(course_copy, display_root="course")
    # one error: not also every reference to the topic that could not be read
    (error,) = [str(e) for e in info.value.errors]
    assert error.startswith("course/topics/alpha.yaml:2: ") and words in error, error


def test_an_upload_with_such_a_value_is_refused_with_its_line(course_copy, tmp_path):
    raw = ("- id: g-new\n  term: {en: New, es: Nuevo}\n  definition: {en: A word., es: Una palabra.}\n"
           "  topics: [alpha]\n  sources: [src-a]\n  order: " + "9" * 5000 + "\n").encode()
    errors = trial_course(course_copy, tmp_path / "scratch", "glossary", "new.yaml", raw)
    assert errors == [f"course/glossary/new.yaml:6: {TOO_LONG.format(n=5000)} ('{'9' * 39}…'): no course value "
                      f"needs more than {MAX_NUMBER_CHARS}; shorten it, or put it in quotes if it is text"]


def test_any_other_failure_while_validating_is_located_and_logged(course_copy, monkeypatch, caplog):
    def broken(value):
        raise RuntimeError("a bug in a validator")

    kinds = tuple(k if k.name != "glossary" else type(k)(k.name, k.place, k.many, broken, k.label)
                  for k in loader_module.KINDS)
    monkeypatch.setattr(loader_module, "KINDS", kinds)
    with caplog.at_level(logging.ERROR, logger="bot.content.loader"), pytest.raises(ContentErrors) as info:
        load_course(course_copy, display_root="course")
    errors = [str(e) for e in info.value.errors]
    assert errors[0] == ("course/glossary/terms.yaml:1: term 'g-alpha': could not be read (an unexpected error, "
                         "logged with its details): report it to the bot's operators"), errors
    assert all(e.startswith("course/glossary/terms.yaml:") for e in errors), errors
    assert "a bug in a validator" in caplog.text
