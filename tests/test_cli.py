"""The command line when something around it is wrong: a course folder that is missing, a file, or unreadable;
a value no course can hold; Discord out of reach. One clear line each, a meaningful exit code, no traceback."""

from __future__ import annotations

import asyncio
import ctypes
import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest

from bot.domain.clock import SystemClock
from tests.conftest import FIXTURE_COURSE, ROOT


def environment(tmp_path: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TUTOR_", "DISCORD_"))}
    return {**env, "PYTHONPATH": str(ROOT), "TUTOR_DATABASE": str(tmp_path / "data" / "tutor.db"), **extra}


def run(tmp_path: Path, *args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot", *args], capture_output=True, text=True, cwd=tmp_path,
                          env=environment(tmp_path), timeout=60, **kwargs)


def one_line(text: str) -> str:
    assert "Traceback" not in text, text
    (line,) = text.splitlines()
    return line


def permissions_apply() -> None:
    """Root reads any file: in the child, drop the two capabilities that let it (Linux's PR_CAPBSET_DROP of
    CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH), so a folder's permissions apply as to the bot's own user."""
    if os.geteuid() != 0:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):
        if libc.prctl(24, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


@pytest.fixture
def course(tmp_path: Path) -> Iterator[Path]:
    """A copy of the fixture course; whatever a test takes away from it is given back for the clean-up."""
    course = tmp_path / "course"
    shutil.copytree(FIXTURE_COURSE, course)
    yield course
    for path in [course, *course.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)


def test_check_a_missing_folder(tmp_path):
    result = run(tmp_path, "check", str(tmp_path / "nowhere"))
    assert result.returncode == 2
    assert one_line(result.stderr) == (f"{tmp_path / 'nowhere'}: folder not found: check the path "
                                       "(TUTOR_CONTENT_DIR, or the folder given to check)")


def test_check_a_file_instead_of_a_folder(tmp_path):
    (tmp_path / "course.yaml").write_text("id: x\n")
    result = run(tmp_path, "check", "course.yaml")
    assert result.returncode == 2
    assert one_line(result.stderr) == ("course.yaml: this is a file, not a folder: give the course folder, "
                                       "the one holding course.yaml")


def test_check_an_unreadable_folder(tmp_path, course):
    course.chmod(0)
    result = run(tmp_path, "check", str(course), preexec_fn=permissions_apply)
    assert result.returncode == 2
    assert one_line(result.stderr) == (f"{course}: cannot read this folder (Permission denied): give the bot's "
                                       "user read access to it")


def test_check_an_unreadable_part_of_the_course(tmp_path, course):
    (course / "topics").chmod(0)
    result = run(tmp_path, "check", str(course), preexec_fn=permissions_apply)
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    # the cause alone: not also every reference to the topics that could not be read
    assert result.stdout.splitlines() == [f"{course}/topics: cannot read this folder (Permission denied): give "
                                          "the bot's user read access to it"]


def test_check_a_number_thousands_of_digits_long(tmp_path, course):
    topic = course / "topics" / "alpha.yaml"
    topic.write_text(topic.read_text().replace("order: 1\n", "order: " + "9" * 5000 + "\n"))
    result = run(tmp_path, "check", "course")
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stdout.splitlines() == [
        "course/topics/alpha.yaml:2: a number 5,000 characters long ('999999999999999999999999999999999999999…'): "
        "no course value needs more than 100; shorten it, or put it in quotes if it is text"]


def test_a_path_that_cannot_be_written(tmp_path):
    (tmp_path / "file").write_text("")
    result = run(tmp_path, "schema", "--out", "file/schema")
    assert result.returncode == 1
    assert one_line(result.stderr) == "cannot use file/schema: Not a directory: check the path and its permissions"


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("host, words", [
    (f"127.0.0.1:{closed_port()}", "Connect call failed"),
    ("discord-double.invalid", "discord-double.invalid"),  # a name no resolver knows
], ids=["refused", "dns"])
def test_run_with_discord_out_of_reach(tmp_path, host, words):
    """One line per try saying what is wrong and what to check; the bot keeps trying (a network comes back),
    says so to `health`, and stops with exit 0 on SIGTERM."""
    env = environment(tmp_path, DISCORD_TOKEN="MTIz.not-a-real.token", TUTOR_CONTENT_DIR=str(FIXTURE_COURSE),
                      DISCORD_API_BASE=f"http://{host}/api/v10", DISCORD_GATEWAY_URL=f"ws://{host}")
    log = tmp_path / "bot.log"
    with log.open("w") as out:
        bot = subprocess.Popen([sys.executable, "-m", "bot"], stdout=out, stderr=subprocess.STDOUT, cwd=tmp_path,
                               env=env)
    try:
        deadline = time.monotonic() + 30
        while "Trying again in" not in log.read_text() and bot.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        health = run(tmp_path, "health")
    finally:
        bot.send_signal(signal.SIGTERM)
        code = bot.wait(timeout=30)
    text = log.read_text()
    assert code == 0, text
    assert "Traceback" not in text, text
    (line,) = [line for line in text.splitlines() if " ERROR " in line]
    assert " ERROR bot.discord.runner: cannot reach Discord (Cannot connect to host " in line, line
    assert words in line and "check the network, and DISCORD_API_BASE and DISCORD_GATEWAY_URL" in line, line
    assert line.endswith("Trying again in 5 s"), line
    assert health.returncode == 1 and health.stdout.startswith("unhealthy: cannot reach Discord ("), health.stdout


def test_discord_reconnect_tries_are_one_line_when_the_network_is_at_fault():
    """discord.py retries a shard's connection by itself, logging each try with a traceback: a network fault
    becomes one line with its cause, and the health check says so."""
    from bot.discord.runner import OneLineReconnects

    beats = []
    runner = SimpleNamespace(settings=SimpleNamespace(api_base=None, gateway_url=None), gateway_fault=None,
                             heartbeat=SimpleNamespace(write=lambda: beats.append(runner.gateway_fault)))
    formatter = logging.Formatter("%(levelname)s %(name)s: %(message)s")

    def logged(exc: BaseException) -> str:
        try:
            raise exc
        except BaseException:
            record = logging.LogRecord("discord.shard", logging.ERROR, __file__, 1,
                                       "Attempting a reconnect for shard ID %s in %.2fs", (0, 1.5), sys.exc_info())
        assert OneLineReconnects(runner).filter(record)
        return formatter.format(record)

    assert logged(ConnectionRefusedError(111, "Connect call failed ('10.0.0.1', 443)")) == (
        "ERROR discord.shard: Attempting a reconnect for shard ID 0 in 1.50s Cause: cannot reach Discord "
        "([Errno 111] Connect call failed ('10.0.0.1', 443)); check the network")
    assert beats == ["[Errno 111] Connect call failed ('10.0.0.1', 443)"]  # the health check is told at once
    assert "Traceback" in logged(KeyError("a bug"))  # anything else keeps its traceback


async def test_a_stop_lets_handlers_part_way_through_finish_and_cancels_the_librarys_leftovers(tmp_path):
    from bot.config import Settings
    from bot.discord.inflight import InFlight
    from bot.discord.runner import Runner
    from bot.services.course import CourseService

    course = CourseService(None, tmp_path, lambda folder: SimpleNamespace(fingerprint="f"), SystemClock(), None)
    handled = []
    in_flight = InFlight()

    async def handler():  # an interaction's handler, part-way through the bot's own work
        in_flight.enter()
        await course.ready()
        handled.append("answered")

    async def leftover():  # a task of discord.py's, which never ends by itself
        await asyncio.Event().wait()

    async def course_comes_in():
        await asyncio.sleep(0.3)
        await course.load()

    tasks = [asyncio.create_task(c()) for c in (handler, leftover, course_comes_in)]
    await asyncio.sleep(0)
    runner = Runner(Settings.from_env({"TUTOR_DATABASE": str(tmp_path / "t.db")}, env_file=None), None)
    runner.bot = SimpleNamespace(in_flight=in_flight)
    runner.stopping = True
    started = time.monotonic()
    await runner.finish_in_flight(tasks[2])
    assert handled == ["answered"] and 0.2 < time.monotonic() - started < 3
    assert tasks[1].cancelled()
