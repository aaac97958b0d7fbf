"""A cluster over the double: two `python -m bot` processes, shards 0 and 1 of 2, on one PostgreSQL database, and
ten servers dealt between them. Every command and click is answered by the process of its server's shard; a
learner's progress is one across servers of both shards (and DMs, shard 0's); each server's quote of the day is
posted once, also when a process is killed with kill -9 as it posts (its claim recorded, the post at Discord or
not yet); a group quiz whose process is killed goes on when it comes back, and the other process never steps in.

Both processes use the bot's one token, so the double alone cannot tell them apart: each reaches the double's REST
API through a tap of its own (its DISCORD_API_BASE) that notes every call, and a test can ask which process
answered an interaction (its token is in the callback's path) or posted in a channel."""

from __future__ import annotations

import asyncio
import contextlib
import json
import shutil
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path

import aiohttp
import pytest
import pytest_asyncio
from aiohttp import web
from yarl import URL

from tests.conftest import ROOT, SHIPPED_COURSE
from tests.discord_double import BotProcess, DiscordDouble, Guild, Interaction, Perm, User
from tests.e2e.conftest import bot_env, engine_database, fetch
from tests.e2e.test_group_quiz import questions
from tests.e2e.test_quiz_flow import answer_current, buttons

pytestmark = [pytest.mark.slow, pytest.mark.asyncio(loop_scope="module")]

ENGINES = ("postgresql",)  # the processes of a cluster share one PostgreSQL database; SQLite serves one process
SHARDS = 2
SERVERS = 10
VERDICTS = ("Right!", "Not quite.", "Close, but not quite.")
HOP_BY_HOP = frozenset({"host", "content-length", "transfer-encoding", "connection", "keep-alive",
                        "content-encoding"})


class RestTap:
    """One process's way to the double's REST API: forwards each call as it is and notes (method, path).
    `before_call` (returning True to drop the call) and `after_call` (once the double has done it, before the
    process hears the answer), when set, let a test kill the process at either point."""

    def __init__(self, target: str):
        self.target = target
        self.calls: list[tuple[str, str]] = []
        self.before_call: Callable[[str, str], Awaitable[bool]] | None = None
        self.after_call: Callable[[str, str], Awaitable[None]] | None = None
        self._runner: web.AppRunner | None = None
        self._session: aiohttp.ClientSession | None = None
        self.base = ""

    async def __aenter__(self) -> RestTap:
        self._session = aiohttp.ClientSession(auto_decompress=False)
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._forward)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.base = f"http://127.0.0.1:{self._runner.addresses[0][1]}/api/v10"
        return self

    async def __aexit__(self, *exc: object) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
        if self._session is not None:
            await self._session.close()

    async def _forward(self, request: web.Request) -> web.Response:
        assert self._session is not None
        self.calls.append((request.method, request.path))
        if self.before_call is not None and await self.before_call(request.method, request.path):
            return web.Response(status=502)  # nobody is left to read it
        headers = {k: v for k, v in request.headers.items() if k.lower() not in HOP_BY_HOP}
        async with self._session.request(request.method, URL(self.target + request.raw_path, encoded=True),
                                         headers=headers, data=await request.read(),
                                         allow_redirects=False) as answer:
            body = await answer.read()
            reply = web.Response(status=answer.status, body=body,
                                 headers={k: v for k, v in answer.headers.items() if k.lower() not in HOP_BY_HOP})
        if self.after_call is not None:
            await self.after_call(request.method, request.path)
        return reply

    def touched(self, fragment: str) -> list[tuple[str, str]]:
        """The calls whose path holds `fragment` (an interaction's token, a channel's id)."""
        return [(method, path) for method, path in self.calls if fragment in path]


