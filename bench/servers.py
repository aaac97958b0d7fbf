"""The bot in many servers: one process, the shards Discord recommends, every server with a daily quote.

The double hosts the servers (each with its #general) and recommends the shard count, with the
`max_concurrency` of a large bot (16: Discord raises it for bots in many servers, so the shards IDENTIFY at
once); the bot starts with no TUTOR_SHARD_COUNT, so it takes the recommended count. Before each start, every
server gets a daily-quote schedule, saved through the bot's own repository, at times spread over the day but
none within `QUIET` of now, so nothing is due while the bot is measured.

Per size: spawn -> the bot's "ready as" line, peak RSS (VmHWM), and the CPU the idle process uses (each
thread's time on a CPU, over `idle` seconds after a settling pause). Sizes are started in turns,
so a slow spell of the machine lands on each. Beside that, in the bench's own process, the queries of one idle
wake of the daily scheduler (nothing due, then the earliest due time) are timed on each size's database: the
scheduler sleeps until the earliest due post, so an idle process runs them about once an hour, and what must
not grow with the servers is their cost.
"""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import statistics
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.world import ROOT, Target, compile_sources
from bot.domain import daily as rules
from bot.domain.shards import Shards
from bot.storage import open_database
from bot.storage.daily import DailyRepository
from bot.storage.migrations import migrate

MAX_CONCURRENCY = 16  # a large bot's session_start_limit.max_concurrency (1 for small bots)
QUIET = timedelta(minutes=90)  # no schedule is due within this long of its database being made
SETTLE = 5.0  # seconds after ready before the idle CPU is measured (the scheduler's first wake, the resume)
WAKES = 1000  # idle scheduler wakes timed per size
READY = re.compile(r"ready as .* in (\d+) server\(s\), (shards \S+ of \d+)")
TICKS = os.sysconf("SC_CLK_TCK")


async def schedules(db_target: str, channels: dict[int, int], now: datetime) -> None:
    """A daily quote for every server (guild id -> channel id), at UTC times spread over the day outside
    [now, now + QUIET), saved as /daily set saves them (the repository's own statement), in one transaction."""
    db = await open_database(db_target)
    try:
        await migrate(db)
        async with db.transaction() as tx:
            await _save_all(DailyRepository(tx), channels, now)  # a transaction reads like a database
    finally:
        await db.close()


async def _save_all(repo: DailyRepository, channels: dict[int, int], now: datetime) -> None:
    span = 24 * 60 - QUIET.total_seconds() / 60 - 10  # minutes of the day the posts are spread over
    tz = rules.zone("UTC")
    for n, (guild_id, channel_id) in enumerate(channels.items()):
        at = (now + QUIET + timedelta(minutes=span * n / len(channels))).time().replace(second=0, microsecond=0)
        slot = rules.first_slot(at, tz, now)
        await repo.save(guild_id=guild_id, channel_id=channel_id, local_time=at.strftime("%H:%M"),
                        timezone="UTC", topic_id=None, seed=guild_id % 1_000_003,
                        next_local_date=slot.local_date, next_due_at=slot.due_at, now=now)


async def wake_costs(db_targets: dict[int, str], shards: Shards, wakes: int = WAKES) -> dict[int, dict]:
    """The scheduler's queries of one idle wake (`due`, then `earliest_due`), timed `wakes` times on each
    database in turns (so a slow spell of the machine lands on each): seconds."""
    dbs = {size: await open_database(target) for size, target in db_targets.items()}
    try:
        times: dict[int, list[float]] = {size: [] for size in dbs}
        for _ in range(wakes):
            for size, db in dbs.items():
                repo = DailyRepository(db)
                began = time.perf_counter()
                due = await repo.due(datetime.now(UTC), shards=shards)
                earliest = await repo.earliest_due(shards)
                times[size].append(time.perf_counter() - began)
                if due or earliest is None:
                    raise RuntimeError(f"an idle wake found {len(due)} post(s) due, the earliest at {earliest}")
        return {size: {"shards": shards.describe(), "median": statistics.median(each), "mean": statistics.fmean(each)}
                for size, each in times.items()}
    finally:
        for db in dbs.values():
            await db.close()


