"""Read one YAML file into plain data plus a map from data paths to line numbers.

Only the YAML core types are accepted: no Python tags, no anchors or aliases (which are how
"billion laughs" bombs are built), no duplicate keys. Timestamps stay strings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

MAX_FILE_BYTES = 1_000_000
MAX_DEPTH = 40
MAX_NODES = 200_000

Path = tuple[str | int, ...]

_CORE = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_CORE}{t}" for t in ("str", "int", "float", "bool", "null")}
_TIMESTAMP = f"{_CORE}timestamp"


class YamlProblem(Exception):
    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass
class YamlDocument:
    data: Any
    lines: dict[Path, int] = field(default_factory=dict)

    def line_of(self, path: Path) -> int:
        """The line of `path`, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


_CLoader = getattr(yaml, "CSafeLoader", None)  # libyaml, when PyYAML was built with it: ~20x faster
_Base = _CLoader or yaml.SafeLoader


class _Loader(_Base):  # type: ignore[misc, valid-type]
    """The safe loader, resolving plain scalars through a cache: a course repeats the same few keys and words
    (`id`, `en`, `es`, `topics`...) thousands of times, and each resolution tries a list of regular expressions.
    A plain scalar's tag depends on its text alone (there are no path resolvers), so the cache is exact."""

    _plain: dict[str, str] = {}

    def resolve(self, kind: type, value: str, implicit: tuple[bool, bool]) -> str:
        if kind is ScalarNode and implicit[0]:
            tag = self._plain.get(value)
            if tag is None:
                tag = super().resolve(kind, value, implicit)
                if len(value) <= 40 and len(self._plain) < 10_000:
                    self._plain[value] = tag
            return tag
        return super().resolve(kind, value, implicit)


def _refuse_anchors(text: str) -> None:
    """Anchors and aliases are refused from the event stream, before any node is built (an alias bomb
    never gets to expand). Both need an '&' or a '*' in the text: without either there is nothing to scan."""
    if "&" not in text and "*" not in text:
        return
    for event in yaml.parse(text, Loader=_Base):
        if isinstance(event, yaml.AliasEvent):
            raise YamlProblem(event.start_mark.line + 1, "anchors and aliases (*name) are not supported; "
                              "write the value out in full")
        if getattr(event, "anchor", None):
            raise YamlProblem(event.start_mark.line + 1, "anchors (&name) are not supported; "
                              "write the value out in full")


def decode(raw: bytes) -> str:
    if len(raw) > MAX_FILE_BYTES:
        raise YamlProblem(0, f"file is {len(raw):,} bytes; the limit is {MAX_FILE_BYTES:,}: split it")
    if b"\x00" in raw:
        raise YamlProblem(0, "file contains NUL bytes: it is not a text file")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlProblem(line, "file is not valid UTF-8 text: save it as UTF-8") from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse(text: str) -> YamlDocument:
    loader = _Loader(text)
    try:
        try:
            _refuse_anchors(text)
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = mark.line + 1 if mark else 0
            problem = exc.problem or str(exc)
            raise YamlProblem(line, f"YAML syntax: {problem}") from None
        except yaml.YAMLError as exc:
            raise YamlProblem(0, f"YAML syntax: {exc}") from None
        doc = YamlDocument(data=None)
        if node is None:
            return doc
        builder = _Builder(loader, doc)
        doc.data = builder.build(node, (), 0)
        return doc
    finally:
        loader.dispose()


_STR = f"{_CORE}str"
_SEQ = f"{_CORE}seq"
_MAP = f"{_CORE}map"
_MERGE = f"{_CORE}merge"


class _Builder:
    """Nodes to plain data, recording the line of every path. Strings (most of a course) are taken from the
    node as they are; other scalars go through the safe constructor."""

    def __init__(self, loader: yaml.SafeLoader, doc: YamlDocument):
        self.loader = loader
        self.doc = doc
        self.lines = doc.lines
        self.count = 0

    def build(self, node: Node, path: Path, depth: int) -> Any:
        self.count += 1
        line = node.start_mark.line + 1
        if self.count > MAX_NODES:
            raise YamlProblem(line, f"more than {MAX_NODES:,} values in one file: split it")
        if depth > MAX_DEPTH:
            raise YamlProblem(line, f"nested more than {MAX_DEPTH} levels deep")
        lines = self.lines
        if path not in lines:
            lines[path] = line
        kind = type(node)
        if kind is ScalarNode:
            return node.value if node.tag == _STR else self.scalar(node, line)
        if kind is MappingNode:
            if node.tag != _MAP:
                self.refuse_tag(node, line)
            result: dict[str, Any] = {}
            depth += 1
            for key_node, value_node in node.value:
                key_line = key_node.start_mark.line + 1
                if type(key_node) is not ScalarNode:
                    raise YamlProblem(key_line, "a key must be a plain word, not a list or mapping")
                key = key_node.value if key_node.tag == _STR else self.scalar(key_node, key_line)
                if key == "<<" or key_node.tag == _MERGE:
                    raise YamlProblem(key_line, "merge keys (<<) are not supported")
                key = str(key)
                if key in result:
                    first = lines.get((*path, key), key_line)
                    raise YamlProblem(key_line, f"duplicate key '{key}' (first at line {first}): remove one")
                child = (*path, key)
                lines[child] = key_line
                result[key] = self.build(value_node, child, depth)
            return result
        if kind is SequenceNode:
            if node.tag != _SEQ:
                self.refuse_tag(node, line)
            depth += 1
            return [self.build(child, (*path, i), depth) for i, child in enumerate(node.value)]
        raise YamlProblem(line, "unsupported YAML node")

    @staticmethod
    def refuse_tag(node: Node, line: int) -> None:
        raise YamlProblem(line, f"tag '{node.tag}' is not allowed: remove it")

    def scalar(self, node: ScalarNode, line: int) -> Any:
        if node.tag == _TIMESTAMP:
            return node.value
        if node.tag not in _SCALAR_TAGS:
            self.refuse_tag(node, line)
        try:
            return self.loader.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, OverflowError) as exc:
            raise YamlProblem(line, f"cannot read value '{node.value[:40]}': {exc}") from None
