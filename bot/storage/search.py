"""Full-text search over the course with SQLite FTS5 (accents folded by the unicode61 tokenizer).

The index is derived from the course in memory, so it lives in an in-memory SQLite database of its own,
rebuilt whenever the course changes; the learners' database is never touched by a search.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Sequence

from bot.domain.search import Document

TITLE_WEIGHT, BODY_WEIGHT = 4.0, 1.0


class SearchIndex:
    def __init__(self) -> None:
        self._con = sqlite3.connect(":memory:", check_same_thread=False)
        self._lock = threading.Lock()
        self._docs: list[Document] = []
        self._con.execute(
            "CREATE VIRTUAL TABLE docs USING fts5(title, body, lang UNINDEXED,"
            " tokenize = 'unicode61 remove_diacritics 2')")

    def rebuild(self, docs: Sequence[Document]) -> None:
        with self._lock, self._con:
            self._con.execute("DELETE FROM docs")
            self._con.executemany("INSERT INTO docs (rowid, title, body, lang) VALUES (?, ?, ?, ?)",
                                  [(i, d.title, d.body, d.lang) for i, d in enumerate(docs)])
            self._docs = list(docs)

    def frequency(self, terms: Sequence[str], lang: str) -> tuple[dict[str, int], int]:
        """How many documents in `lang` hold each term (as a word or a word's start), and how many there are."""
        with self._lock:
            total = self._con.execute("SELECT count(*) FROM docs WHERE lang = ?", (lang,)).fetchone()[0]
            counts = {t: self._con.execute("SELECT count(*) FROM docs WHERE docs MATCH ? AND lang = ?",
                                           (_prefix(t), lang)).fetchone()[0] for t in terms}
        return counts, total

    def search(self, terms: Sequence[str], lang: str, limit: int = 5) -> list[Document]:
        """Documents in `lang` matching any of `terms` (each also as a prefix), best first."""
        if not terms:
            return []
        query = " OR ".join(_prefix(t) for t in terms)
        with self._lock:
            rows = self._con.execute(
                "SELECT rowid FROM docs WHERE docs MATCH ? AND lang = ? ORDER BY bm25(docs, ?, ?) LIMIT ?",
                (query, lang, TITLE_WEIGHT, BODY_WEIGHT, limit)).fetchall()
            return [self._docs[r[0]] for r in rows]


def _prefix(term: str) -> str:
    """An FTS5 query for `term` as a word or a word's start, quoted so it is never read as query syntax."""
    return f'"{term.replace(chr(34), "")}"*'
