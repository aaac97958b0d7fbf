"""One measured process (the bot or the floor) with a loopback Discord double of its own.

The double and its driver live in the bench's process; the bot and the floor are subprocesses started the way
the end-to-end tests start the bot (`tests.discord_double.BotProcess`). The double's server gets the fixed id the
generated database uses (`bench.generate.GUILD_ID`), so /leaderboard reads the generated scores.
"""

from __future__ import annotations

import compileall
import sys
import time
from pathlib import Path

from bench.generate import GUILD_ID
from tests.discord_double import BotProcess, DiscordDouble, User
from tests.discord_double.state import Guild

ROOT = Path(__file__).resolve().parents[1]


def compile_sources() -> None:
    """Write the bytecode of the bot's and the bench's own modules, as the Docker image does at build
    (`python -m compileall -q bot`). Installed libraries (discord.py included) got theirs from pip. Without
    this, a machine that sets PYTHONDONTWRITEBYTECODE (this one does, as does the image) compiles every
    module of the bot from source at every start, which the floor, nearly all library code, does not."""
    for package in ("bot", "bench"):
        compileall.compile_dir(ROOT / package, quiet=1)


def server_with_id(double: DiscordDouble, guild_id: int, name: str = "Bench") -> Guild:
    """A server with a chosen id (before the bot connects); it becomes the double's default server."""
    guild = double.add_guild(name, id=guild_id)
    double.guild, double.channel = guild, guild.channel_named("general")
    return guild


class Target:
    """`kind` is 'bot' (python -m bot) or 'floor' (python -m bench.floor)."""

    ARGV = {"bot": [sys.executable, "-m", "bot"], "floor": [sys.executable, "-m", "bench.floor"]}

    def __init__(self, kind: str, workdir: Path, env: dict[str, str] | None = None, label: str | None = None):
        self.kind = kind
        self.label = label or kind  # names its log, where two processes of one kind run
        self.workdir = workdir
        self.env = dict(env or {})
        self.double = DiscordDouble(timeout=60.0, ack_window=30.0)
        self.process: BotProcess | None = None
        self.guild: Guild | None = None
        self.starts: list[dict[str, float]] = []
        self._users = 0

    async def __aenter__(self) -> Target:
        await self.double.start()
        self.guild = server_with_id(self.double, GUILD_ID)
        self.process = BotProcess(self.double, self.ARGV[self.kind], log_path=self.workdir / f"{self.label}.log",
                                  env={"TUTOR_LOG_LEVEL": "INFO", **self.env}, cwd=ROOT)
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self.process is not None:
            await self.process.stop()
        await self.double.stop()

    async def start(self, timeout: float = 60.0) -> dict[str, float]:
        """Start (or restart) the process; time spawn -> IDENTIFY and spawn -> its 'ready as' log line."""
        assert self.process is not None
        if self.process.running:
            await self.process.stop()
        identified = self.double.gateway.identify_count
        syncs = self.double.commands.sync_count
        began = time.perf_counter()
        await self.process.start()
        await self.double.wait_until(
            lambda: self.double.gateway.identify_count > identified or not self.process.running,
            timeout, "IDENTIFY")
        self._alive()
        at_identify = time.perf_counter() - began
        await self.process.wait_for_output("ready as", timeout)
        at_ready = time.perf_counter() - began
        await self.double.wait_for_sync(syncs + 1, timeout)
        figures = {"identify": at_identify, "ready": at_ready}
        self.starts.append(figures)
        return figures

    def _alive(self) -> None:
        assert self.process is not None
        if not self.process.running:
            raise RuntimeError(f"{self.kind} exited with {self.process.returncode}:\n{self.process.tail()}")

    def new_user(self, prefix: str = "learner") -> User:
        self._users += 1
        user = self.double.add_user(f"{prefix}{self._users}")
        self.guild.add_member(user)
        return user

    def user_with_id(self, user_id: int) -> User:
        """A member with a chosen id (a learner of the generated database)."""
        user = self.double.users.get(user_id)
        if user is None:
            user = User(user_id, f"gen{user_id % 1_000_000}")
            self.double.users[user_id] = user
            self.guild.add_member(user)
        return user

    def disk_read_bytes(self) -> int | None:
        """Bytes the process has read from the disk so far (`read_bytes`: not those the page cache served)."""
        return self._proc_figure("io", "read_bytes:")

    def peak_rss_mb(self) -> float | None:
        """The process's peak resident set (VmHWM), in MB."""
        kib = self._proc_figure("status", "VmHWM:")
        return None if kib is None else kib / 1024

    def _proc_figure(self, file: str, label: str) -> int | None:
        """The number on the line of /proc/PID/`file` that starts with `label` (None: no process, or no line)."""
        pid = self.process.pid if self.process else None
        try:
            text = Path(f"/proc/{pid}/{file}").read_text()
        except OSError:
            return None
        return next((int(line.split()[1]) for line in text.splitlines() if line.startswith(label)), None)