class Cluster:
    """The double, a bot process per shard (each with its tap), and their shared database."""

    def __init__(self, double: DiscordDouble, database: str, bots: dict[int, BotProcess],
                 taps: dict[int, RestTap]):
        self.double = double
        self.database = database
        self.bots = bots
        self.taps = taps

    def owner(self, guild: Guild) -> int:
        return self.double.shard_of(guild)

    def servers(self, shard: int) -> list[Guild]:
        return [g for g in self.double.guilds.values() if self.owner(g) == shard]

    def answered_by(self, it: Interaction) -> set[int]:
        """The shards whose process answered `it` (called back, followed up or edited its reply)."""
        return {shard for shard, tap in self.taps.items() if tap.touched(it.token)}

    def carried_by(self, it: Interaction) -> set[int]:
        """The shards whose gateway session delivered `it` to its process."""
        return {shard for shard, session in self.double.shard_sessions().items()
                if any(p["id"] == str(it.id) for p in session.payloads("INTERACTION_CREATE"))}

    def posters_in(self, channel_id: int) -> set[int]:
        """The shards whose process called any route of this channel (posted, edited, read its history)."""
        return {shard for shard, tap in self.taps.items() if tap.touched(f"/channels/{channel_id}/")}

    def member(self, name: str, guilds: list[Guild], *, moderator: bool = False) -> User:
        user = self.double.add_user(name)
        for guild in guilds:
            roles = [guild.add_role(f"Moderators {name}", Perm.MEMBER_DEFAULT | Perm.MANAGE_GUILD)] \
                if moderator else []
            guild.add_member(user, roles=roles)
        return user

    async def start(self, *shards: int, timeout: float = 30, unwatched: tuple[int, ...] = ()) -> None:
        """Start these shards' processes together, as a deployment would, and wait until each is ready, except
        the `unwatched` ones: a test that kills a process as it works checks its work instead (it may be killed
        before this would see it ready)."""
        for shard in shards:
            await self.bots[shard].start()
        for shard in shards:
            if shard not in unwatched:
                await self.bots[shard].wait_until_identified(timeout, shards=[shard])
                await self.bots[shard].wait_for_output("ready as", timeout)

    async def restart(self, *shards: int, clock: str | None = None, unwatched: tuple[int, ...] = ()) -> None:
        """kill -9 these shards' processes (if running) and start them again, with their clock at `clock`."""
        for shard in shards:
            await self.bots[shard].kill()
            if clock is not None:
                self.bots[shard].extra_env["TUTOR_CLOCK_START"] = clock
        await self.start(*shards, unwatched=unwatched)


@contextlib.asynccontextmanager
async def running_cluster(workdir: Path, database: str, **env: str) -> AsyncIterator[Cluster]:
    content = workdir / "content"
    shutil.copytree(SHIPPED_COURSE, content)
    async with DiscordDouble(timeout=10.0) as double, contextlib.AsyncExitStack() as stack:
        for n in range(SERVERS - len(double.guilds)):
            double.add_guild(f"Server {n + 2}")
        taps = {shard: await stack.enter_async_context(RestTap(double.http_base)) for shard in range(SHARDS)}
        bots = {shard: BotProcess(double, [sys.executable, "-m", "bot"], log_path=workdir / f"bot{shard}.log",
                                  cwd=ROOT, env={**bot_env(workdir, content, database), **env,
                                                 "TUTOR_HOME_GUILD_ID": str(double.guild.id),
                                                 "DISCORD_API_BASE": taps[shard].base,
                                                 "TUTOR_SHARD_COUNT": str(SHARDS), "TUTOR_SHARD_IDS": str(shard)})
                for shard in range(SHARDS)}
        cluster = Cluster(double, database, bots, taps)
        try:
            await cluster.start(*bots)
            yield cluster
        finally:
            for bot in bots.values():
                await bot.stop()
        assert not double.unexpected, double.unexpected
        for bot in bots.values():
            assert double.token not in bot.output(), "the bot token appeared in a log"
        assert not [s for s in double.sent if double.token in json.dumps(s.payload)], "the bot token was posted"


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def cluster(request, engine, tmp_path_factory):
    """One cluster for the module's tests that neither move the clock nor need fresh servers."""
    workdir = tmp_path_factory.mktemp("cluster")
    async with engine_database(request, engine, workdir) as database, running_cluster(workdir, database) as c:
        yield c


async def test_the_servers_are_dealt_between_the_two_processes(cluster):
    double = cluster.double
    assert double.shard_count == SHARDS and sorted(double.shard_sessions()) == [0, 1]
    assert [len(cluster.servers(shard)) for shard in range(SHARDS)] == [5, 5]
    for shard, bot in cluster.bots.items():  # what an operator reads in each process's log
        assert f"in 5 server(s), shards {shard} of 2" in bot.output(), bot.tail()


async def test_every_command_and_click_is_answered_by_the_process_of_its_server(cluster):
    double = cluster.double
    for n, guild in enumerate(double.guilds.values()):
        owner = cluster.owner(guild)
        learner = cluster.member(f"learner{n}", [guild])  # one each: per-user cooldowns stay out of the way
        start = await double.slash("quiz", {"length": 1}, guild=guild, user=learner)
        message = await start.response_message()
        assert message.embeds[0]["title"] == "Question 1 of 1", message.embeds
        feedback, click = await answer_current(double, double.message(message.id), learner)
        assert feedback.embeds[-1]["title"] in VERDICTS, feedback.embeds
        progress = await double.slash("progress", guild=guild, user=learner)
        assert (await progress.reply()).embeds[0]["description"].startswith("1 answer"), guild.name
        for it in (start, click, progress):
            assert cluster.carried_by(it) == {owner}, f"{it} in {guild.name} came on the wrong shard"
            assert cluster.answered_by(it) == {owner}, f"{it} in {guild.name} answered by {cluster.answered_by(it)}"
    for shard, session in double.shard_sessions().items():  # no session saw another shard's server
        servers = {int(p["guild_id"]) for p in session.payloads("INTERACTION_CREATE") if p.get("guild_id")}
        assert servers and {double.shard_of(g) for g in servers} == {shard}


