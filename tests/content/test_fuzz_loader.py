"""Fuzzing the content loader: mutations of the shipped files, and arbitrary bytes and text, each put into
a small course. Every input must give either a course or ContentErrors naming the file (and, for anything
but a whole-file problem, the line); never another exception. The default run tries a few hundred
inputs; `pytest -m slow` tries 10,000 mutations."""

from __future__ import annotations

import random
import shutil
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.content import ContentErrors, load_course
from tests.conftest import FIXTURE_COURSE, SHIPPED_COURSE

SOURCES = sorted(p for p in SHIPPED_COURSE.rglob("*.yaml") if ".backups" not in p.parts)
JUNK = [":", "- ", "{", "}", "[", "]", "&a ", "*a", "!!python/object/apply:os.system ['x']", "<<: *x", "\t", "'",
        '"', "#", "? ", "%YAML 1.1\n---\n", "\ufeff", "\u202e", "\x00", "é", "🙂", "\\", "|", ">", "~", "!!binary",
        "---\n", "...\n", "@", "`", "a: &x [*x]", "key: [" * 50]
VALUES = ["[]", "{}", "null", "123", "true", "-1", "1e309", "'" + "x" * 5000 + "'", "[a, b]", "{a: 1}", '""',
          "2026-01-01", "9" * 5000, "0x" + "f" * 4000, "1:" + "59:" * 2000 + "1", ".nan", "-.inf", "!!bool maybe",
          "!!int x", "!!float 1e99999", "!!timestamp 2001-99-99", "!!null x"]
KEYS = ["id", "type", "answer", "topics", "zz", "en", "es", ""]


def mutate(text: str, rng: random.Random) -> bytes:
    lines = text.split("\n")
    for _ in range(rng.randint(1, 3)):
        op = rng.randrange(11)
        i = rng.randrange(len(lines)) if lines else 0
        if op == 0 and lines:
            del lines[i]
        elif op == 1 and lines:
            lines.insert(i, lines[i])
        elif op == 2 and len(lines) > 1:
            j = rng.randrange(len(lines))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == 3:
            lines = lines[: rng.randrange(len(lines) + 1)]
        elif op == 4 and lines:
            at = rng.randrange(len(lines[i]) + 1)
            lines[i] = lines[i][:at] + rng.choice(JUNK) + lines[i][at:]
        elif op == 5 and lines:
            lines[i] = (" " * rng.choice((1, 2, 4)) + lines[i]) if rng.random() < 0.5 else lines[i].lstrip()
        elif op == 6 and lines and ":" in lines[i]:
            key = lines[i].split(":", 1)[0]
            lines[i] = f"{key}: {rng.choice(VALUES)}"
        elif op == 7 and lines and ":" in lines[i]:
            lines[i] = rng.choice(KEYS) + ":" + lines[i].split(":", 1)[1]
        elif op == 8:
            lines = [ln + "\r" for ln in lines]
        elif op == 9 and lines:
            lines[i] = "\ufeff" + lines[i]
    raw = bytearray("\n".join(lines).encode())
    if rng.random() < 0.15 and raw:  # flip some bytes: invalid UTF-8, control characters
        for _ in range(rng.randint(1, 4)):
            raw[rng.randrange(len(raw))] = rng.randrange(256)
    return bytes(raw)


class Course:
    """A copy of the small fixture course in which one file is replaced or added per try."""

    def __init__(self, root: Path):
        self.root = root
        shutil.copytree(FIXTURE_COURSE, root)
        self.originals = {p: p.read_bytes() for p in root.rglob("*.yaml")}
        self.outcomes: Counter[str] = Counter()

    def place(self, source: Path) -> Path:
        relative = source.relative_to(SHIPPED_COURSE)
        if len(relative.parts) == 1:  # course.yaml, sources.yaml: replace the fixture's own
            return self.root / relative
        return self.root / relative.parts[0] / "fuzz.yaml"

    def check(self, target: Path, raw: bytes) -> None:
        for path, data in self.originals.items():
            path.write_bytes(data)
        (self.root / "quizzes" / "fuzz.yaml").unlink(missing_ok=True)
        for folder in ("topics", "quotes", "glossary", "timeline"):
            (self.root / folder / "fuzz.yaml").unlink(missing_ok=True)
        target.write_bytes(raw)
        try:
            load_course(self.root, display_root="course")
        except ContentErrors as exc:
            assert exc.errors
            for error in exc.errors:
                assert error.file.startswith("course/") and error.file.endswith(".yaml"), error
                assert error.message.strip(), error
                assert "unexpected error" not in error.message, error  # a fault of the loader's, not the file's
                self.outcomes["located" if error.line > 0 else "whole file"] += 1
            self.outcomes["refused"] += 1
        else:
            self.outcomes["accepted"] += 1


def run_mutations(tmp_path: Path, count: int, seed: int) -> Counter[str]:
    course = Course(tmp_path / "course")
    rng = random.Random(seed)
    texts = {p: p.read_text(encoding="utf-8") for p in SOURCES}
    for _ in range(count):
        source = rng.choice(SOURCES)
        course.check(course.place(source), mutate(texts[source], rng))
    return course.outcomes


def test_mutated_shipped_files_give_located_errors(tmp_path):
    outcomes = run_mutations(tmp_path, 300, seed=1)
    assert outcomes["refused"] + outcomes["accepted"] == 300
    assert outcomes["refused"] > 200 and outcomes["located"] > outcomes["whole file"]


@pytest.mark.slow
def test_ten_thousand_mutations(tmp_path):
    outcomes = run_mutations(tmp_path, 10_000, seed=2)
    print(dict(outcomes))
    assert outcomes["refused"] + outcomes["accepted"] == 10_000


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(st.binary(max_size=3000), st.text(max_size=3000).map(str.encode)),
       where=st.sampled_from(["course.yaml", "sources.yaml", "quizzes/fuzz.yaml", "topics/fuzz.yaml"]))
def test_arbitrary_bytes_and_text(tmp_path_factory, data, where):
    root = tmp_path_factory.mktemp("fuzz")
    course = Course(root / "course")
    course.check(course.root / where, data)
