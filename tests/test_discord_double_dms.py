"""The double's direct messages, exercised by the real discord.py: a DM channel opens for any user, a user whose
privacy settings refuse the bot's DMs gets Discord's 50007 refusal, the DM's history reads back as a channel's,
and a click on a DM message comes from the DM (a user, no member)."""

from __future__ import annotations

import discord
import pytest

from tests.discord_double.discordpy import client_kwargs, running_client
from tests.discord_double.fixtures import serving_double


class Clicks(discord.Client):
    """Records each button click: (its custom_id, the interaction's guild, user, channel type, member or not)."""

    def __init__(self) -> None:
        super().__init__(**client_kwargs(intents=discord.Intents.none()))
        self.clicks: list[tuple[str, object, int, object, bool]] = []

    async def on_interaction(self, interaction: discord.Interaction) -> None:
        if interaction.type is discord.InteractionType.component:
            self.clicks.append(((interaction.data or {}).get("custom_id"), interaction.guild, interaction.user.id,
                                interaction.channel.type if interaction.channel else None,
                                isinstance(interaction.user, discord.Member)))
            await interaction.response.send_message("seen", ephemeral=True)


@pytest.fixture
async def running():
    async with serving_double() as double:
        client = Clicks()
        async with running_client(double, client):
            yield double, client


async def test_a_dm_reaches_a_user_whose_dms_are_open(running):
    double, client = running
    dm = await client.create_dm(discord.Object(double.user.id))
    sent = await dm.send("hello", nonce="n-1")
    assert [m.content for m in double.dm_messages(double.user)] == ["hello"]
    assert sent.channel.id == double.dm_channel(double.user).id and not double.refusals


async def test_a_user_whose_dms_are_closed_gets_discords_refusal_once_per_post(running):
    double, client = running
    quiet = double.add_user("quiet", dms_open=False)
    dm = await client.create_dm(discord.Object(quiet.id))  # the channel opens; the post is refused
    with pytest.raises(discord.Forbidden) as refused:
        await dm.send("hello")
    assert (refused.value.status, refused.value.code) == (403, 50007)
    assert refused.value.text == "Cannot send messages to this user"
    assert [r.code for r in double.refused_dms(quiet)] == [50007] and double.dm_messages(quiet) == []
    robot = double.add_user("robot", bot=True)  # a bot takes no DMs from another bot
    with pytest.raises(discord.Forbidden) as refused:
        await (await client.create_dm(discord.Object(robot.id))).send("hello")
    assert refused.value.code == 50007
    quiet.dms_open = True  # they open their DMs: the next post goes through
    await dm.send("again")
    assert [m.content for m in double.dm_messages(quiet)] == ["again"] and len(double.refused_dms(quiet)) == 1


async def test_a_dm_channels_history_reads_newest_first_before_and_after(running):
    double, client = running
    dm = await client.create_dm(discord.Object(double.user.id))
    sent = [await dm.send(f"m{i}") for i in range(5)]
    assert [m.content async for m in dm.history(limit=3)] == ["m4", "m3", "m2"]
    assert [m.content async for m in dm.history(limit=10, before=sent[2])] == ["m1", "m0"]
    # `after` asks Discord for the first ones after that message (discord.py puts them oldest first)
    assert [m.content async for m in dm.history(limit=2, after=sent[0])] == ["m1", "m2"]
    assert [m.content async for m in dm.history(limit=None, after=sent[2])] == ["m3", "m4"]


async def test_history_refuses_a_limit_discord_refuses(running):
    double, client = running
    dm = await client.create_dm(discord.Object(double.user.id))
    route = discord.http.Route("GET", "/channels/{channel_id}/messages", channel_id=dm.id)
    with pytest.raises(discord.HTTPException) as refused:
        await client.http.request(route, params={"limit": 101})
    assert refused.value.code == 50035 and "limit" in refused.value.text


async def test_a_click_on_a_dm_message_comes_from_the_dm(running):
    double, client = running
    dm = await client.create_dm(discord.Object(double.user.id))
    view = discord.ui.View()
    view.add_item(discord.ui.Button(label="Go", custom_id="go:1"))
    await dm.send("press", view=view)
    (message,) = double.dm_messages(double.user)
    reply = await (await double.click(message, "go:1")).reply()
    assert reply.accepted and reply.ephemeral
    assert client.clicks == [("go:1", None, double.user.id, discord.ChannelType.private, False)]

