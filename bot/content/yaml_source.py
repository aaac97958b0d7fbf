"""Read one YAML file into plain data, and find the line of any value in it.

Only the YAML core types are accepted: no Python tags, no anchors or aliases (which are how
"billion laughs" bombs are built), no duplicate keys. Timestamps stay strings. A value that cannot be
read (a number thousands of digits long, `!!bool maybe`...) is a YamlProblem with its line, never another
exception.

A string value is read without the spaces and line breaks around it: a course never means them, and a
stray space inside quotes would otherwise be kept, or a blank text pass as one. (Doing it here costs a
method call that returns the string itself when there is nothing to strip; pydantic's
`str_strip_whitespace` copied every string of a course, ~20% of validating it.)
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.events import AliasEvent, MappingEndEvent, MappingStartEvent, ScalarEvent, SequenceEndEvent, StreamEndEvent
from yaml.nodes import ScalarNode

from bot.content.errors import Msg, msg

MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 40
MAX_NODES = 200_000
# Python reads and prints an int of at most 4,300 digits (sys.int_max_str_digits), and a longer text makes
# no difference to a float; the course's numbers (an order, a year, a difficulty) have a few digits each.
MAX_NUMBER_CHARS = 100

Path = tuple[str | int, ...]

_CORE = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_CORE}{t}" for t in ("str", "int", "float", "bool", "null")}
_TIMESTAMP = f"{_CORE}timestamp"


class YamlProblem(Exception):
    """A file that cannot be read, at `line`: `problem` in the reader's language, `message` in English."""

    def __init__(self, line: int, problem: Msg):
        self.line = line
        self.problem = problem
        self.message = problem.render("en")
        super().__init__(self.message)


class YamlDocument:
    """A file's data. Lines are only needed to report a problem, so they are found when first asked for, by
    reading the text again with the line of every path recorded (recording them costs a tenth of a read)."""

    def __init__(self, data: Any, text: str, lines: dict[Path, int] | None = None):
        self.data = data
        self.text = text
        self._lines = lines

    @property
    def lines(self) -> dict[Path, int]:
        if self._lines is None:
            self._lines = _read(self.text, with_lines=True).lines
        return self._lines

    def line_of(self, path: Path) -> int:
        """The line of `path`, or of its nearest ancestor that has one."""
        lines = self.lines
        path = tuple(path)
        while path:
            if path in lines:
                return lines[path]
            path = path[:-1]
        return lines.get((), 1)


_CLoader = getattr(yaml, "CSafeLoader", None)  # libyaml, when PyYAML was built with it: ~20x faster
_Base = _CLoader or yaml.SafeLoader

_STR = f"{_CORE}str"
_SEQ = f"{_CORE}seq"
_MAP = f"{_CORE}map"
_MERGE = f"{_CORE}merge"
_INT = f"{_CORE}int"
_FLOAT = f"{_CORE}float"
_EXPECTED = {_INT: msg("problem.expect.int"), _FLOAT: msg("problem.expect.number"),
             f"{_CORE}bool": msg("problem.expect.bool"), f"{_CORE}null": msg("problem.expect.null")}


def _excerpt(value: str, width: int = 40) -> str:
    value = " ".join(value[: width * 2].split())  # on one line, whatever a quoted or block scalar held
    return value if len(value) <= width else value[: width - 1] + "…"


def decode(raw: bytes) -> str:
    if len(raw) > MAX_FILE_BYTES:
        raise YamlProblem(0, msg("problem.file_too_big", size=len(raw), limit=MAX_FILE_BYTES))
    if b"\x00" in raw:
        raise YamlProblem(0, msg("problem.nul_bytes"))
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlProblem(line, msg("problem.not_utf8")) from None
    return text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text


def parse(text: str) -> YamlDocument:
    try:
        return _read(text, with_lines=False)
    except _LinesNeeded:  # a problem whose message names a second line: read again, recording lines
        return _read(text, with_lines=True)


