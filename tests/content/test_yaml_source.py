"""One YAML file read on its own: what is refused, with which line, and where each value is."""

from __future__ import annotations

import pytest

from bot.content.yaml_source import YamlProblem, parse

REFUSED = [
    ("a: 1\n<<: {b: 2}\n", 2, "merge keys (<<) are not supported"),
    ("a: &x 1\nb: *x\n", 1, "anchors (&name) are not supported"),
    ("a: 1\nb: [*x]\n", 2, "anchors and aliases (*name) are not supported"),
    ("- a\n---\n- b\n", 2, "a second document ('---') was found"),
    ("a: 1\nb: !!binary aGk=\n", 2, "tag 'tag:yaml.org,2002:binary' is not allowed"),
    ("? [a]\n: 1\n", 1, "a key must be a plain word"),
    ("a:\n  b: 1\n  c: 2\n  b: 3\n", 4, "duplicate key 'b' (first at line 2)"),
    ("a: [1, 2\n", 2, "YAML syntax"),
    ("a: " + "[" * 45 + "]" * 45 + "\n", 1, "nested more than 40 levels deep"),
]


@pytest.mark.parametrize("text, line, words", REFUSED, ids=[r[2][:30] for r in REFUSED])
def test_refused_with_its_line(text, line, words):
    with pytest.raises(YamlProblem) as info:
        parse(text)
    assert info.value.line == line and words in info.value.message, (info.value.line, info.value.message)


def test_core_scalars_and_timestamps_kept_as_text():
    doc = parse("a: 2001-01-01\nb: 0x1F\nc: 1_000\nd: ~\ne: 'yes'\nf: yes\ng: \"12\"\n")
    assert doc.data == {"a": "2001-01-01", "b": 31, "c": 1000, "d": None, "e": "yes", "f": True, "g": "12"}


def test_the_line_of_every_value():
    text = "id: x\nitems:\n  - title: {en: One}\n  -\n    title:\n      en: Two\nlast: [1,\n  2]\n"
    doc = parse(text)
    assert doc.data == {"id": "x", "items": [{"title": {"en": "One"}}, {"title": {"en": "Two"}}], "last": [1, 2]}
    assert doc.line_of(()) == 1
    assert doc.line_of(("items", 0, "title", "en")) == 3
    assert doc.line_of(("items", 1)) == 5  # an item opened by a bare '-' starts where its first key is
    assert doc.line_of(("items", 1, "title", "en")) == 6
    assert doc.line_of(("last", 1)) == 8
    assert doc.line_of(("items", 1, "no such key")) == 5  # the nearest ancestor that exists


def test_a_file_with_too_many_values_is_refused_where_the_count_is_passed(monkeypatch):
    monkeypatch.setattr("bot.content.yaml_source.MAX_NODES", 5)
    assert parse("a: [1, 2]\nb: [3]\n").data == {"a": [1, 2], "b": [3]}  # five values: the limit
    with pytest.raises(YamlProblem) as info:
        parse("a: [1, 2, 3]\nb:\n  - 4\n  - 5\nc: 6\n")
    assert info.value.line == 6 and "more than 5 values in one file: split it" in info.value.message


def test_numbers_read_as_yaml_reads_them():
    doc = parse("a: 7\nb: 0\nc: 010\nd: -3\ne: 3.5\nf: 12345678901234567890\n")
    assert doc.data == {"a": 7, "b": 0, "c": 8, "d": -3, "e": 3.5, "f": 12345678901234567890}


def test_strings_are_read_without_the_whitespace_around_them():
    doc = parse('a: "  padded  "\nb: >\n  folded\n  text\nc: |\n  kept\n  lines\nd: [" x", plain]\ne: !!str " y "\n')
    assert doc.data == {"a": "padded", "b": "folded text", "c": "kept\nlines", "d": ["x", "plain"], "e": "y"}
