"""One course for the cluster: two bot processes (shards 0 and 1 of 2) on one PostgreSQL database, each with its
own copy of the course folder. A moderator's /content upload, answered by the process of the home server's
shard, is served within a few seconds by the process of the other shard, in a server only it answers; and
/content status lists both processes with the course each serves."""

from __future__ import annotations

import asyncio
import shutil
import sys

import pytest

from tests.conftest import ROOT, SHIPPED_COURSE
from tests.discord_double import BotProcess, DiscordDouble, Perm, Upload
from tests.discord_double.shards import shard_of
from tests.e2e.conftest import bot_env, count, eventually, home_server
from tests.e2e.test_content_upload import GOOD_TERMS

pytestmark = [pytest.mark.slow, pytest.mark.asyncio(loop_scope="function")]
ENGINES = ("postgresql",)  # several processes share one database only on PostgreSQL
TERM = "g-upload-test-term"


async def glossary_title(double: DiscordDouble, guild) -> str | None:
    reply = await (await double.slash("glossary", {"term": TERM}, guild=guild)).reply()
    return reply.embeds[0].get("title") if reply.embeds else None


async def test_an_upload_on_one_process_is_served_by_the_other_within_seconds(tmp_path, database):
    async with DiscordDouble(timeout=10.0) as double:
        home = double.guild  # the operators' home: its moderators may upload
        mods = home.add_role("Moderators", Perm.MEMBER_DEFAULT | Perm.MANAGE_GUILD)
        moderator = double.add_user("mod")
        home.add_member(moderator, roles=[mods])
        uploader_shard = shard_of(home.id, 2)
        other = double.add_guild("Elsewhere")
        while shard_of(other.id, 2) == uploader_shard:
            other = double.add_guild("Elsewhere")
        bots = {}
        for shard in (uploader_shard, 1 - uploader_shard):
            content = tmp_path / f"shard{shard}" / "content"
            shutil.copytree(SHIPPED_COURSE, content)
            env = {**bot_env(tmp_path / f"shard{shard}", content, database), **home_server(double),
                   "TUTOR_SHARD_COUNT": "2", "TUTOR_SHARD_IDS": str(shard)}
            bots[shard] = BotProcess(double, [sys.executable, "-m", "bot"], env=env, cwd=ROOT,
                                     log_path=tmp_path / f"shard{shard}.log")
        uploader, server = bots[uploader_shard], bots[1 - uploader_shard]
        async with uploader, server:
            for shard, bot in bots.items():
                await bot.wait_until_identified(30, shards=[shard])
                await bot.wait_for_output("ready as", 30)
            await double.wait_for_sync(2, timeout=30)
            await eventually(lambda: _servers(database, 2), 15, "both processes reporting their course")
            assert await glossary_title(double, other) != "Upload test"  # not in the course yet

            it = await double.slash("content upload", {"file": Upload("terms.yaml", GOOD_TERMS.encode()),
                                                        "kind": "glossary"}, user=moderator, guild=home)
            await it.reply()
            (msg,) = await it.followups()
            assert "Installed glossary/terms.yaml" in msg.content

            loop = asyncio.get_running_loop()
            uploaded = loop.time()
            while await glossary_title(double, other) != "Upload test":  # answered by the other process
                assert loop.time() - uploaded < 5, server.tail()
                await asyncio.sleep(0.2)
            own_copy = tmp_path / f"shard{1 - uploader_shard}" / "content" / "glossary" / "terms.yaml"
            assert own_copy.read_text() == GOOD_TERMS

            status = await (await double.slash("content status", user=moderator, guild=home)).reply()
            lines = [line for line in status.content.splitlines() if line.startswith("• ")]
            assert len(lines) == 2, status.content
            assert {line.split("shards ")[1].split(":")[0] for line in lines} == {"0/2", "1/2"}, status.content
            fingerprints = {line.split(": ")[1].removesuffix(" (this one)") for line in lines}
            assert len(fingerprints) == 1, status.content  # both serve the uploaded course
            assert any(f":{uploader.pid}`" in line and "(this one)" in line for line in lines), status.content
            assert any(f":{server.pid}`" in line for line in lines), status.content
        assert not double.unexpected, double.unexpected


async def _servers(database: str, wanted: int) -> bool:
    return await count(database, "SELECT COUNT(*) FROM course_servers") >= wanted