def _read(text: str, with_lines: bool) -> YamlDocument:
    loader = _Base(text)
    try:
        try:
            return _Builder(loader, text, with_lines).document()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = mark.line + 1 if mark else 0
            problem = exc.problem or str(exc)
            raise YamlProblem(line, _syntax(problem)) from None
        except yaml.YAMLError as exc:
            raise YamlProblem(0, msg("problem.yaml_syntax", problem=str(exc))) from None
    finally:
        loader.dispose()


# libyaml's words for the syntax mistakes a course file's writer makes most, each with its own message (so a
# Spanish reader reads it in Spanish); any other is quoted as the parser words it.
_SYNTAX = {
    "did not find expected node content": "problem.yaml.no_value",
    "mapping values are not allowed in this context": "problem.yaml.misplaced_mapping",
    "found unexpected end of stream": "problem.yaml.early_end",
    "found character that cannot start any token": "problem.yaml.bad_start",
    "did not find expected '-' indicator": "problem.yaml.no_dash",
    "did not find expected ',' or '}'": "problem.yaml.unclosed_brace",
    "did not find expected ',' or ']'": "problem.yaml.unclosed_bracket",
    "found unknown escape character": "problem.yaml.bad_escape",
    "did not find expected <document start>": "problem.yaml.no_start",
    "did not find expected key": "problem.yaml.no_key",
}


def _syntax(problem: str) -> Msg:
    key = _SYNTAX.get(problem)
    return msg(key) if key else msg("problem.yaml_syntax", problem=problem)


class _LinesNeeded(Exception):
    pass


