"""python -m bench: the bot against the floor, in one run. See BENCHMARKS.md for what each figure means.

    python -m bench                  # the full run (builds the 100k-learner database once, then reuses it)
    python -m bench --smoke          # tiny counts, every process and phase still run: CI's check that it works
    python -m bench --engine postgresql   # the same, the bot on PostgreSQL (a server started for the run)
    python -m bench --only servers   # the bot in 1,000 and 10,000 servers alone (a few minutes)

Exit status 0 when every phase ran, whether or not the targets were met; 1 when something broke.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bench import engines, generate, phases, servers
from bench.content import synthetic_course
from bench.report import percentile, rows, summary, table
from bench.world import ROOT, Target, compile_sources


@dataclass(frozen=True)
class Plan:
    clicks: int
    quotes: int
    block: int
    learners: int
    rounds: int
    crowd_repeats: int
    reads: int
    starts: int
    warmup: int
    db_learners: int
    db_attempts: int
    copies: int
    content_repeat: int
    small_learners: int  # the small database, whose reads the large one's are compared with
    small_attempts: int
    servers: tuple[int, ...]  # the servers phase: the bot in this many servers each, the last the one with rails
    shards: int  # the shard count the double recommends to it
    server_rounds: int  # starts per size, in turns
    idle: float  # seconds of idle after ready whose CPU is measured
    item_reports: int = 20  # timed item statistics reports (the whole course's, then one topic's)
    class_reports: int = 20  # timed class reports (the last 4 weeks', then all time's)


FULL = Plan(clicks=2000, quotes=2000, block=100, learners=200, rounds=10, crowd_repeats=2, reads=2000, starts=3,
            warmup=30, db_learners=100_000, db_attempts=5_000_000, copies=10, content_repeat=5,
            small_learners=1_000, small_attempts=50_000, servers=(1_000, 10_000), shards=4, server_rounds=2,
            idle=20.0)
SMOKE = Plan(clicks=10, quotes=10, block=5, learners=5, rounds=2, crowd_repeats=1, reads=4, starts=1, warmup=2,
             db_learners=300, db_attempts=6_000, copies=2, content_repeat=1, small_learners=30, small_attempts=600,
             servers=(50, 200), shards=2, server_rounds=1, idle=2.0, item_reports=2, class_reports=2)


def log(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def content_figures(workdir: Path, plan: Plan) -> dict:
    """Load times of the shipped and the synthetic course, each in `plan.starts` fresh processes (in turns, so
    a slow spell of the machine lands on both): the median of their first loads, like the median of starts,
    and of their reloads' medians."""
    big = synthetic_course(ROOT / "content", workdir / "course-x10", copies=plan.copies)
    runs: dict[str, list[dict[str, float]]] = {"shipped": [], "x10": []}
    for _ in range(plan.starts):
        for key, folder in (("shipped", ROOT / "content"), ("x10", big)):
            done = subprocess.run([sys.executable, "-m", "bench.content", str(folder), "--repeat",
                                   str(plan.content_repeat)], cwd=ROOT, capture_output=True, text=True, check=True)
            runs[key].append(json.loads(done.stdout))
    out: dict = {key: {"first": statistics.median(r["first"] for r in each),
                       "median": statistics.median(r["median"] for r in each),
                       "floor_median": statistics.median(r["floor_median"] for r in each),
                       "min": min(r["min"] for r in each), "each": each} for key, each in runs.items()}
    out["copies"] = plan.copies
    out["processes"] = plan.starts
    return out


def prepare_database(workdir: Path, source: Path, learners: int, attempts: int, quiet: bool,
                     name: str = "tutor") -> tuple[Path, dict]:
    """The generated database (built or reused), copied for this run, its latest week made the current one."""
    meta = generate.ensure(source, learners, attempts, quiet=quiet)
    db = workdir / f"{name}.db"
    shutil.copyfile(source, db)
    asyncio.run(generate.apply_migrations(db))  # none pending, normally: a start never includes an upgrade
    week = generate.week_of(datetime.now(UTC))
    if meta["week"] != week:  # a database built in an earlier week: its last week stands for this one
        with sqlite3.connect(db) as conn:
            conn.execute("UPDATE scores SET period = ? WHERE period = ?", (week, meta["week"]))
    # Wait until the database (built, copied, changed) is on disk. Otherwise the kernel writes its 1.7 GB back
    # during the first phases, and the bot's commits share the disk with that (the floor writes nothing): in
    # three pairs of short click runs, the bot's median was 1.46-1.56x the floor's without this, 1.40-1.44x with.
    os.sync()
    return db, meta