async def test_progress_is_the_same_in_servers_of_both_shards(cluster):
    double = cluster.double
    here, there = cluster.servers(0)[-1], cluster.servers(1)[-1]
    learner = cluster.member("traveller", [here, there])
    for guild, topic in ((here, "revolution-1905"), (there, "revolution-1917")):
        start = await double.slash("quiz", {"topic": topic, "length": 1}, guild=guild, user=learner)
        feedback, _ = await answer_current(double, await start.response_message(), learner)
        assert feedback.embeds[-1]["title"] in VERDICTS
    shown = {}
    for where in (here, there, None):  # None: in a direct message, which is shard 0's
        it = await double.slash("progress", guild=where, user=learner)
        shown[where] = (await it.reply()).embeds[0]
        assert cluster.answered_by(it) == {0 if where is None else cluster.owner(where)}
    assert shown[here]["description"].startswith("2 answers"), shown[here]
    for where in (there, None):
        assert shown[where]["description"] == shown[here]["description"]
        assert [f["name"] for f in shown[where].get("fields", [])] == [f["name"] for f in shown[here].get("fields", [])]


async def test_a_group_quiz_outlives_the_kill_of_its_process(cluster):
    double = cluster.double
    guild = cluster.servers(1)[0]
    general = guild.channel_named("general")
    players = [cluster.member(f"player{n}", [guild]) for n in range(3)]

    start = await double.slash("quiz", {"mode": "group", "length": 2, "seconds": 10, "topic": "revolution-1905"},
                               guild=guild, user=players[0])
    assert "started a group quiz: 2 questions" in (await start.reply()).content
    assert cluster.answered_by(start) == {1}
    q1 = (await double.wait_until(lambda: questions(double, general), timeout=10, what="question 1"))[0]
    choices = [b["custom_id"] for b in buttons(q1) if b["custom_id"].startswith("q:")]  # not the host's controls
    for player, custom_id in zip(players, choices, strict=False):
        reply = await (await double.click(q1, custom_id, user=player)).reply()
        assert reply.content.startswith("Your answer is in"), reply.content
    answered = min(len(players), len(choices))

    await cluster.bots[1].kill()
    await cluster.restart(0)  # the other process starting meanwhile leaves the quiz to its own process
    elsewhere = cluster.servers(0)[0]  # and goes on serving its own servers
    quiz = await double.slash("quiz", {"length": 1}, guild=elsewhere, user=cluster.member("bystander", [elsewhere]))
    assert (await quiz.reply()).embeds[0]["title"] == "Question 1 of 1" and cluster.answered_by(quiz) == {0}
    # the question's time runs out while its process is down: nobody else closes it
    ends_at = int(str(q1.embeds[0]["fields"]).split("<t:")[1].split(":")[0])
    await double.wait_until(lambda: time.time() > ends_at + 1, timeout=20, what="question 1's time to run out")
    assert len(double.message(q1.id).embeds) == 1 and len(questions(double, general)) == 1

    await cluster.restart(1)
    await double.wait_until(lambda: len(double.message(q1.id).embeds) == 2, timeout=20, what="results of question 1")
    assert double.message(q1.id).embeds[1]["title"].endswith(f"of {answered} right")
    q2 = (await double.wait_until(lambda: questions(double, general)[1:], timeout=15, what="question 2"))[0]
    reply = await (await double.click(q2, buttons(q2)[0]["custom_id"], user=players[0])).reply()
    assert reply.content.startswith("Your answer is in")
    board = await double.wait_until(
        lambda: [m for m in double.messages(general) if m.embeds and m.embeds[0].get("title") ==
                 "Group quiz: the scoreboard"], timeout=25, what="the scoreboard")
    text = board[0].embeds[0]["description"]
    assert all(f"<@{p.id}>" in text for p in players[:answered]) and "of 2" in text, text
    assert cluster.posters_in(general.id) == {1}
    assert "resuming group quiz" in cluster.bots[1].output(since_start=True)
    assert "group quiz" not in cluster.bots[0].output()


