"""A learner's own data as files that always arrive: /mydata export packs everything stored about them as JSON
in zip archives, each under the size a message may carry, split across several when one would be too big."""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass

NAME = "my-study-data"


@dataclass(frozen=True)
class Archive:
    filename: str  # what the learner downloads: a zip holding one JSON file
    data: bytes


def archives(user_id: int, tables: dict[str, list[dict]], limit: int) -> list[Archive]:
    """`tables` (rows by table) as one zip of at most `limit` bytes, or, when it would be larger, as the fewest
    parts that each fit: every row is in exactly one part, and each part is a whole JSON document."""
    whole = _zip(NAME, {"user_id": user_id, **tables})
    if len(whole) <= limit:
        return [Archive(f"{NAME}.zip", whole)]
    rows = [(table, row) for table, table_rows in tables.items() for row in table_rows]
    count = -(-len(whole) // limit)  # at least this many; more if the rows do not split evenly by size
    while count <= len(rows):
        parts = [_part(user_id, tables, rows[i * len(rows) // count:(i + 1) * len(rows) // count], i + 1, count)
                 for i in range(count)]
        if all(len(part.data) <= limit for part in parts):
            return parts
        count += 1
    raise ValueError(f"a single row of {user_id}'s data is larger than {limit} bytes compressed")


def _part(user_id: int, tables: dict[str, list[dict]], rows: list[tuple[str, dict]], number: int,
          count: int) -> Archive:
    mine: dict[str, list[dict]] = {table: [] for table in tables}
    for table, row in rows:
        mine[table].append(row)
    name = f"{NAME}-{number}-of-{count}"
    return Archive(f"{name}.zip", _zip(name, {"user_id": user_id, "part": number, "parts": count, **mine}))


def _zip(name: str, document: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(f"{name}.json", json.dumps(document, indent=2, ensure_ascii=False))
    return buffer.getvalue()
