"""Under concurrency, a read issued after a commit sees that commit (found by the backup test: a
statement left open on the shared reader kept an old snapshot for the next task's read)."""

import asyncio

from bot.storage.audit import AuditRepository


async def test_each_task_reads_its_own_committed_write(app, clock):
    audit = AuditRepository(app.db)

    async def writer(n: int) -> int:
        missed = 0
        for i in range(60):
            detail = f"{n}-{i}"
            await audit.record(at=clock.now(), action="test", detail=detail)
            row = await app.db.fetchone("SELECT detail FROM content_audit WHERE detail = ?", (detail,))
            missed += row is None
        return missed

    async def reader() -> None:
        for _ in range(200):
            await app.db.fetchall("SELECT * FROM content_audit")

    results = await asyncio.gather(*(writer(n) for n in range(3)), reader(), reader())
    assert results[:3] == [0, 0, 0]
