"""Turns to IDENTIFY, claimed by every process of a cluster from one table (the rules: bot/services/identify.py).

Times are the database's clock (seconds since the epoch), read in the statements themselves: processes on
machines whose clocks disagree still see one another's turns the same way. Only PostgreSQL writes the table;
the statements read alike on SQLite (the one fragment that differs is how to read the clock)."""

from __future__ import annotations

from bot.storage.engine import Database

# The database's clock in seconds: clock_timestamp() (the moment of the call, not the transaction's start, on
# PostgreSQL), julianday('now') on SQLite.
_NOW = {"postgresql": "CAST(extract(epoch FROM clock_timestamp()) AS DOUBLE PRECISION)",
        "sqlite": "((julianday('now') - 2440587.5) * 86400.0)"}

# One statement a claim, atomic on both engines: PostgreSQL locks the bucket's row for ON CONFLICT ... DO UPDATE,
# so two processes claiming one bucket at once claim it one after the other, and the second sees the first's
# turn. A bucket whose last turn is less than `every` seconds old is left as it is (the WHERE): no row changed.
_CLAIM = ("INSERT INTO identify_slots (bucket, identified_at) VALUES (?1, {now})"
          " ON CONFLICT (bucket) DO UPDATE SET identified_at = excluded.identified_at"
          " WHERE identify_slots.identified_at <= excluded.identified_at - ?2")
_FREES_IN = "SELECT identified_at + ?2 - {now} FROM identify_slots WHERE bucket = ?1"


class IdentifySlots:
    def __init__(self, db: Database):
        self.db = db
        now = _NOW[db.dialect.name]
        self._claim = _CLAIM.format(now=now)
        self._frees_in = _FREES_IN.format(now=now)

    async def claim(self, bucket: int, every: float) -> bool:
        """Take `bucket`'s turn now, if its last was at least `every` seconds ago; False (nothing changed) if not."""
        return await self.db.execute(self._claim, (bucket, every)) == 1

    async def frees_in(self, bucket: int, every: float) -> float:
        """Seconds until `bucket` may take a turn again (0 or less: it may now)."""
        return await self.db.scalar(self._frees_in, (bucket, every)) or 0.0
