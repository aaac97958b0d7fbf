"""Storage faults under the real bot (`python -m bot` over the double): a full disk, a database locked by
another process, a read-only database at start. Each gives the user an ephemeral apology inside
Discord's reply window and the operator one clear log line; nothing is half-written; the bot neither
crashes nor exits, and works again as soon as the fault is gone.

A full disk and a read-only disk are real: the database lives on a small tmpfs mounted for the test
(this needs root, as this machine and its CI have; elsewhere these tests skip and say why)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.discord_double import BotProcess, DiscordDouble
from tests.e2e.conftest import ROOT, SHIPPED_COURSE, bot_env, running_world
from tests.e2e.test_quiz_flow import answer_current, buttons
from tests.storage.test_faults import Lock

pytestmark = [pytest.mark.slow, pytest.mark.asyncio(loop_scope="function")]
ENGINES = ("sqlite",)  # SQLite's own file: full disk, locked, read-only (PostgreSQL's faults: test_pg_faults.py)

APOLOGY = "nothing was changed"


@contextlib.contextmanager
def small_disk(path: Path, size: str = "16m") -> Iterator[Path]:
    path.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                          capture_output=True, text=True)
    if done.returncode:
        pytest.skip(f"cannot mount a small tmpfs here (needs root): {done.stderr.strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def remount(path: Path, mode: str) -> None:
    subprocess.run(["mount", "-o", f"remount,{mode}", str(path)], check=True)


def fill(disk: Path) -> Path:
    """Write a file until the disk is full; returns it (delete it to free the space)."""
    filler = disk / "filler"
    with filler.open("wb", buffering=0) as f:
        for chunk in (1 << 16, 1 << 12, 1):
            with contextlib.suppress(OSError):
                while True:
                    f.write(b"\0" * chunk)
    return filler


def attempts(db: Path, session_id: int) -> int:
    with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as con:
        return con.execute("SELECT COUNT(*) FROM attempts WHERE session_id = ?", (session_id,)).fetchone()[0]


def one_click_answer(message) -> str | None:
    """The custom_id of the first answer of a multiple-choice, who-said-it or true/false question."""
    for row in message.components:
        for c in row.get("components", []):
            if c.get("custom_id", "").startswith(("q:a:", "q:t:")):
                return c["custom_id"]
    return None


async def at_one_click_question(double, user, topic: str = "revolution-1905"):
    """Start a quiz and move on (answering) until the current question takes one click; returns the
    quiz message and that answer's custom_id."""
    message = await (await double.slash("quiz", {"topic": topic, "length": 20}, user=user)).response_message()
    while (custom_id := one_click_answer(message)) is None:
        await answer_current(double, message, user)
        message = double.message(message.id)
        (nxt,) = [b for b in buttons(message) if b["custom_id"].startswith("q:n:")]
        await (await double.click(message, nxt["custom_id"], user=user)).reply()
        message = double.message(message.id)
    return message, custom_id


def storage_lines(bot: BotProcess) -> list[str]:
    return [line for line in bot.output().splitlines() if "storage problem" in line]


async def test_full_disk_apologises_saves_nothing_and_recovers(tmp_path):
    with small_disk(tmp_path / "disk") as disk:
        db = disk / "tutor.db"
        async with running_world(tmp_path, TUTOR_DATABASE=str(db)) as world:
            double = world.double
            learner = double.add_user("filled")
            double.guild.add_member(learner)
            message, answer = await at_one_click_question(double, learner)
            session_id = int(answer.split(":")[2])
            before = attempts(db, session_id)
            with contextlib.closing(sqlite3.connect(db)) as con:  # the next write needs new disk space
                con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            filler = fill(disk)

            reply = await (await double.click(message, answer, user=learner)).reply()
            assert reply.ephemeral and APOLOGY in reply.content, reply.content
            assert double.message(message.id).embeds == message.embeds  # still the question, unanswered
            assert one_click_answer(double.message(message.id)) == answer
            assert attempts(db, session_id) == before
            (line,) = storage_lines(world.bot)
            assert "full" in line and str(db) in line and "the disk is full: free some space" in line, line
            # reading still works on a full disk
            progress = await (await double.slash("progress", user=learner)).reply()
            # (the questions passed on the way to a one-click one may be none, one or several)
            assert progress.embeds and not progress.content, progress  # the learner's progress, not an apology

            filler.unlink()
            feedback = await (await double.click(message, answer, user=learner)).reply()
            assert feedback.embeds[-1]["title"] in ("Right!", "Not quite.", "Close, but not quite."), feedback
            assert attempts(db, session_id) == before + 1
            assert world.bot.running and world.bot.starts == 1
            assert len(storage_lines(world.bot)) == 1
            assert not double.refusals