async def measure(workdir: Path, plan: Plan, db: str, meta: dict) -> dict:
    content = workdir / "content"
    shutil.copytree(ROOT / "content", content)
    env = {"TUTOR_DATABASE": db, "TUTOR_CONTENT_DIR": str(content)}
    results: dict = {}
    compile_sources()
    async with Target("floor", workdir) as floor, Target("bot", workdir, env) as bot:
        targets = [floor, bot]
        log(f"starting each process {plan.starts} time(s)")
        for _ in range(plan.starts):
            for t in targets:
                await t.start()
        results["start"] = {t.kind: {k: statistics.median(s[k] for s in t.starts) for k in ("identify", "ready")}
                            | {"each": t.starts} for t in targets}

        log("warming up")
        await phases.interleaved(targets, plan.warmup, plan.warmup, phases.answer_clicks)
        await phases.interleaved(targets, plan.warmup, plan.warmup, phases.quotes)

        log(f"{plan.clicks} answer clicks in sequence, per process")
        clicks = await phases.interleaved(targets, plan.clicks, plan.block, phases.answer_clicks)
        results["clicks"] = {k: summary(v) for k, v in clicks.items()}
        log(f"{plan.quotes} /quote in sequence, per process")
        quotes = await phases.interleaved(targets, plan.quotes, plan.block, phases.quotes)
        results["quotes"] = {k: summary(v) for k, v in quotes.items()}

        log(f"{plan.learners} learners at once, {plan.rounds} answers each, {plan.crowd_repeats} time(s)")
        crowd: dict[str, list[dict]] = {t.kind: [] for t in targets}
        for _ in range(plan.crowd_repeats):
            for t in targets:
                crowd[t.kind].append(await phases.concurrent_learners(t, plan.learners, plan.rounds))
        results["concurrent"] = {"learners": plan.learners, "rounds": plan.rounds}
        for kind, runs in crowd.items():
            times = [x for run in runs for x in run["click_times"]]
            results["concurrent"][kind] = {
                "per_second": statistics.fmean(r["per_second"] for r in runs),
                "answers_per_second": statistics.fmean(r["answers_per_second"] for r in runs),
                "runs": [{k: v for k, v in r.items() if k != "click_times"} for r in runs],
                "click_median": statistics.median(times), "click_p99": summary(times)["p99"]}

        log(f"/progress, /leaderboard and /help for {plan.reads} learners of the generated database")
        *learners, warm = phases.sample_learners(meta, plan.reads + 1)
        for t in targets:  # untimed: the bot's first chart imports Pillow (read from the disk, perhaps)
            await phases.reads(t, [warm])
        reads: dict[str, dict[str, list[float]]] = {t.kind: {} for t in targets}
        disk = {t.kind: t.disk_read_bytes() for t in targets}
        for start in range(0, len(learners), plan.block):
            for t in targets:
                for name, values in (await phases.reads(t, learners[start:start + plan.block])).items():
                    reads[t.kind].setdefault(name, []).extend(values)
        # the p99 of each 500 in turn too: how far a figure from 500 learners (the count until session 13) moves
        results["reads"] = {k: {n: {**summary(v), "p99_each_500": [percentile(v[i:i + 500], 99)
                                                                 for i in range(0, len(v), 500)]}
                                for n, v in by.items()} for k, by in reads.items()}
        # what the page cache did not serve: a learner whose rows are not in memory waits for the disk (~5 pages
        # for /progress), and this says whether the run's reads did
        results["reads_disk_kib"] = {}
        for t in targets:
            before, after = disk[t.kind], t.disk_read_bytes()
            results["reads_disk_kib"][t.kind] = None if before is None or after is None else (after - before) / 1024
        results["rss"] = {t.kind: t.peak_rss_mb() for t in targets}
        for t in targets:
            if t.double.unexpected:
                raise RuntimeError(f"{t.kind} called routes the double does not implement: {t.double.unexpected}")
    return results


async def scale(workdir: Path, plan: Plan, databases: dict[str, str], metas: dict[str, dict]) -> dict:
    """/progress and /leaderboard on a database of `plan.small_learners` learners and on the large one, by two bot
    processes in turns: whether a read costs more as the data grows (it should not: each is an index lookup)."""
    content = workdir / "content"
    bots = [Target("bot", workdir, {"TUTOR_DATABASE": db, "TUTOR_CONTENT_DIR": str(content)}, label=size)
            for size, db in databases.items()]
    async with contextlib.AsyncExitStack() as stack:
        for bot in bots:
            await stack.enter_async_context(bot)
            await bot.start()
        learners = {bot.label: phases.sample_learners(metas[bot.label], min(plan.reads, metas[bot.label]["learners"]))
                    for bot in bots}
        for bot in bots:
            await phases.reads(bot, learners[bot.label][:1])  # untimed: the first chart imports Pillow
        reads: dict[str, dict[str, list[float]]] = {bot.label: {} for bot in bots}
        count = min(len(v) for v in learners.values())
        for start in range(1, count, plan.block):
            for bot in bots:
                for name, values in (await phases.reads(bot, learners[bot.label][start:start + plan.block])).items():
                    reads[bot.label].setdefault(name, []).extend(values)
    return {size: {name: summary(values) for name, values in by.items()} for size, by in reads.items()} | {
        "learners": {size: meta["learners"] for size, meta in metas.items()}}