def cpu_seconds(pid: int) -> float:
    """utime + stime of every thread of process `pid` so far (fields 14 and 15 of /proc/PID/stat), in clock
    ticks (10 ms): for the start, not for an idle process."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def cpu_seconds_exact(pid: int) -> float:
    """Time on a CPU of the live threads of process `pid` so far (the first field of each thread's schedstat,
    in nanoseconds): an idle bot uses a few clock ticks in 20 s, too few for utime and stime to compare."""
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            total += int((task / "schedstat").read_text().split()[0])
        except (OSError, IndexError, ValueError):  # a thread that ended meanwhile
            continue
    return total / 1e9


def world(workdir: Path, label: str, servers: int, shards: int, env: dict[str, str]) -> tuple[Target, dict[int, int]]:
    """A bot target whose double hosts `servers` servers and recommends `shards` shards; returns it and each
    server's channel."""
    bot = Target("bot", workdir, env, label=label)
    double = bot.double
    double.recommended_shards, double.max_concurrency = shards, MAX_CONCURRENCY
    channels = {}
    for n in range(servers):
        guild = double.add_guild(f"Server {n}", members=[])
        channels[guild.id] = guild.channel_named("general").id
    return bot, channels


async def one_run(workdir: Path, label: str, servers: int, shards: int, db_target: str, content: Path,
                  idle: float) -> dict:
    env = {"TUTOR_DATABASE": db_target, "TUTOR_CONTENT_DIR": str(content)}
    bot, channels = world(workdir, label, servers, shards, env)
    await schedules(db_target, channels, datetime.now(UTC))
    async with bot:
        assert bot.process is not None
        # the shard count must be Discord's recommendation, whatever the bench's own environment says
        bot.process.inherit_env = False
        bot.process.extra_env = {k: v for k, v in os.environ.items() if not k.startswith("TUTOR_SHARD_")} \
            | bot.process.extra_env
        double_began = time.process_time()  # the double's share of the start: it is in the bench's process
        started = await bot.start(timeout=120.0)
        start_cpu, double_cpu = cpu_seconds(bot.process.pid), time.process_time() - double_began
        line = READY.search(bot.process.output(since_start=True))
        if line is None or line.group(2) != f"shards 0-{shards - 1} of {shards}" or int(line.group(1)) < servers:
            raise RuntimeError(f"{label}: expected {servers}+ servers on {shards} shards, the bot logged "
                               f"{line.group(0) if line else 'no ready line'}")
        await asyncio.sleep(SETTLE)
        pid = bot.process.pid
        before, ticks, began = cpu_seconds_exact(pid), cpu_seconds(pid), time.perf_counter()
        await asyncio.sleep(idle)
        used, wall = cpu_seconds_exact(pid) - before, time.perf_counter() - began
        ticks = cpu_seconds(pid) - ticks
        if not bot.process.running:
            raise RuntimeError(f"{label}: the bot exited while idle:\n{bot.process.tail()}")
        return {"servers": int(line.group(1)), "shards": line.group(2), "ready": started["ready"],
                "identify": started["identify"], "start_cpu_seconds": start_cpu,
                "double_cpu_seconds": double_cpu,
                "idle_cpu_percent": 100 * used / wall, "idle_cpu_ticks_percent": 100 * ticks / wall,
                "idle_seconds": wall,
                "rss_mb": bot.peak_rss_mb(), "load": os.getloadavg()[0]}


async def measure(workdir: Path, sizes: tuple[int, ...], shards: int, rounds: int, idle: float,
                  database: Callable[[int, int], Awaitable[str]]) -> dict:
    """`rounds` starts per size in turns; `database(size, round)` returns the TUTOR_DATABASE of a fresh, empty database
    for that size (a SQLite path, or a PostgreSQL URL)."""
    compile_sources()
    content = workdir / "content"
    if not content.exists():
        shutil.copytree(ROOT / "content", content)
    runs: dict[int, list[dict]] = {size: [] for size in sizes}
    targets: dict[int, str] = {}
    for r in range(rounds):
        for size in sizes:
            targets[size] = await database(size, r)
            runs[size].append(await one_run(workdir, f"servers-{size}", size, shards, targets[size], content, idle))
    out: dict = {"shards": shards, "max_concurrency": MAX_CONCURRENCY, "idle_seconds": idle, "sizes": {}}
    cluster = Shards.of(shards, range(shards // 2))  # a process of a cluster: the shard filter in the SQL
    wake = await wake_costs(targets, Shards.of(shards))
    wake_cluster = await wake_costs(targets, cluster)
    for size in sizes:
        each = runs[size]
        out["sizes"][size] = {
            "ready": statistics.median(x["ready"] for x in each),
            "rss_mb": max(x["rss_mb"] for x in each if x["rss_mb"] is not None),
            "idle_cpu_percent": statistics.median(x["idle_cpu_percent"] for x in each),
            "wake": wake[size], "wake_cluster": wake_cluster[size],
            "runs": each}
    return out