async def test_database_locked_by_another_process(tmp_path):
    """Five learners answer while another process holds the write lock: each gets the apology in time
    (the double refuses a reply after 3 s), nothing is written; once the lock is gone all five answers go in."""
    async with running_world(tmp_path) as world:
        double = world.double
        db = tmp_path / "tutor.db"
        learners = [double.add_user(f"locked{n}") for n in range(5)]
        for user in learners:
            double.guild.add_member(user)
        quizzes = [await at_one_click_question(double, user) for user in learners]
        sessions = [int(answer.split(":")[2]) for _, answer in quizzes]
        before = [attempts(db, s) for s in sessions]

        with Lock(db):
            its = await asyncio.gather(*(double.click(m, a, user=u) for (m, a), u in zip(quizzes, learners,
                                                                                         strict=True)))
            replies = await asyncio.gather(*(it.reply() for it in its))
        assert all(r.ephemeral and APOLOGY in r.content for r in replies), [r.content for r in replies]
        assert not double.refusals  # every apology came inside Discord's window
        assert [attempts(db, s) for s in sessions] == before
        lines = storage_lines(world.bot)
        assert len(lines) == 5 and all("locked" in line for line in lines), lines
        assert "another process holds a write lock" in lines[0]

        await asyncio.sleep(1.1)  # writes behind a lock fail at once for 1 s, then try again
        for (message, answer), user in zip(quizzes, learners, strict=True):
            feedback = await (await double.click(message, answer, user=user)).reply()
            assert feedback.embeds[-1]["title"] in ("Right!", "Not quite.", "Close, but not quite."), feedback
        assert [attempts(db, s) for s in sessions] == [b + 1 for b in before]
        assert world.bot.running and world.bot.starts == 1


async def test_read_only_database_at_start_is_waited_for(tmp_path):
    """On a read-only mount the bot does not exit (its supervisor would restart it in a loop): it says
    why in one line per try and starts as soon as the disk is writable again."""
    with small_disk(tmp_path / "disk") as disk:
        db = disk / "tutor.db"
        env = {**bot_env(tmp_path, SHIPPED_COURSE), "TUTOR_DATABASE": str(db)}
        migrate = subprocess.run([sys.executable, "-m", "bot", "migrate"], env={**os.environ, **env}, cwd=ROOT,
                                 capture_output=True, text=True)
        assert migrate.returncode == 0, migrate.stderr
        remount(disk, "ro")
        async with DiscordDouble(timeout=10.0) as double:
            bot = BotProcess(double, [sys.executable, "-m", "bot"], log_path=tmp_path / "bot.log", env=env, cwd=ROOT)
            async with bot:
                for _ in range(100):
                    if "cannot be used yet" in bot.output():
                        break
                    await asyncio.sleep(0.1)
                line = next(x for x in bot.output().splitlines() if "cannot be used yet" in x)
                assert "(read_only)" in line and str(db) in line and "read-only mount" in line, line
                assert bot.running and not double.connections
                remount(disk, "rw")
                await bot.wait_until_identified(30)  # the next try (5 s after the first) opens it
                await double.wait_for_sync(timeout=30)
                start = await double.slash("quiz", {"length": 1}, user=double.user)
                assert "Question 1 of 1" in (await start.response_message()).embeds[0]["title"]
                assert bot.starts == 1 and bot.running
            assert not double.unexpected, double.unexpected