# -- the quote of the day: a cluster of its own, its clock set by TUTOR_CLOCK_START --

def quote_posts(double: DiscordDouble, guild: Guild, day: str) -> list:
    return [m for m in double.messages(guild.channel_named("general"))
            if m.embeds and (m.embeds[0].get("author") or {}).get("name", "").endswith(f"· {day}")]


async def day_done(database: str, day: str) -> bool:
    """Every server's post of `day` recorded as sent, and every schedule moved past it: nothing of that day is
    left for any process to do."""
    sent = await fetch(database, "SELECT COUNT(*) FROM daily_posts WHERE local_date = ? AND status = 'sent'", day)
    moved = await fetch(database, "SELECT COUNT(*) FROM daily_schedules WHERE next_local_date > ?", day)
    return sent[0][0] == SERVERS and moved[0][0] == SERVERS


async def settled(cluster: Cluster, day: str) -> None:
    deadline = time.monotonic() + 40
    while not await day_done(cluster.database, day):
        assert time.monotonic() < deadline, f"the posts of {day} were not all recorded: " + "; ".join(
            bot.tail(10) for bot in cluster.bots.values())
        await asyncio.sleep(0.2)


async def assert_posted_once(cluster: Cluster, day: str) -> None:
    double = cluster.double
    recorded = dict(await fetch(cluster.database,
                                "SELECT guild_id, message_id FROM daily_posts WHERE local_date = ?", day))
    for guild in double.guilds.values():
        posts = quote_posts(double, guild, day)
        assert len(posts) == 1, f"{guild.name} (shard {cluster.owner(guild)}) got {len(posts)} posts on {day}"
        assert recorded[guild.id] == posts[0].id  # /daily status shows the post that is there
        posters = cluster.posters_in(guild.channel_named("general").id)
        assert posters == {cluster.owner(guild)}, f"{guild.name} of shard {cluster.owner(guild)} posted by {posters}"


def kill_at_first_post(cluster: Cluster, shard: int, *, delivered: bool) -> asyncio.Event:
    """kill -9 `shard`'s process at its first quote of the day, the claim already in the database: once Discord
    has the post and before the process hears so (`delivered`), or before the post reaches Discord."""
    killed = asyncio.Event()
    channels = {f"/channels/{g.channel_named('general').id}/messages" for g in cluster.servers(shard)}

    async def kill(method: str, path: str) -> bool:
        if killed.is_set() or method != "POST" or not any(path.endswith(c) for c in channels):
            return False
        killed.set()
        await cluster.bots[shard].kill()
        return True

    tap = cluster.taps[shard]
    if delivered:
        tap.after_call = kill
    else:
        tap.before_call = kill
    return killed


@pytest.mark.asyncio(loop_scope="function")
async def test_each_server_gets_its_quote_once_across_kill_9(database, tmp_path):
    async with running_cluster(tmp_path, database, TUTOR_CLOCK_START="2026-03-02T08:00:00Z") as cluster:
        double = cluster.double
        general = {g.id: g.channel_named("general") for g in double.guilds.values()}
        for n, guild in enumerate(double.guilds.values()):
            mod = cluster.member(f"mod{n}", [guild], moderator=True)
            it = await double.slash("daily set", {"channel": general[guild.id], "time": "09:00", "timezone": "UTC"},
                                    guild=guild, user=mod)
            assert "Next post: 2026-03-02 09:00 UTC" in (await it.reply()).content
            assert cluster.answered_by(it) == {cluster.owner(guild)}

        # both processes come up a few seconds before the time, as after a deployment
        await cluster.restart(0, 1, clock="2026-03-02T08:59:57Z")
        await settled(cluster, "2026-03-02")
        await assert_posted_once(cluster, "2026-03-02")

        # the next days, each process in turn is killed as it posts: after Discord has the post, then before
        for day, victim, delivered in (("2026-03-03", 1, True), ("2026-03-04", 0, False)):
            killed = kill_at_first_post(cluster, victim, delivered=delivered)
            # the victim may post (and die) before the other process is ready: its death is awaited instead
            await cluster.restart(0, 1, clock=f"{day}T08:59:57Z", unwatched=(victim,))
            await asyncio.wait_for(killed.wait(), 30)
            cluster.taps[victim].before_call = cluster.taps[victim].after_call = None
            await cluster.restart(victim, clock=f"{day}T09:00:20Z")
            await settled(cluster, day)
            await assert_posted_once(cluster, day)
        # the killed posts were found in their channels on restart, not deduplicated by Discord's nonce (which
        # holds only a few minutes)
        assert double.nonce_hits == 0
        assert not double.refusals, double.refusals
