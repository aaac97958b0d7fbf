"""The heartbeat and `python -m bot health`: healthy only while the bot's process is alive, fresh and ready."""

from __future__ import annotations

import json
import logging
import os
import socket
import subprocess
import sys
import tempfile
import time

from bot.config import Settings
from bot.health import BEAT_SECONDS, STALE_AFTER, Heartbeat, check_heartbeat, heartbeat_path, process_alive


def settings_in(tmp_path) -> Settings:
    return Settings.from_env({"TUTOR_DATABASE": str(tmp_path / "data" / "tutor.db")}, env_file=None)


def write(settings: Settings, state: str, at: float | None = None, pid: int | None = None,
          host: str | None = None) -> None:
    heartbeat = Heartbeat(heartbeat_path(settings), lambda: state, clock=lambda: time.time() if at is None else at)
    heartbeat.write()
    if pid is not None or host is not None:  # as written by another process or host
        path = heartbeat_path(settings)
        beat = json.loads(path.read_text())
        beat.update({k: v for k, v in (("pid", pid), ("host", host)) if v is not None})
        path.write_text(json.dumps(beat))


def test_ready_and_fresh_is_healthy(tmp_path):
    settings = settings_in(tmp_path)
    write(settings, "ready")
    ok, said = check_heartbeat(settings)
    assert ok and said.startswith("healthy: ready") and f"pid {os.getpid()}" in said


def test_a_bot_not_ready_is_unhealthy_and_says_why(tmp_path):
    settings = settings_in(tmp_path)
    for state in ("starting", "connecting to Discord", "cannot reach Discord (DNS); next try in 5 s", "stopping"):
        write(settings, state)
        ok, said = check_heartbeat(settings)
        assert not ok and said.startswith(f"unhealthy: {state}"), said


def test_a_gone_process_is_unhealthy_at_once_even_with_a_fresh_beat(tmp_path):
    settings = settings_in(tmp_path)
    child = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                           text=True, check=True)
    write(settings, "ready", pid=int(child.stdout))  # the child has exited and been reaped
    ok, said = check_heartbeat(settings)
    assert not ok and f"the bot (pid {child.stdout.strip()}) is not running" in said, said


def test_a_stuck_bot_is_unhealthy_once_its_beat_is_stale(tmp_path):
    settings = settings_in(tmp_path)
    now = time.time()
    write(settings, "ready", at=now - STALE_AFTER + 1)
    assert check_heartbeat(settings, now=now)[0]
    write(settings, "ready", at=now - STALE_AFTER - 1)
    ok, said = check_heartbeat(settings, now=now)
    assert not ok and "the bot is stuck or stopped" in said, said
    assert STALE_AFTER <= 15 and STALE_AFTER >= 3 * BEAT_SECONDS  # seconds, yet a slow moment is not a crash


def test_the_process_is_looked_for_only_on_the_host_that_wrote_the_beat(tmp_path):
    settings = settings_in(tmp_path)
    write(settings, "ready", pid=2**22 + 1, host=socket.gethostname() + "-elsewhere")  # no such pid here
    assert check_heartbeat(settings, alive=lambda pid: False)[0]  # not asked: its pid means nothing here


def test_no_file_an_old_format_or_garbage_is_unhealthy(tmp_path):
    settings = settings_in(tmp_path)
    ok, said = check_heartbeat(settings)
    assert not ok and "no heartbeat at" in said
    path = heartbeat_path(settings)
    path.parent.mkdir(parents=True)
    for text in (f"{time.time():.0f} ready\n", "{", "[]", '{"time": "x", "pid": 1, "host": "h", "state": "ready"}'):
        path.write_text(text)
        assert check_heartbeat(settings) == (False, f"unhealthy: no heartbeat at {path}: is the bot running, "
                                                    "with this TUTOR_DATABASE?")


def test_process_alive_sees_a_zombie_as_gone():
    assert process_alive(os.getpid())
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    try:
        deadline = time.monotonic() + 10
        while process_alive(child.pid) and time.monotonic() < deadline:  # exited, not yet reaped
            time.sleep(0.02)
        assert not process_alive(child.pid)
    finally:
        child.wait()


def test_a_heartbeat_that_cannot_be_written_is_logged_once_and_the_bot_goes_on(tmp_path, caplog):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    heartbeat = Heartbeat(blocker / "heartbeat", lambda: "ready")
    with caplog.at_level(logging.WARNING, logger="bot.health"):
        heartbeat.write()
        heartbeat.write()
    (logged,) = [r.getMessage() for r in caplog.records]
    assert logged.startswith(f"cannot write the heartbeat file {blocker / 'heartbeat'} (")
    assert logged.endswith("`python -m bot health` will report the bot unhealthy")


def test_processes_of_a_cluster_on_one_host_keep_their_own_heartbeat(tmp_path, monkeypatch):
    """On PostgreSQL there is no file to sit beside: each process's heartbeat is in the temporary folder (the
    container's working folder is not writable), named by its database and shards, so two processes of one
    cluster on one host do not report each other's health."""
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    tempfile.tempdir = None  # read TMPDIR again
    try:
        url = "postgresql://tutor:secret@db/tutor"
        first, second = (Settings.from_env({"TUTOR_DATABASE": url, "TUTOR_SHARD_COUNT": "4", "TUTOR_SHARD_IDS": ids},
                                           env_file=None) for ids in ("0-1", "2-3"))
        assert heartbeat_path(first) != heartbeat_path(second)
        assert heartbeat_path(first).parent == tmp_path and "secret" not in heartbeat_path(first).name
        write(first, "ready")
        write(second, "connecting to Discord")
        assert check_heartbeat(first)[0]
        ok, said = check_heartbeat(second)
        assert not ok and said.startswith("unhealthy: connecting to Discord")
    finally:
        tempfile.tempdir = None
