"""Running the real bot as a subprocess against a double (end-to-end tests).

The process gets DISCORD_TOKEN, DISCORD_API_BASE and DISCORD_GATEWAY_URL (plus whatever the test adds);
the bot is expected to set ``discord.http.Route.BASE`` and ``DiscordWebSocket.DEFAULT_GATEWAY`` from them.
stdout and stderr go to one log file that survives restarts (each start appends a marker line).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .double import DiscordDouble


class BotProcess:
    def __init__(
        self,
        double: DiscordDouble,
        argv: list[str],
        *,
        log_path: str | os.PathLike[str],
        env: dict[str, str] | None = None,
        cwd: str | os.PathLike[str] | None = None,
        inherit_env: bool = True,
    ) -> None:
        self.double = double
        self.argv = list(argv)
        self.log_path = Path(log_path)
        self.extra_env = dict(env or {})
        self.cwd = cwd
        self.inherit_env = inherit_env
        self.proc: asyncio.subprocess.Process | None = None
        self.starts = 0
        self._identifies_at_start = 0
        self._shard_identifies_at_start: dict[int, int] = {}
        self._log_offset = 0

    def environment(self) -> dict[str, str]:
        env = dict(os.environ) if self.inherit_env else {}
        env.update(self.double.env())
        env.setdefault("PYTHONUNBUFFERED", "1")
        env.update(self.extra_env)
        return env

    async def start(self) -> None:
        if self.running:
            raise RuntimeError("bot process already running")
        self.starts += 1
        self._identifies_at_start = self.double.gateway.identify_count
        self._shard_identifies_at_start = dict(self.double.gateway.shards.identify_counts)
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("ab") as log:
            log.write(f"--- discord double: start #{self.starts}: {' '.join(self.argv)}\n".encode())
            self._log_offset = log.tell()
            self.proc = await asyncio.create_subprocess_exec(
                *self.argv,
                stdin=asyncio.subprocess.DEVNULL,
                stdout=log,
                stderr=asyncio.subprocess.STDOUT,
                env=self.environment(),
                cwd=self.cwd,
                start_new_session=True,
            )

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.returncode is None

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc else None

    @property
    def returncode(self) -> int | None:
        return self.proc.returncode if self.proc else None

    def output(self, *, since_start: bool = False) -> str:
        """The log (stdout+stderr of every run so far, or only of the current run)."""
        if not self.log_path.exists():
            return ""
        data = self.log_path.read_bytes()
        return data[self._log_offset:].decode(errors="replace") if since_start else data.decode(errors="replace")

    async def wait_until_identified(self, timeout: float = 15.0, *, shards: Iterable[int] | None = None) -> None:
        """Wait for this run's IDENTIFY (and READY sent); fails early, with the log, if the process exits.
        With ``shards`` (a process of a cluster), wait for a new IDENTIFY and a live socket on each of them:
        other processes' IDENTIFYs on other shards do not count."""
        if self.proc is None:
            raise RuntimeError("bot process not started")
        target = self._identifies_at_start + 1
        wanted = None if shards is None else list(shards)
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            if self._identified(target, wanted):
                return
            if self.proc.returncode is not None:
                raise AssertionError(
                    f"bot exited with {self.proc.returncode} before identifying; output:\n{self.tail()}")
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"bot did not identify within {timeout}s; output:\n{self.tail()}")
            await asyncio.sleep(0.05)

    def _identified(self, target: int, shards: list[int] | None) -> bool:
        gateway = self.double.gateway
        if shards is None:
            return gateway.identify_count >= target and gateway.live_connection() is not None
        before = self._shard_identifies_at_start
        return all(gateway.shards.identify_counts[i] > before.get(i, 0) and gateway.live_connection(i) is not None
                   for i in shards)

    async def wait_for_output(self, text: str, timeout: float = 15.0) -> None:
        """Wait until this run's log holds `text` (e.g. the bot's "ready as" line); fails early, with the log,
        if the process exits."""
        deadline = asyncio.get_running_loop().time() + timeout
        while text not in self.output(since_start=True):
            if not self.running:
                raise AssertionError(f"bot exited with {self.returncode} before logging {text!r}; "
                                     f"output:\n{self.tail()}")
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"bot did not log {text!r} within {timeout}s; output:\n{self.tail()}")
            await asyncio.sleep(0.002)

    def tail(self, lines: int = 40) -> str:
        return "\n".join(self.output(since_start=True).splitlines()[-lines:])

    async def kill(self) -> int | None:
        """SIGKILL (no cleanup in the bot), then reap it."""
        if self.proc is None:
            return None
        if self.proc.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                self.proc.send_signal(signal.SIGKILL)
        return await self.proc.wait()

    async def stop(self, timeout: float = 5.0) -> int | None:
        """SIGTERM, then SIGKILL if it has not exited within ``timeout``."""
        if self.proc is None:
            return None
        if self.proc.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                self.proc.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(self.proc.wait(), timeout)
            except TimeoutError:
                return await self.kill()
        return self.proc.returncode

    async def restart(self, *, kill: bool = True, wait: bool = True, timeout: float = 15.0,
                      shards: Iterable[int] | None = None) -> None:
        """Kill (or stop) and start again; by default wait until the new run has identified (on ``shards``)."""
        await (self.kill() if kill else self.stop())
        await self.start()
        if wait:
            await self.wait_until_identified(timeout, shards=shards)

    async def __aenter__(self) -> BotProcess:
        await self.start()
        return self

    async def __aexit__(self, *exc: Any) -> None:
        await self.stop()
