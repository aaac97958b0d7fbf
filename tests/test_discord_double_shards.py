"""The discord double shards a bot as Discord does: one session per shard, each server's events on the shard
``(guild_id >> 22) % n``, direct messages on shard 0. Exercised with discord.py's AutoShardedClient and, for what
discord.py never sends (a bad shard), with a raw websocket."""

from __future__ import annotations

import asyncio
import sys
import textwrap
import time
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import discord
from discord import app_commands

from tests.discord_double import BotProcess, DiscordDouble
from tests.discord_double.discordpy import NoIdentifyWait, client_kwargs, running_client
from tests.discord_double.fixtures import serving_double
from tests.discord_double.shards import shard_of

IDENTIFY, GUILDS, GUILD_MESSAGES, DM_MESSAGES = 2, 1 << 0, 1 << 9, 1 << 12


class ShardedClient(NoIdentifyWait, discord.AutoShardedClient):
    pass


@dataclass
class Bot:
    client: ShardedClient
    answered: list[int | None] = field(default_factory=list)  # the server of each /where this client ran


def sharded_bot(**overrides: Any) -> Bot:
    """An AutoShardedClient with the guilds intent only and one command, /where, that says which server and
    shard (by discord.py's own reckoning) it ran in."""
    client = ShardedClient(**client_kwargs(intents=discord.Intents(guilds=True), **overrides))
    tree = app_commands.CommandTree(client)
    bot = Bot(client)

    async def setup_hook() -> None:
        await tree.sync()

    client.setup_hook = setup_hook  # type: ignore[method-assign]

    @tree.command(description="Where this ran")
    async def where(interaction: discord.Interaction) -> None:
        guild = interaction.guild
        bot.answered.append(guild.id if guild else None)
        await interaction.response.send_message(f"shard {guild.shard_id}" if guild else "dm")

    return bot


def with_servers(double: DiscordDouble, total: int) -> None:
    for i in range(total - len(double.guilds)):
        double.add_guild(f"Server {i}")


def expected(double: DiscordDouble, count: int) -> dict[int, set[int]]:
    """Each shard's servers by Discord's formula."""
    out: dict[int, set[int]] = {i: set() for i in range(count)}
    for guild_id in double.guilds:
        out[(guild_id >> 22) % count].add(guild_id)
    return out


def sent_servers(double: DiscordDouble, shard: int) -> tuple[set[int], set[int]]:
    """The servers shard ``shard``'s session was told of: in READY, and by GUILD_CREATE."""
    session = double.shard_sessions()[shard]
    (ready,) = session.payloads("READY")
    return {int(g["id"]) for g in ready["guilds"]}, {int(g["id"]) for g in session.payloads("GUILD_CREATE")}


def interaction_ids(double: DiscordDouble, shard: int) -> set[int]:
    return {int(p["id"]) for p in double.shard_sessions()[shard].payloads("INTERACTION_CREATE")}


# ------------------------------------------------------------------------------------- AutoShardedClient
async def test_two_shards_each_get_their_own_servers_and_interactions() -> None:
    async with serving_double() as double:
        with_servers(double, 10)
        split = expected(double, 2)
        assert split[0] and split[1], "the double's server ids should fall on both shards"
        bot = sharded_bot(shard_count=2)
        async with running_client(double, bot.client):
            await double.wait_for_shards(2)
            assert double.identifies(0) == double.identifies(1) == 1
            assert double.gateway.identify_count == 2
            for shard in (0, 1):
                assert sent_servers(double, shard) == (split[shard], split[shard])
            client = bot.client
            assert {g.id for g in client.guilds} == set(double.guilds)
            assert {g.id: g.shard_id for g in client.guilds} == {g: (g >> 22) % 2 for g in double.guilds}

            for guild_id in (min(split[0]), min(split[1])):
                guild = double.guilds[guild_id]
                it = await double.slash("where", guild=guild)
                assert (await it.reply()).content == f"shard {double.shard_of(guild)}"
                assert it.id in interaction_ids(double, double.shard_of(guild))
                assert it.id not in interaction_ids(double, 1 - double.shard_of(guild))

            dm = await double.slash("where", guild=None)
            assert (await dm.reply()).content == "dm"
            assert dm.id in interaction_ids(double, 0) and dm.id not in interaction_ids(double, 1)
            assert bot.answered == [min(split[0]), min(split[1]), None]


async def test_a_cluster_of_two_processes_each_sees_only_its_shard() -> None:
    """Two clients, shard 0 and shard 1 of 2, as two processes of a cluster would run: each knows only its own
    servers and answers only their commands; the direct message goes to shard 0's."""
    async with serving_double() as double:
        with_servers(double, 10)
        split = expected(double, 2)
        first, second = sharded_bot(shard_count=2, shard_ids=[0]), sharded_bot(shard_count=2, shard_ids=[1])
        async with running_client(double, first.client), running_client(double, second.client):
            await double.wait_for_shards(2)
            assert {g.id for g in first.client.guilds} == split[0]
            assert {g.id for g in second.client.guilds} == split[1]
            for guild_id in sorted(double.guilds):
                it = await double.slash("where", guild=double.guilds[guild_id])
                await it.reply()
            dm = await double.slash("where", guild=None)
            assert (await dm.reply()).content == "dm"
            assert first.answered == [*sorted(split[0]), None]
            assert second.answered == sorted(split[1])