def servers_phase(workdir: Path, plan: Plan, server: engines.pg_server.PostgresServer | None) -> dict:
    """The bot in `plan.servers` servers on the shards the double recommends, each size on a fresh database."""

    async def fresh(size: int, round_: int) -> str:
        name = f"servers_{size}_{round_}"
        if server is not None:
            return await engines.create(server, name)
        for leftover in workdir.glob(f"{name}.db*"):
            leftover.unlink()
        return str(workdir / f"{name}.db")

    return asyncio.run(servers.measure(workdir, plan.servers, plan.shards, plan.server_rounds, plan.idle, fresh))


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench", description="The bot against a bare discord.py floor.")
    p.add_argument("--smoke", action="store_true", help="tiny counts (CI): checks that the bench still works")
    p.add_argument("--db", type=Path, default=None,
                   help="the generated database to build or reuse (default: ~/.cache/study-tutor-bot/"
                        "bench-100k.db; with --smoke, a small one in the work folder)")
    p.add_argument("--json", type=Path, help="also write every figure to this file")
    p.add_argument("--workdir", type=Path, help="keep logs and copies here (default: a temporary folder)")
    p.add_argument("--engine", choices=("sqlite", "postgresql"), default="sqlite",
                   help="the bot's database (default: %(default)s); PostgreSQL is started for the run from the "
                        "installed binaries and loaded with the generated rows")
    p.add_argument("--only", choices=("servers",),
                   help="run one phase alone: 'servers' (the bot in many servers; no generated database needed)")
    args = p.parse_args(argv)
    plan = SMOKE if args.smoke else FULL
    cache = args.db if args.db is not None else (None if args.smoke else generate.default_db())
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        with contextlib.ExitStack() as stack:
            server = stack.enter_context(engines.postgres_server()) if args.engine == "postgresql" else None
            results = {} if args.only else measured(args, plan, cache, workdir, server)
            log(f"the bot in {' and '.join(f'{n:,}' for n in plan.servers)} servers, {plan.shards} shards")
            results["servers"] = servers_phase(workdir, plan, server)
        results["engine"] = args.engine
        if not args.only:
            # last, on a machine that has been busy for minutes: started from idle, this machine ran the same
            # loads 1.5-2x slower for several seconds (see BENCHMARKS.md, "The machine")
            log("content load")
            results["content"] = content_figures(workdir, plan)
        results["plan"] = plan.__dict__
    except Exception as exc:  # noqa: BLE001 - one line and the logs' place, then a failing exit
        log(f"FAILED: {type(exc).__name__}: {exc}")
        log(f"logs are in {workdir}")
        return 1
    print(table(rows(results)))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, default=str))
    if args.workdir is None:
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


def measured(args: argparse.Namespace, plan: Plan, cache: Path | None, workdir: Path,
             server: engines.pg_server.PostgresServer | None) -> dict:
    """Every phase but the servers' and the content load: the generated databases, then the bot against the
    floor on the large one and the reads on both."""
    log("database")
    big, meta = prepare_database(workdir, cache or workdir / "generated.db", plan.db_learners,
                                 plan.db_attempts, quiet=cache is None)
    small, small_meta = prepare_database(
        workdir, (cache or workdir / "generated.db").with_name(f"bench-{plan.small_learners}.db"),
        plan.small_learners, plan.small_attempts, quiet=True, name="small")
    targets = {"large": str(big), "small": str(small)}
    if server is not None:
        for key, path in targets.items():
            log(f"loading the {key} database into PostgreSQL")
            targets[key] = asyncio.run(engines.load(server, path, f"bench_{key}"))
    results = asyncio.run(measure(workdir, plan, targets["large"], meta))
    log("reads on the small and the large database, in turns")
    results["scale"] = asyncio.run(scale(workdir, plan, targets, {"large": meta, "small": small_meta}))
    results["plans"] = engines.plans(targets["large"], meta["learner_base"], meta["guild_id"],
                                     generate.week_of(datetime.now(UTC)))
    log(f"item statistics: the report {plan.item_reports} times on the large database")
    stats = asyncio.run(phases.item_stats_report(targets["large"], ROOT / "content", plan.item_reports))
    results["item_stats"] = {k: {**v, **summary(v["times"])} if isinstance(v, dict) else v for k, v in stats.items()}
    log(f"class report: the report {plan.class_reports} times on the large database's server")
    classes = asyncio.run(phases.class_report(targets["large"], ROOT / "content", meta["guild_id"], plan.class_reports))
    results["class_report"] = {k: {**v, **summary(v["times"])} for k, v in classes.items()}
    results["database"] = {k: meta[k] for k in ("learners", "attempts", "rows")}
    return results


if __name__ == "__main__":
    sys.exit(main())
