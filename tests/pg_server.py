"""A throwaway PostgreSQL server for the tests, started from the installed binaries in a temporary folder.

One server per test session (initdb costs about a second), one fresh empty database per test (CREATE DATABASE
copies a template in milliseconds). The server listens on 127.0.0.1 on a free port and on a unix socket in its
own folder, with trust authentication and no fsync: nothing it holds outlives the session, and a cluster the
system's package may have started (port 5432, /var/run/postgresql) is never touched.

initdb and pg_ctl refuse to run as root, so as root they run as the `postgres` user, who owns the folder.

A killed test process runs no teardown and no atexit: a watchdog process holds the read end of a pipe whose write
end only this process has. When this process ends, however it ends, the pipe closes and the watchdog stops the
server and removes its folder. A normal stop closes the same pipe, so both paths are one.

Run as a script, `python tests/pg_server.py bindir` prints the binaries' folder (exit 1 if none): .ci/run asks
that before installing them.
"""

from __future__ import annotations

import atexit
import glob
import itertools
import os
import pwd
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

INSTALL_HINT = ("PostgreSQL tests skipped: no PostgreSQL server binaries (initdb, pg_ctl) found;"
                " install them with `apt-get install -y postgresql`")
SUPERUSER = "postgres"
_NEEDED = ("initdb", "pg_ctl", "postgres")
_SETTINGS = {  # appended to the cluster's postgresql.conf
    "listen_addresses": "'127.0.0.1'",
    "fsync": "off",  # a crash loses a test's data, which is thrown away anyway
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "shared_buffers": "16MB",  # CREATE and DROP DATABASE scan the whole buffer pool; test databases are tiny
    "max_connections": "200",  # a test may hold a pool per process; the default 100 is tight for a few at once
    "log_min_messages": "warning",
}


def find_bindir() -> Path | None:
    """The folder holding initdb, pg_ctl and postgres: TUTOR_PG_BINDIR if set (and then only it), else
    pg_config's answer, Debian's versioned folders (newest first), then PATH. pg_config alone is not enough:
    libpq-dev ships it without the server."""
    candidates = [Path(chosen)] if (chosen := os.environ.get("TUTOR_PG_BINDIR")) else _candidates()
    return next((folder for folder in candidates if all((folder / name).is_file() for name in _NEEDED)), None)


def _candidates() -> list[Path]:
    candidates = []
    if pg_config := shutil.which("pg_config"):
        try:
            out = subprocess.run([pg_config, "--bindir"], capture_output=True, text=True, timeout=10)
            candidates.append(Path(out.stdout.strip()))
        except (OSError, subprocess.SubprocessError):
            pass
    versions = glob.glob("/usr/lib/postgresql/*/bin")
    candidates += [Path(p) for p in sorted(versions, key=lambda p: _version(p), reverse=True)]
    if initdb := shutil.which("initdb"):
        candidates.append(Path(initdb).parent)
    return candidates


def _version(path: str) -> tuple[int, ...]:
    name = Path(path).parent.name
    return tuple(int(part) for part in name.split(".") if part.isdigit())


def _base_folder() -> str | None:
    """Memory (/dev/shm) when it has room: the disk, even without fsync, makes each CREATE DATABASE several
    times slower when other processes write to it. A container's default 64 MB /dev/shm is too small."""
    shm = Path("/dev/shm")
    try:
        return str(shm) if shutil.disk_usage(shm).free >= 1 << 30 and os.access(shm, os.W_OK) else None
    except OSError:
        return None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_owner(argv: list[str]) -> list[str]:
    """argv run as the postgres user when we are root (initdb and pg_ctl refuse root), as is otherwise."""
    if os.geteuid() != 0:
        return argv
    if runuser := shutil.which("runuser"):
        return [runuser, "-u", SUPERUSER, "--", *argv]
    return ["su", "-s", "/bin/sh", SUPERUSER, "-c", subprocess.list2cmdline(argv)]


class ServerError(RuntimeError):
    pass