async def test_the_recommended_count_is_used_without_a_shard_count() -> None:
    async with serving_double(recommended_shards=3) as double:
        with_servers(double, 9)
        bot = sharded_bot()
        async with running_client(double, bot.client):
            conns = await double.wait_for_shards(3)
            assert bot.client.shard_count == 3 and sorted(bot.client.shards) == [0, 1, 2]
            assert [double.identifies(i) for i in range(3)] == [1, 1, 1]
            assert [c.session.shard_id for c in conns.values()] == [0, 1, 2]
            split = expected(double, 3)
            for shard in range(3):
                assert sent_servers(double, shard) == (split[shard], split[shard])
            assert ("GET", "/api/v10/gateway/bot", 200) in double.requests


async def test_a_resumed_shard_keeps_its_servers() -> None:
    async with serving_double() as double:
        with_servers(double, 6)
        bot = sharded_bot(shard_count=2)
        async with running_client(double, bot.client):
            await double.wait_for_shards(2)
            session = double.shard_sessions()[1]
            before = len(double.established)
            await double.send_reconnect(shard=1)
            conn = await double.wait_for_connection(after=before)
            assert conn.kind == "resume" and conn.session is session and session.shard_id == 1
            assert double.live_connection(shard=1) is conn and double.identifies(1) == 1
            guild = double.guilds[min(expected(double, 2)[1])]
            it = await double.slash("where", guild=guild)
            assert (await it.reply()).content == "shard 1"
            assert it.id in interaction_ids(double, 1)


async def test_gateway_bot_reports_the_shard_count_and_concurrency() -> None:
    async with serving_double(recommended_shards=4, max_concurrency=16) as double:
        headers = {"Authorization": f"Bot {double.token}"}
        async with aiohttp.ClientSession() as http, http.get(f"{double.api_base}/gateway/bot", headers=headers) as resp:
            data = await resp.json()
        assert data["shards"] == 4 and data["session_start_limit"]["max_concurrency"] == 16
        assert data["url"] == double.gateway_url


# ------------------------------------------------------------------------------------------- raw IDENTIFY
async def identify(double: DiscordDouble, http: aiohttp.ClientSession, shard: list[int] | None,
                   intents: int = GUILDS) -> tuple[aiohttp.ClientWebSocketResponse, Any]:
    """Open a socket and IDENTIFY; returns it with READY's data, or with the close code if refused."""
    ws = await http.ws_connect(f"{double.gateway_url}?v=10&encoding=json", max_msg_size=0)
    await ws.receive_json()  # HELLO
    d: dict[str, Any] = {"token": double.token, "intents": intents, "properties": {}}
    if shard is not None:
        d["shard"] = shard
    await ws.send_json({"op": IDENTIFY, "d": d})
    msg = await ws.receive()
    if msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED, aiohttp.WSMsgType.CLOSING):
        return ws, ws.close_code
    return ws, msg.json()["d"]


async def test_a_bad_shard_is_refused_with_4010_and_too_few_with_4011() -> None:
    async with serving_double() as double, aiohttp.ClientSession() as http:
        for bad in ([2, 2], [-1, 2], [0, 0], ["a", 2]):
            ws, code = await identify(double, http, bad)
            assert code == 4010, bad
            await ws.close()
        ws0, ready = await identify(double, http, [0, 2])
        assert ready["shard"] == [0, 2]
        ws, code = await identify(double, http, [1, 3])  # shard 0 is live with 2 shards
        assert code == 4010
        ws1, ready = await identify(double, http, [1, 2])
        assert ready["shard"] == [1, 2] and double.shard_count == 2
        for sock in (ws, ws0, ws1):
            await sock.close()

        double.required_shards = 2
        ws, code = await identify(double, http, None)
        assert code == 4011
        ws, ready = await identify(double, http, [0, 2])
        assert ready["shard"] == [0, 2]
        await ws.close()


async def test_without_shard_a_session_is_shard_0_of_1_and_gets_every_server() -> None:
    async with serving_double() as double, aiohttp.ClientSession() as http:
        with_servers(double, 5)
        ws, ready = await identify(double, http, None)
        assert "shard" not in ready and {int(g["id"]) for g in ready["guilds"]} == set(double.guilds)
        assert double.shard_count == 1 and double.shard_sessions()[0].shard_count == 1
        assert double.live_connection() is double.live_connection(shard=0) is not None
        await ws.close()


