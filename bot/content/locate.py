"""Where an item is in the course files, as `python -m bot check` names a place (`course/quizzes/athens.yaml:12`),
so a moderator reading a report can open the file at the line. Read from the files as they are now: the item may
have moved since the course in service was loaded, and a fix is made in the files."""

from __future__ import annotations

from pathlib import Path

from bot.content.loader import KINDS
from bot.content.yaml_source import YamlProblem, decode, parse

# a report's kind of item -> the kind of course file that holds it
PLACES = {"question": "quizzes", "term": "glossary", "quote": "quotes"}


def locate(root: Path, kind: str, item_id: str) -> str | None:
    """`folder/file.yaml:line` of the item's `id:`, or None when no file holds it (removed, or renamed)."""
    place = next((k.place for k in KINDS if k.name == PLACES.get(kind)), None)
    if place is None:
        return None
    folder = root / place.rstrip("/")
    try:
        files = sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    except OSError:
        return None
    for path in files:
        try:
            text = decode(path.read_bytes())
            if item_id not in text:  # most files do not hold it: not parsed
                continue
            doc = parse(text)
        except (OSError, YamlProblem):
            continue
        entries = doc.data if isinstance(doc.data, list) else []
        for i, entry in enumerate(entries):
            if isinstance(entry, dict) and entry.get("id") == item_id:
                return f"{root.name}/{path.relative_to(root).as_posix()}:{doc.line_of((i, 'id'))}"
    return None