class _Builder:
    """Parser events straight to plain data (and, when asked, the line of every path); no node tree is built.

    Anchors and aliases are refused as they are met, so an alias bomb never expands. Strings (most of a
    course) are taken as they are, stripped; plain decimal numbers are read by `int`; other scalars go
    through the safe constructor. A plain scalar's tag depends on its text alone (there are no path
    resolvers), so resolutions are cached: a course repeats the same few keys and words (`id`, `en`,
    `es`...) thousands of times."""

    _plain: dict[str, str] = {}

    def __init__(self, loader: yaml.SafeLoader, text: str, with_lines: bool):
        self.loader = loader
        self.get = loader.get_event
        self.lines: dict[Path, int] | None = {} if with_lines else None
        self.text = text
        self.count = 0

    def document(self) -> YamlDocument:
        get = self.get
        get()  # the stream's start
        doc = YamlDocument(None, self.text, self.lines)
        if type(get()) is StreamEndEvent:  # else: the document's start
            return doc
        event = get()
        if self.lines is not None:
            self.lines[()] = event.start_mark.line + 1
        doc.data = self.node(event, (), 0)
        get()  # the document's end
        event = get()
        if type(event) is not StreamEndEvent:
            raise YamlProblem(event.start_mark.line + 1, msg("problem.second_document"))
        return doc

    def node(self, event: Any, path: Path, depth: int) -> Any:
        """The value that `event` starts (a scalar, or a mapping or list read to its end)."""
        kind = type(event)
        if kind is ScalarEvent and event.anchor is None:
            return self.scalar(event)
        line = event.start_mark.line + 1
        if kind is AliasEvent or event.anchor is not None:
            self.refuse_anchor(event, line)
        if depth >= MAX_DEPTH:
            raise YamlProblem(line, msg("problem.too_deep", limit=MAX_DEPTH))
        tag = event.tag
        if kind is MappingStartEvent:
            if tag is not None and tag != "!" and tag != _MAP:
                self.refuse_tag(tag, line)
            return self.mapping(path, depth + 1)
        if tag is not None and tag != "!" and tag != _SEQ:
            self.refuse_tag(tag, line)
        return self.sequence(path, depth + 1)

    # In `mapping` and `sequence`, a value that is a plain or quoted string (most of a course) is taken
    # in the loop itself, by the test `scalar` would make, without a call per value.

    def mapping(self, path: Path, depth: int) -> dict[str, Any]:
        get, lines, plain, node = self.get, self.lines, self._plain, self.node
        result: dict[str, Any] = {}
        while True:
            event = get()
            if type(event) is MappingEndEvent:
                self.counted(len(result), event)
                return result
            key = event.value if type(event) is ScalarEvent else None
            if (key is None or event.tag is not None or event.anchor is not None or key in result
                    or (event.implicit[0] and plain.get(key) != _STR)):
                key = self.key(event, result, path)  # all but a new key that is a plain or quoted string
            child = path
            if lines is not None:
                child = (*path, key)
                lines[child] = event.start_mark.line + 1
            event = get()
            if (type(event) is ScalarEvent and event.tag is None and event.anchor is None
                    and (not event.implicit[0] or plain.get(event.value) == _STR)):
                result[key] = event.value.strip()
            else:
                result[key] = node(event, child, depth)

    def sequence(self, path: Path, depth: int) -> list[Any]:
        get, lines, plain, node = self.get, self.lines, self._plain, self.node
        result: list[Any] = []
        append = result.append
        while True:
            event = get()
            if type(event) is SequenceEndEvent:
                self.counted(len(result), event)
                return result
            child = path
            if lines is not None:
                child = (*path, len(result))
                lines[child] = event.start_mark.line + 1
            if (type(event) is ScalarEvent and event.tag is None and event.anchor is None
                    and (not event.implicit[0] or plain.get(event.value) == _STR)):
                append(event.value.strip())
            else:
                append(node(event, child, depth))

    def counted(self, values: int, end: Any) -> None:
        """Count a finished mapping's or list's values against the file's limit (without aliases, what a
        file can hold is bounded by its size, so counting once a container ends is soon enough)."""
        self.count += values
        if self.count > MAX_NODES:
            raise YamlProblem(end.start_mark.line + 1, msg("problem.too_many_values", limit=MAX_NODES))

    def key(self, event: Any, mapping: dict[str, Any], path: Path) -> str:
        line = event.start_mark.line + 1
        self.refuse_anchor(event, line)
        if type(event) is not ScalarEvent:
            raise YamlProblem(line, msg("problem.key_not_word"))
        if self.tag(event) == _MERGE:
            raise YamlProblem(line, msg("problem.merge_key"))
        key = str(self.scalar(event))
        if key in mapping:
            if self.lines is None:
                raise _LinesNeeded
            first = self.lines.get((*path, key), line)
            raise YamlProblem(line, msg("problem.duplicate_key", key=key, first=first))
        return key

    def tag(self, event: Any) -> str:
        tag = event.tag
        if tag is None or tag == "!":
            value = event.value
            if not event.implicit[0]:
                return _STR
            tag = self._plain.get(value)
            if tag is None:
                tag = self.loader.resolve(ScalarNode, value, event.implicit)
                if len(value) <= 40 and len(self._plain) < 10_000:
                    self._plain[value] = tag
        return tag

    def scalar(self, event: Any) -> Any:
        tag, value = self.tag(event), event.value
        if tag == _STR:
            return value.strip()
        if tag == _TIMESTAMP:
            return value
        line = event.start_mark.line + 1
        if tag not in _SCALAR_TAGS:
            self.refuse_tag(tag, line)
        if tag in (_INT, _FLOAT) and len(value) > MAX_NUMBER_CHARS:
            raise YamlProblem(line, msg("problem.number_too_long", length=len(value),
                                        value=_excerpt(value), limit=MAX_NUMBER_CHARS))
        if tag == _INT and value.isascii() and value.isdigit() and (value[0] != "0" or len(value) == 1):
            return int(value)  # a plain decimal number (a leading 0 makes it octal, read below)
        node = ScalarNode(tag, value, event.start_mark, event.end_mark, event.style)
        try:
            return self.loader.construct_object(node, deep=True)
        except Exception:  # noqa: BLE001 - whatever a constructor raises, the moderator gets the line and the fix
            raise YamlProblem(line, msg("problem.unreadable_value", value=_excerpt(value),
                                        what=_EXPECTED[tag])) from None

    @staticmethod
    def refuse_anchor(event: Any, line: int) -> None:
        if type(event) is AliasEvent:
            raise YamlProblem(line, msg("problem.alias"))
        if event.anchor is not None:
            raise YamlProblem(line, msg("problem.anchor"))

    @staticmethod
    def refuse_tag(tag: str, line: int) -> None:
        raise YamlProblem(line, msg("problem.tag", tag=tag))
