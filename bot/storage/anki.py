"""Anki packages (.apkg) for /mydata anki and `python -m bot anki`.

An .apkg is a zip holding `collection.anki2`, a SQLite database in Anki's schema, and a `media` index. genanki
(the well-kept library for that schema) writes the schema and the rows; the file is here because it is a SQLite
database, which bot.storage alone opens. genanki's own `write_to_file` leaves its temporary database behind in
the system's temporary folder, one per export: this module gives it a database of ours in a folder that is
removed afterwards (`Package.write_to_db`, the half of `write_to_file` that fills the database)."""

from __future__ import annotations

import itertools
import sqlite3
import tempfile
import zipfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import genanki

FIELDS = ("Front", "Back", "Details", "Source")  # what the service fills in, as HTML
FRONT = '<div class="front">{{Front}}</div>'
BACK = ('{{FrontSide}}<hr id="answer"><div class="back">{{Back}}</div>'
        '{{#Details}}<div class="details">{{Details}}</div>{{/Details}}'
        '{{#Source}}<div class="source">{{Source}}</div>{{/Source}}')
CSS = (".card { font-family: sans-serif; font-size: 20px; text-align: left; max-width: 40em; margin: auto; }\n"
       ".back { font-weight: bold; }\n.details { margin-top: 1em; }\n"
       ".source { margin-top: 1em; font-size: 14px; color: #777; }\nol, ul { padding-left: 1.5em; }\n")


@dataclass(frozen=True)
class Note:
    key: tuple[str, ...]  # what identifies the note across exports: Anki's guid is made from it
    front: str
    back: str
    details: str = ""
    source: str = ""
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class DeckSpec:
    deck_id: int
    deck_name: str
    model_id: int
    model_name: str


def guid(key: tuple[str, ...]) -> str:
    """The note's guid: Anki updates the note of the same guid when a deck is imported again."""
    return genanki.guid_for(*key)


def apkg(spec: DeckSpec, notes: list[Note], timestamp: float) -> bytes:
    """The notes as one deck in an .apkg file's bytes; new cards come in the notes' order. `timestamp` (seconds)
    stamps the collection and numbers its rows, as genanki does."""
    model = genanki.Model(spec.model_id, spec.model_name, fields=[{"name": name} for name in FIELDS],
                          templates=[{"name": "Card", "qfmt": FRONT, "afmt": BACK}], css=CSS)
    deck = genanki.Deck(spec.deck_id, spec.deck_name)
    for position, note in enumerate(notes):
        deck.add_note(genanki.Note(model=model, fields=[note.front, note.back, note.details, note.source],
                                   tags=list(note.tags), guid=guid(note.key), due=position))
    with tempfile.TemporaryDirectory(prefix="tutor-anki-") as folder:
        path = Path(folder) / "collection.anki2"
        connection = sqlite3.connect(path)
        try:
            genanki.Package(deck).write_to_db(connection.cursor(), timestamp, itertools.count(int(timestamp * 1000)))
            connection.commit()
        finally:
            connection.close()
        buffer = BytesIO()
        with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.write(path, "collection.anki2")
            archive.writestr("media", "{}")  # no media files
        return buffer.getvalue()