class PostgresServer:
    """A PostgreSQL cluster in its own temporary folder; `start()` it, `stop()` it (idempotent, and at exit)."""

    def __init__(self, bindir: Path, settings: dict[str, str] | None = None):
        self.bindir = bindir
        self.settings = {**_SETTINGS, **(settings or {})}
        self.folder = self.data = self.log = Path()
        self.port = 0
        self._watchdog: subprocess.Popen | None = None
        self._names = itertools.count(1)

    @property
    def host(self) -> str:
        return "127.0.0.1"

    def dsn(self, database: str = "postgres") -> str:
        return f"postgresql://{SUPERUSER}@{self.host}:{self.port}/{database}"

    def start(self, attempts: int = 3) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="tutor-pg-", dir=_base_folder()))
        self.data, self.log = self.folder / "data", self.folder / "server.log"
        self._watch()
        if os.geteuid() == 0:
            owner = pwd.getpwnam(SUPERUSER)  # the package that ships the binaries creates this user
            os.chown(self.folder, owner.pw_uid, owner.pw_gid)
        self._run("initdb", "-D", str(self.data), "-U", SUPERUSER, "-A", "trust", "-E", "UTF8",
                  "--locale=C", "--no-sync", "--no-instructions")
        with open(self.data / "postgresql.conf", "a", encoding="utf-8") as conf:
            conf.write("".join(f"{key} = {value}\n" for key, value in self.settings.items()))
            conf.write(f"unix_socket_directories = '{self.folder}'\n")
        for attempt in range(attempts):  # another process may take the free port before the server binds it
            self.port = _free_port()
            try:
                self._run("pg_ctl", "start", "-w", "-t", "60", "-D", str(self.data), "-l", str(self.log),
                          "-o", f"-p {self.port}")
                return
            except ServerError:
                if attempt == attempts - 1:
                    raise

    def stop(self) -> None:
        """Stop the server (immediate: its data is thrown away) and remove its folder."""
        watchdog, self._watchdog = self._watchdog, None
        if watchdog is None:
            return
        assert watchdog.stdin is not None
        watchdog.stdin.close()
        watchdog.wait(timeout=60)

    def halt(self) -> None:
        """Shut the server down as an operator would (`pg_ctl stop -m fast`: its clients are cut off), keeping
        its data: `resume()` starts it again on the same port. For tests of an outage; never on a shared server."""
        self._run("pg_ctl", "stop", "-w", "-t", "60", "-m", "fast", "-D", str(self.data))

    def resume(self) -> None:
        self._run("pg_ctl", "start", "-w", "-t", "60", "-D", str(self.data), "-l", str(self.log),
                  "-o", f"-p {self.port}")

    @asynccontextmanager
    async def database(self, template: str = "template1") -> AsyncIterator[str]:
        """A new empty database (a copy of `template`) for the block, as a DSN; dropped after it."""
        import asyncpg  # here, not at the top: .ci/run asks `bindir` of the system Python, before the venv exists

        name = f"test_{os.getpid()}_{next(self._names)}"
        admin = await asyncpg.connect(self.dsn())
        try:  # FILE_COPY (PostgreSQL 15+) copies a small template faster than logging each of its pages
            strategy = " STRATEGY FILE_COPY" if admin.get_server_version().major >= 15 else ""
            await admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"{strategy}')
        finally:
            await admin.close()
        try:
            yield self.dsn(name)
        finally:
            admin = await asyncpg.connect(self.dsn())
            try:  # FORCE: a failed test may have left connections open
                await admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            finally:
                await admin.close()

    def _run(self, tool: str, *args: str) -> None:
        argv = _as_owner([str(self.bindir / tool), *args])
        done = subprocess.run(argv, capture_output=True, text=True, stdin=subprocess.DEVNULL, timeout=120)
        if done.returncode != 0:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise ServerError(f"{tool} failed ({done.returncode}): {done.stderr.strip()}\n{log}".strip())

    def _watch(self) -> None:
        self._watchdog = subprocess.Popen(
            [sys.executable, __file__, "watch", str(self.bindir), str(self.folder)],
            stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        atexit.register(self.stop)


def _watchdog(bindir: Path, folder: Path) -> None:
    """Wait until the test process closes our stdin (on stop, or by dying), then stop its server."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C on the test run must reach the cleanup below
    sys.stdin.buffer.read()
    data = folder / "data"
    if (data / "postmaster.pid").exists():
        stop = _as_owner([str(bindir / "pg_ctl"), "stop", "-D", str(data), "-m", "immediate", "-w", "-t", "30"])
        subprocess.run(stop, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                       check=False)
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    if sys.argv[1:2] == ["watch"]:
        _watchdog(Path(sys.argv[2]), Path(sys.argv[3]))
    elif sys.argv[1:2] == ["bindir"]:
        found = find_bindir()
        print(found or INSTALL_HINT)
        sys.exit(0 if found else 1)
    else:
        sys.exit("usage: pg_server.py bindir | watch BINDIR FOLDER")
