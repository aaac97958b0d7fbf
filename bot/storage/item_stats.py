"""Item statistics' reads: the per item and language figures the answer's trigger keeps (migration 0023).

A report reads those few rows per item, by their primary keys (item_id leads each), never the answers: the
cost follows the course's size, not how many answers there are."""

from __future__ import annotations

from collections.abc import Collection

from bot.domain.item_stats import ItemFigures
from bot.storage.engine import Database

_CHUNK = 500  # item ids per IN list: well under both engines' parameter limits

STATS = ("SELECT item_id, lang, answered, correct, scored, scored_correct, score_sum, score_squares,"
         " score_correct_sum FROM item_stats")
WRONG = "SELECT item_id, lang, answer, answered FROM item_wrong_answers"
TIMES = "SELECT item_id, lang, seconds, answered FROM item_answer_times"


def where_items(ids: list[str] | None) -> str:
    return "" if ids is None else " WHERE item_id IN (" + ", ".join("?" * len(ids)) + ")"


class ItemStatsRepository:
    def __init__(self, db: Database):
        self.db = db

    async def figures(self, item_ids: Collection[str] | None = None) -> list[ItemFigures]:
        """Every item and language answered (of `item_ids` only, when given), in one snapshot."""
        ids = None if item_ids is None else sorted(set(item_ids))
        chunks = [None] if ids is None else [ids[i:i + _CHUNK] for i in range(0, len(ids), _CHUNK)]
        stats, wrong, times = [], [], []
        async with self.db.snapshot() as tx:
            for chunk in chunks:
                if chunk is not None and not chunk:
                    continue
                params = tuple(chunk or ())
                stats += await tx.fetchall(STATS + where_items(chunk), params)
                wrong += await tx.fetchall(WRONG + where_items(chunk), params)
                times += await tx.fetchall(TIMES + where_items(chunk), params)
        wrong_of: dict[tuple[str, str], dict[str, int]] = {}
        for row in wrong:
            wrong_of.setdefault((row["item_id"], row["lang"]), {})[row["answer"]] = int(row["answered"])
        times_of: dict[tuple[str, str], dict[int, int]] = {}
        for row in times:
            times_of.setdefault((row["item_id"], row["lang"]), {})[int(row["seconds"])] = int(row["answered"])
        return [ItemFigures(row["item_id"], row["lang"], int(row["answered"]), int(row["correct"]),
                            int(row["scored"]), int(row["scored_correct"]), float(row["score_sum"]),
                            float(row["score_squares"]), float(row["score_correct_sum"]),
                            wrong_of.get((row["item_id"], row["lang"]), {}),
                            times_of.get((row["item_id"], row["lang"]), {}))
                for row in stats]
