"""Which part of a cluster this process serves. Discord splits a bot's servers into shards by id: server `g`
belongs to shard `(g >> 22) % count`, and direct messages come on shard 0. A process runs some shards (all of
them when it is alone) and does a server's own work (its daily quote, its group quizzes' timers) only for the
servers of its shards, so across the cluster each is done by exactly one process."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


def shard_of(guild_id: int, count: int) -> int:
    """The shard of server `guild_id` among `count` (Discord's formula)."""
    return (guild_id >> 22) % count


@dataclass(frozen=True)
class Shards:
    count: int = 1
    ids: frozenset[int] = frozenset({0})

    def __post_init__(self) -> None:
        if self.count < 1 or not self.ids or any(not 0 <= i < self.count for i in self.ids):
            raise ValueError(f"shards {sorted(self.ids)} of {self.count}")

    @classmethod
    def of(cls, count: int, ids: Iterable[int] | None = None) -> Shards:
        """Shards `ids` of `count` (all of them when `ids` is None)."""
        return cls(count, frozenset(range(count) if ids is None else ids))

    @property
    def everything(self) -> bool:
        """True when this process runs every shard: it owns every server (nothing to filter)."""
        return len(self.ids) == self.count

    def owns(self, guild_id: int | None) -> bool:
        """Whether the work of server `guild_id` is this process's; None (a person's work, not a server's)
        belongs to shard 0, as direct messages do."""
        return (0 if guild_id is None else shard_of(guild_id, self.count)) in self.ids

    def describe(self) -> str:
        return f"shards {_ranges(sorted(self.ids))} of {self.count}"


ALL = Shards()


def _ranges(ids: list[int]) -> str:
    """[0, 1, 2, 5] -> '0-2,5'."""
    parts: list[str] = []
    start = prev = ids[0]
    for i in [*ids[1:], None]:
        if i is not None and i == prev + 1:
            prev = i
            continue
        parts.append(str(start) if start == prev else f"{start}-{prev}")
        if i is not None:
            start = prev = i
    return ",".join(parts)


def parse_ids(raw: str) -> list[int]:
    """'0-3' or '0,2,4-5' -> shard ids; ValueError on anything else."""
    ids: list[int] = []
    for part in raw.split(","):
        part = part.strip()
        low, dash, high = part.partition("-")
        if not low.strip().isdigit() or (dash and not high.strip().isdigit()):
            raise ValueError(part)
        first, last = int(low), int(high) if dash else int(low)
        if last < first:
            raise ValueError(part)
        ids.extend(range(first, last + 1))
    if len(set(ids)) != len(ids):
        raise ValueError(raw)
    return sorted(ids)
