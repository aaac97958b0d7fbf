"""JSON Schemas for the course files, for editors' live validation (e.g. the VS Code YAML extension)."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import TypeAdapter

from bot.content.loader import KINDS
from bot.domain.content import Course, GlossaryTerm, Quote, Source, TimelineEvent, Topic
from bot.domain.quiz_items import QuizItem

_MODELS = {
    "course": Course,
    "sources": list[Source],
    "topics": Topic,
    "quotes": list[Quote],
    "quizzes": list[QuizItem],
    "glossary": list[GlossaryTerm],
    "timeline": list[TimelineEvent],
}


def schemas() -> dict[str, dict]:
    out = {}
    for kind in KINDS:
        schema = TypeAdapter(_MODELS[kind.name]).json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["title"] = f"Course {kind.name} ({kind.place})"
        out[kind.name] = schema
    return out


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, schema in schemas().items():
        path = folder / f"{name}.schema.json"
        path.write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        written.append(path)
    return written
