"""The tests' own PostgreSQL server (tests/pg_server.py): a database per test that answers queries and starts
empty; no server left running after the test process ends, even killed; without the binaries, one line says
how to install them (and CI, which requires them, fails instead of skipping)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import asyncpg
import pytest

ROOT = Path(__file__).resolve().parents[2]
_seen_databases: set[str] = set()


async def test_a_database_answers_queries(postgres_dsn):
    assert postgres_dsn.startswith("postgresql://postgres@127.0.0.1:")
    conn = await asyncpg.connect(postgres_dsn)
    try:
        await conn.execute("CREATE TABLE t (id BIGINT PRIMARY KEY, name TEXT)")
        await conn.execute("INSERT INTO t VALUES ($1, $2)", 2**62, "snowflake")
        assert await conn.fetchrow("SELECT id, name FROM t") == (2**62, "snowflake")
    finally:
        await conn.close()


@pytest.mark.parametrize("run", ["first", "second"])
async def test_each_test_gets_its_own_empty_database(postgres_dsn, run):
    """Each run finds no table and leaves one behind: a database shared between the two runs fails the second."""
    conn = await asyncpg.connect(postgres_dsn)
    try:
        name = await conn.fetchval("SELECT current_database()")
        tables = await conn.fetch("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        await conn.execute("CREATE TABLE left_behind (run TEXT)")
    finally:
        await conn.close()
    assert tables == []
    assert name not in _seen_databases
    _seen_databases.add(name)


def _port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


_START_AND_WAIT = """
import sys, time
from tests.pg_server import PostgresServer, find_bindir
server = PostgresServer(find_bindir())
server.start()
print(server.port, server.folder, flush=True)
time.sleep(300)
"""


def test_a_killed_test_run_leaves_no_server(postgres_server):
    """kill -9 runs no teardown and no atexit: the watchdog still stops the server and removes its folder."""
    child = subprocess.Popen([sys.executable, "-c", _START_AND_WAIT], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    try:
        port_text, folder_text = child.stdout.readline().split()
        port, folder = int(port_text), Path(folder_text)
        assert _port_open(port) and (folder / "data").is_dir()
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    deadline = time.monotonic() + 30
    while (_port_open(port) or folder.exists()) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _port_open(port), "the server still listens after its test process was killed"
    assert not folder.exists(), "the server's folder is still there"


def _pytest(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args], cwd=ROOT,
                          env={**os.environ, **env}, capture_output=True, text=True, timeout=300)


def test_without_binaries_the_tests_are_skipped_with_one_line_saying_how_to_install(tmp_path):
    done = _pytest("tests/storage/test_pg_server.py::test_a_database_answers_queries",
                   "tests/storage/test_pg_server.py::test_each_test_gets_its_own_empty_database",
                   TUTOR_PG_BINDIR=str(tmp_path), TUTOR_REQUIRE_POSTGRES="0")
    assert done.returncode == 0, done.stdout
    skip_lines = [line for line in done.stdout.splitlines() if line.startswith("SKIPPED")]
    assert len(skip_lines) == 1, done.stdout
    assert "SKIPPED [3]" in skip_lines[0] and "apt-get install -y postgresql" in skip_lines[0]


def test_ci_fails_rather_than_skips_without_binaries(tmp_path):
    done = _pytest("tests/storage/test_pg_server.py::test_a_database_answers_queries",
                   TUTOR_PG_BINDIR=str(tmp_path), TUTOR_REQUIRE_POSTGRES="1")
    assert done.returncode == 1, done.stdout
    assert "TUTOR_REQUIRE_POSTGRES=1 but" in done.stdout and "apt-get install -y postgresql" in done.stdout

