"""Build a large progress database for the /progress and /leaderboard benchmarks.

    python -m bench.generate --db ~/.cache/study-tutor-bot/bench-100k.db [--learners 100000] [--attempts 5000000]

The schema comes from the bot's own migrations; the rows are written with plain sqlite3 in one transaction per
table (executemany over prepared tuples), journal off, which takes a couple of minutes for the full size. A sidecar
``<db>.json`` records what was built; a database whose sidecar matches the request is reused as it is.

Rows go in with the migrations' triggers live, as the bot's own do. What is in it, per learner (ids
``LEARNER_BASE + n``): a skewed number of answers (a few heavy learners, most light; ``--attempts`` in all) to
the shipped course's questions, in quiz-sized sittings of 3-10 answers on one day over the past year; the
activity days, the scores per week and all-time in one server (``GUILD_ID``), a review card per question
answered, and some topics read. ``review_log`` stays empty: no measured command reads it. Answers carry no quiz
session (the column allows it; no read of /progress or /leaderboard looks at sessions).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import random
import sqlite3
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.content import load_course
from bot.storage import open_database
from bot.storage.migrations import default_dir, discover, migrate

ROOT = Path(__file__).resolve().parents[1]
LEARNER_BASE = 800_000_000_000_000_000  # snowflake-sized ids, apart from the double's own
GUILD_ID = 700_000_000_000_000_001  # the bench gives the double's server this id
FORMAT = 2  # bump when the generated content changes, so cached databases are rebuilt (so does a new migration)


def default_db() -> Path:
    import os

    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return cache / "study-tutor-bot" / "bench-100k.db"


def week_of(when: datetime) -> str:
    year, week, _ = when.isocalendar()
    return f"{year}-W{week:02d}"


def attempt_counts(learners: int, attempts: int, rng: random.Random) -> list[int]:
    """A heavy-tailed split of `attempts` over `learners` (lognormal, at least 1 each), summing exactly."""
    raw = [rng.lognormvariate(0.0, 1.2) for _ in range(learners)]
    scale = (attempts - learners) / sum(raw)
    counts = [1 + int(r * scale) for r in raw]
    short = attempts - sum(counts)
    for i in rng.sample(range(learners), k=min(abs(short), learners)) if short else ():
        counts[i] += 1 if short > 0 else (-1 if counts[i] > 1 else 0)
    counts[0] += attempts - sum(counts)  # whatever rounding left
    return counts


def build(db: Path, learners: int, attempts: int, seed: int = 7, now: datetime | None = None,
          quiet: bool = False) -> dict:
    """Create `db` (replacing it) with migrations applied and the rows described above; returns the sidecar."""
    now = (now or datetime.now(UTC)).replace(microsecond=0)
    started = time.perf_counter()
    db.parent.mkdir(parents=True, exist_ok=True)
    tmp = db.with_name(db.name + ".building")
    for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        leftover.unlink(missing_ok=True)
    asyncio.run(apply_migrations(tmp))

    catalog = load_course(ROOT / "content")
    items = [(item.id, item.topics[0]) for item in catalog.items.values()]
    topics = list(catalog.topics)
    rng = random.Random(seed)
    counts = attempt_counts(learners, attempts, rng)

    conn = sqlite3.connect(tmp, isolation_level=None)
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    conn.execute("PRAGMA cache_size = -400000")
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO learners (user_id, locale, leaderboard_opt_out, created_at) VALUES (?, ?, ?, ?)",
                     ((LEARNER_BASE + n, "en-US" if n % 4 else "es-ES", int(n % 50 == 0),
                       (now - timedelta(days=400)).isoformat()) for n in range(learners)))
    rows = {"attempts": 0, "activity_days": 0, "scores": 0, "review_cards": 0, "topics_read": 0}
    batch: dict[str, list[tuple]] = {name: [] for name in rows}
    sql = {
        "attempts": "INSERT INTO attempts (user_id, guild_id, item_id, answer, correct, answered_at)"
                    " VALUES (?, ?, ?, ?, ?, ?)",
        "activity_days": "INSERT INTO activity_days (user_id, day) VALUES (?, ?)",
        "scores": "INSERT INTO scores (guild_id, period, user_id, correct, answered) VALUES (?, ?, ?, ?, ?)",
        "review_cards": "INSERT INTO review_cards (user_id, item_id, state, step, stability, difficulty, due,"
                        " last_review) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        "topics_read": "INSERT INTO topics_read (user_id, topic_id, first_read_at, last_read_at) VALUES (?, ?, ?, ?)",
    }

    def flush(force: bool = False) -> None:
        for name, pending in batch.items():
            if pending and (force or len(pending) >= 50_000):
                conn.executemany(sql[name], pending)
                rows[name] += len(pending)
                pending.clear()

    for n, count in enumerate(counts):
        for table, values in _learner_rows(LEARNER_BASE + n, count, items, topics, now, rng):
            batch[table].extend(values)
        if n % 1000 == 999:
            flush()
            if not quiet and n % 20000 == 19999:
                print(f"  {n + 1:,} learners, {rows['attempts']:,} answers "
                      f"({time.perf_counter() - started:.0f} s)", file=sys.stderr)
    flush(force=True)
    conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.execute("PRAGMA journal_mode = WAL")
    conn.close()
    tmp.replace(db)
    meta = {"format": FORMAT, "schema": schema_version(), "learners": learners, "attempts": attempts, "seed": seed,
            "guild_id": GUILD_ID, "learner_base": LEARNER_BASE, "week": week_of(now), "built_at": now.isoformat(),
            "rows": rows, "seconds": round(time.perf_counter() - started, 1)}
    sidecar(db).write_text(json.dumps(meta, indent=2))
    return meta


def _learner_rows(user_id: int, count: int, items: list[tuple[str, str]], topics: list[str], now: datetime,
                  rng: random.Random) -> Iterator[tuple[str, list[tuple]]]:
    """One learner's answers in sittings of 3-10 on one day each, and what follows from them."""
    skill = rng.uniform(0.4, 0.95)
    sittings = max(1, math.ceil(count / rng.randint(3, 10)))
    days = sorted({rng.randrange(365) for _ in range(sittings)}, reverse=True)  # days ago, oldest first
    attempts: list[tuple] = []
    last: dict[str, tuple[bool, datetime]] = {}
    weeks: dict[str, list[int]] = {}
    per_day = [count // len(days) + (1 if i < count % len(days) else 0) for i in range(len(days))]
    for ago, answers in zip(days, per_day, strict=True):
        at = (now - timedelta(days=ago)).replace(hour=rng.randrange(24), minute=rng.randrange(60), second=0)
        if at > now:
            at = now - timedelta(minutes=1)
        week = weeks.setdefault(week_of(at), [0, 0])
        for _ in range(answers):
            item_id, _topic = items[rng.randrange(len(items))]
            correct = rng.random() < skill
            attempts.append((user_id, GUILD_ID, item_id, "B" if correct else "A", int(correct), at.isoformat()))
            last[item_id] = (correct, at)
            week[0] += correct
            week[1] += 1
            at += timedelta(seconds=rng.randint(5, 40))
    attempts.sort(key=lambda a: (a[2], a[5]))  # the order of the (user, item, time) index: cheap inserts
    yield "attempts", attempts
    yield "activity_days", [(user_id, d) for d in sorted({a[5][:10] for a in attempts})]
    total = [sum(w[0] for w in weeks.values()), sum(w[1] for w in weeks.values())]
    yield "scores", [(GUILD_ID, "all", user_id, *total)] + [(GUILD_ID, wk, user_id, c, a)
                                                           for wk, (c, a) in weeks.items()]
    cards = []
    for item_id, (correct, at) in last.items():
        due = at + timedelta(days=rng.uniform(1, 60) if correct else rng.uniform(0, 2))
        cards.append((user_id, item_id, 2 if correct else 3, None, rng.uniform(1, 60), rng.uniform(1, 10),
                      due.isoformat(), at.isoformat()))
    yield "review_cards", cards
    read = rng.sample(topics, k=min(len(topics), rng.randint(0, 6)))
    stamp = (now - timedelta(days=rng.randrange(365))).isoformat()
    yield "topics_read", [(user_id, t, stamp, stamp) for t in read]


async def apply_migrations(path: Path) -> None:
    db = await open_database(path)
    try:
        await migrate(db)
    finally:
        await db.close()


def schema_version() -> int:
    return len(discover(default_dir()))


def sidecar(db: Path) -> Path:
    return db.with_name(db.name + ".json")


def cached(db: Path, learners: int, attempts: int, seed: int = 7) -> dict | None:
    """The sidecar of an existing database built with these parameters, else None."""
    try:
        meta = json.loads(sidecar(db).read_text())
    except (OSError, ValueError):
        return None
    wanted = {"format": FORMAT, "schema": schema_version(), "learners": learners, "attempts": attempts,
              "seed": seed}
    if not db.exists() or any(meta.get(k) != v for k, v in wanted.items()):
        return None
    return meta


def ensure(db: Path, learners: int, attempts: int, quiet: bool = False) -> dict:
    meta = cached(db, learners, attempts)
    if meta is None:
        if not quiet:
            print(f"building {db} ({learners:,} learners, {attempts:,} answers); reused on later runs",
                  file=sys.stderr)
        meta = build(db, learners, attempts, quiet=quiet)
    return meta


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__.split("\n")[0])
    p.add_argument("--db", type=Path, default=default_db(), help="where to build it (default: %(default)s)")
    p.add_argument("--learners", type=int, default=100_000)
    p.add_argument("--attempts", type=int, default=5_000_000)
    p.add_argument("--force", action="store_true", help="rebuild even if a matching database exists")
    args = p.parse_args(argv)
    if args.attempts < args.learners:
        p.error("--attempts must be at least --learners (every learner answers once)")
    meta = (build(args.db, args.learners, args.attempts) if args.force
            else ensure(args.db, args.learners, args.attempts))
    print(json.dumps(meta, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
