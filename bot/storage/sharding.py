"""The SQL condition for "a server of this process's shards" (see bot/domain/shards.py)."""

from __future__ import annotations

from bot.domain.shards import Shards


def owned(shards: Shards, column: str = "guild_id") -> tuple[str, tuple[int, ...]]:
    """(" AND <condition>", parameters): rows whose server `column` belongs to `shards`; nothing to add when the
    process runs every shard. Discord's formula, (id >> 22) % count, works on both engines' 64-bit integers."""
    if shards.everything:
        return "", ()
    ids = sorted(shards.ids)
    marks = ", ".join("?" * len(ids))
    return f" AND ({column} >> 22) % ? IN ({marks})", (shards.count, *ids)
