"""Content-load figures: the shipped course, and a synthetic course ten times its size.

    python -m bench.content DIR [--repeat 5]     # prints {"first": s, "median": s, "min": s, ...} as JSON

Run in a fresh process, so "first" is what the bot pays at start (imports already done, as in the bot);
"median" and "min" are later loads of the same folder (what a /content reload pays). Each of those reloads is
paired with the library's floor, in turns: PyYAML's own safe loader (its C parser) reading the same files into
plain data, with none of our checks and no validation ("floor_median").

The synthetic course is the shipped one copied ten times, each copy's ids (and every reference to them)
given a suffix, written as text so the files keep the shipped formatting: same YAML, ten times the items.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import sys
import time
from pathlib import Path

import yaml

from bot.content import load_course

_ID = r"[a-z0-9]+(?:-[a-z0-9]+)*"
_REF_LINE = re.compile(r"^(\s*(?:- )?(?:id|topics|sources|related|key_quotes|key_terms|quote|topic)\s*:\s*)(.*)$")
_BARE_ITEM = re.compile(rf"^(\s*-\s+)({_ID})(\s*)$")
_TOKEN = re.compile(_ID)


def synthetic_course(source: Path, target: Path, copies: int = 10) -> Path:
    """`copies` copies of the course at `source` in `target` (replaced), as one course."""
    catalog = load_course(source)
    known = (set(catalog.sources) | set(catalog.topics) | set(catalog.quotes) | set(catalog.items)
             | set(catalog.glossary) | {e.id for e in catalog.timeline})
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    shutil.copy(source / "course.yaml", target / "course.yaml")
    for path in sorted(source.rglob("*.yaml")):
        rel = path.relative_to(source)
        if rel.as_posix() == "course.yaml":
            continue
        text = path.read_text(encoding="utf-8")
        renamed = [_rename(text, known, f"-{k}") for k in range(copies)]
        if rel.parent == Path("."):  # a one-file kind (sources.yaml): one list holding every copy
            (target / rel).write_text("\n".join(renamed), encoding="utf-8")
            continue
        (target / rel.parent).mkdir(parents=True, exist_ok=True)
        for k, copy in enumerate(renamed):
            (target / rel.parent / f"{rel.stem}-x{k}{rel.suffix}").write_text(copy, encoding="utf-8")
    return target


def _rename(text: str, known: set[str], suffix: str) -> str:
    def ids(value: str) -> str:
        return _TOKEN.sub(lambda m: m[0] + suffix if m[0] in known else m[0], value)

    lines = []
    for line in text.split("\n"):
        if m := _REF_LINE.match(line):
            line = m[1] + ids(m[2])
        elif (m := _BARE_ITEM.match(line)) and m[2] in known:
            line = m[1] + m[2] + suffix + m[3]
        lines.append(line)
    return "\n".join(lines)


def measure(folder: Path, repeat: int) -> dict[str, float]:
    began = time.perf_counter()
    load_course(folder)
    first = time.perf_counter() - began
    later, floor = [], []
    for _ in range(repeat):
        began = time.perf_counter()
        load_course(folder)
        later.append(time.perf_counter() - began)
        began = time.perf_counter()
        library_load(folder)
        floor.append(time.perf_counter() - began)
    return {"first": first, "median": statistics.median(later) if later else first,
            "min": min(later) if later else first, "floor_median": statistics.median(floor) if floor else None}


def library_load(folder: Path) -> list:
    """The floor: every course file read by PyYAML's safe loader alone, as a bot without our reader would."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return [yaml.load(path.read_text(encoding="utf-8"), Loader=loader) for path in sorted(folder.rglob("*.yaml"))]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.content")
    p.add_argument("folder", type=Path)
    p.add_argument("--repeat", type=int, default=5)
    args = p.parse_args(argv)
    print(json.dumps(measure(args.folder, args.repeat)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