async def test_server_events_and_messages_go_to_their_shard_and_dms_to_shard_0() -> None:
    async with serving_double() as double, aiohttp.ClientSession() as http:
        with_servers(double, 6)
        intents = GUILDS | GUILD_MESSAGES | DM_MESSAGES
        sockets = [(await identify(double, http, [i, 2], intents))[0] for i in range(2)]
        await double.wait_for_shards(2)
        for guild in double.guilds.values():
            channel = next(iter(guild.channels.values()))
            await double.user_message(f"hello {guild.id}", channel=channel)
            role = guild.add_role("tutors")
            await double.dispatch("GUILD_ROLE_CREATE", {"guild_id": str(guild.id), "role": role.payload()})
        dm = await double.user_message("hello dm", channel=double.dm_channel(double.user))
        sessions = double.shard_sessions()
        for shard in (0, 1):
            mine = {str(g) for g in expected(double, 2)[shard]}
            messages = sessions[shard].payloads("MESSAGE_CREATE")
            assert {m["guild_id"] for m in messages if "guild_id" in m} == mine
            assert {r["guild_id"] for r in sessions[shard].payloads("GUILD_ROLE_CREATE")} == mine
        assert [m["id"] for m in sessions[0].payloads("MESSAGE_CREATE") if "guild_id" not in m] == [str(dm.id)]
        assert all("guild_id" in m for m in sessions[1].payloads("MESSAGE_CREATE"))
        for ws in sockets:
            await ws.close()


async def test_ten_thousand_servers_over_four_shards() -> None:
    """Adding 10,000 servers and sending their GUILD_CREATEs on four shards; prints the times (run with -s).
    Each shard gets its quarter, with nothing lost or sent twice."""
    async with serving_double(timeout=60.0) as double, aiohttp.ClientSession() as http:
        began = time.perf_counter()
        with_servers(double, 10_000)
        added = time.perf_counter() - began

        async def shard(index: int) -> list[int]:
            ws, ready = await identify(double, http, [index, 4])
            ids: list[int] = []
            while len(ids) < len(ready["guilds"]):
                frame = await ws.receive_json()
                if frame["t"] == "GUILD_CREATE":
                    ids.append(int(frame["d"]["id"]))
            await ws.close()
            return ids

        began = time.perf_counter()
        received = await asyncio.gather(*(shard(i) for i in range(4)))
        sent = time.perf_counter() - began
        print(f"\n10,000 servers: added in {added:.2f} s; GUILD_CREATEs on 4 shards sent and read in {sent:.2f} s")
        split = expected(double, 4)
        for index, ids in enumerate(received):
            assert len(ids) == len(set(ids)) and set(ids) == split[index]
            assert {shard_of(g, 4) for g in ids} == {index}
        assert sum(map(len, received)) == 10_000
        assert min(map(len, received)) > 2_000  # spread over the shards, not all on one


# ------------------------------------------------------------------------------------------ processes
SHARD_SCRIPT = textwrap.dedent("""
    import os, discord, discord.gateway, discord.http, yarl
    from discord import app_commands

    discord.http.Route.BASE = os.environ["DISCORD_API_BASE"]
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(os.environ["DISCORD_GATEWAY_URL"])

    class Bot(discord.Client):  # a plain Client given one shard of two, as one process of a cluster
        def __init__(self):
            super().__init__(intents=discord.Intents(guilds=True), guild_ready_timeout=0.05,
                             allowed_mentions=discord.AllowedMentions.none(),
                             shard_id=int(os.environ["SHARD"]), shard_count=2)
            self.tree = app_commands.CommandTree(self)

        async def setup_hook(self):
            @self.tree.command(description="which process")
            async def whoami(interaction):
                await interaction.response.send_message(f"pid {os.getpid()} shard {self.shard_id}")
            await self.tree.sync()

    Bot().run(os.environ["DISCORD_TOKEN"], log_handler=None)
""")


async def test_processes_of_a_cluster_wait_for_and_restart_their_own_shard(tmp_path) -> None:
    async with serving_double(timeout=15.0) as double:
        with_servers(double, 6)
        (tmp_path / "bot.py").write_text(SHARD_SCRIPT)
        one, zero = (BotProcess(double, [sys.executable, str(tmp_path / "bot.py")], env={"SHARD": str(i)},
                                log_path=tmp_path / f"shard{i}.log") for i in (1, 0))
        split = expected(double, 2)
        async with one, zero:
            await one.wait_until_identified(shards=[1])  # shard 0 is not up yet
            it = await double.slash("whoami", guild=double.guilds[min(split[1])])
            assert (await it.reply()).content == f"pid {one.pid} shard 1"
            await zero.wait_until_identified(shards=[0])
            assert (await (await double.slash("whoami", guild=None)).reply()).content == f"pid {zero.pid} shard 0"

            await one.restart(kill=True, shards=[1])
            assert double.identifies(1) == 2 and double.identifies(0) == 1
            it = await double.slash("whoami", guild=double.guilds[max(split[1])])
            assert (await it.reply()).content == f"pid {one.pid} shard 1"
            it = await double.slash("whoami", guild=double.guilds[max(split[0])])
            assert (await it.reply()).content == f"pid {zero.pid} shard 0"
