"""The discord double, exercised by the real discord.py library (no internet, no Discord)."""

from __future__ import annotations

import asyncio
import io
import json
import os
import sys
import textwrap
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import discord
import pytest
from discord import app_commands
from discord.http import Route, handle_message_parameters

from tests.discord_double import BotProcess, DiscordDouble, Upload, fixtures, multipart
from tests.discord_double import validation as v
from tests.discord_double.discordpy import client_kwargs, point_discord_py_at, running_client
from tests.discord_double.fixtures import serving_double

discord_double = fixtures.discord_double  # the package's fixture, used by this module


# ------------------------------------------------------------------------------------------ test bot
@dataclass
class Bot:
    double: DiscordDouble
    client: discord.Client
    tree: app_commands.CommandTree
    errors: dict[str, BaseException] = field(default_factory=dict)
    events: list[str] = field(default_factory=list)
    knobs: dict[str, Any] = field(default_factory=dict)

    def channel(self) -> discord.TextChannel:
        return self.client.get_channel(self.double.channel.id)  # type: ignore[return-value]


class Counter(discord.ui.DynamicItem[discord.ui.Button], template=r"counter:(?P<n>\d+)"):
    def __init__(self, n: int) -> None:
        super().__init__(discord.ui.Button(label=f"count {n}", custom_id=f"counter:{n}"))
        self.n = n

    @classmethod
    async def from_custom_id(cls, interaction, item, match):  # type: ignore[override]
        return cls(int(match["n"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(f"counter {self.n} by {interaction.user.name}")


class QuizView(discord.ui.View):
    @discord.ui.button(label="Go", custom_id="quiz:go")
    async def go(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await interaction.response.edit_message(content=f"went ({interaction.user.name})", view=None)

    @discord.ui.select(custom_id="quiz:pick", options=[discord.SelectOption(label=x, value=x) for x in "abc"],
                       max_values=2)
    async def pick(self, interaction: discord.Interaction, select: discord.ui.Select) -> None:
        await interaction.response.send_message(f"picked {','.join(select.values)}", ephemeral=True)


class Feedback(discord.ui.Modal, title="Feedback"):
    text = discord.ui.TextInput(label="Your feedback", custom_id="feedback:text")

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(f"thanks: {self.text.value}")


class Card(discord.ui.LayoutView):
    container = discord.ui.Container(
        discord.ui.TextDisplay("# Card"),
        discord.ui.Section(discord.ui.TextDisplay("body"),
                           accessory=discord.ui.Button(label="Act", custom_id="card:act")),
    )


class Ask(discord.ui.Modal, title="Ask"):
    question = discord.ui.Label(text="Question", component=discord.ui.TextInput(custom_id="ask:q"))
    level = discord.ui.Label(text="Level", component=discord.ui.Select(
        custom_id="ask:level", options=[discord.SelectOption(label=x, value=x) for x in ("easy", "hard")]))

    async def on_submit(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(f"{self.question.component.value}/{self.level.component.values}")


def build_bot(double: DiscordDouble, **overrides: Any) -> Bot:
    client = discord.Client(**client_kwargs(**overrides))
    tree = app_commands.CommandTree(client)
    bot = Bot(double, client, tree)

    async def setup_hook() -> None:
        client.add_dynamic_items(Counter)
        await tree.sync()

    async def before_identify_hook(shard_id: int | None, *, initial: bool = False) -> None:
        pass  # discord.py sleeps 5 s before every non-initial IDENTIFY (e.g. after INVALID_SESSION)

    client.setup_hook = setup_hook  # type: ignore[method-assign]
    client.before_identify_hook = before_identify_hook  # type: ignore[method-assign]

    @client.event
    async def on_guild_available(guild: discord.Guild) -> None:
        bot.events.append(f"available:{guild.name}")

    @client.event
    async def on_message(message: discord.Message) -> None:
        bot.events.append(f"message:{message.author.name}:{message.content!r}")

    @tree.command(description="Answers pong")
    async def ping(interaction: discord.Interaction, word: str = "x") -> None:
        await interaction.response.send_message(f"pong {word}")

    @tree.command(description="Echo typed options")
    @app_commands.describe(text="t", times="n", loud="b", who="u", where="c", file="f")
    async def echo(interaction: discord.Interaction, text: str, times: int, loud: bool, who: discord.Member,
                   where: discord.TextChannel, file: discord.Attachment | None = None) -> None:
        body = (await file.read()).decode() if file else "-"
        await interaction.response.send_message(
            f"{text * times}|{loud!r}|{type(who).__name__}:{who.name}|{type(where).__name__}:{where.name}|{body}")

    @tree.command(description="Topic search")
    async def topic(interaction: discord.Interaction, name: str) -> None:
        await interaction.response.send_message(name)

    @topic.autocomplete("name")
    async def topic_complete(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=t, value=t) for t in ("algebra", "algorithms", "biology") if
                t.startswith(current)]

    content = app_commands.Group(name="content", description="Content admin")

    @content.command(description="Reload the course")
    async def reload(interaction: discord.Interaction, strict: bool = False) -> None:
        await interaction.response.send_message(f"reloaded strict={strict}", ephemeral=True)

    tree.add_command(content)

    @tree.command(description="A quiz with components")
    async def quiz(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("question?", view=QuizView())

    @tree.command(description="Open a modal")
    async def form(interaction: discord.Interaction) -> None:
        await interaction.response.send_modal(Feedback())

    @tree.command(description="Replies late")
    async def slow(interaction: discord.Interaction) -> None:
        await asyncio.sleep(bot.knobs.get("delay", 0))
        try:
            await interaction.response.send_message("finally")
        except discord.HTTPException as exc:
            bot.errors["slow"] = exc

    @tree.command(description="Acknowledges twice at once")
    async def twice(interaction: discord.Interaction) -> None:
        results = await asyncio.gather(interaction.response.send_message("one"),
                                       interaction.response.send_message("two"), return_exceptions=True)
        bot.errors["twice"] = next(r for r in results if isinstance(r, BaseException))

    @tree.command(description="Defers, then follows up")
    async def later(interaction: discord.Interaction) -> None:
        await interaction.response.defer(thinking=True, ephemeral=True)
        await asyncio.sleep(bot.knobs.get("delay", 0))
        try:
            await interaction.followup.send("first")
            await interaction.followup.send("second")
            await interaction.edit_original_response(content="first, edited")
        except discord.HTTPException as exc:
            bot.errors["later"] = exc

    @tree.command(description="Moderators only")
    @app_commands.default_permissions(manage_guild=True)
    async def admin(interaction: discord.Interaction) -> None:
        await interaction.response.send_message(f"admin ok for {interaction.user.name}")

    @tree.command(description="Components v2 and a modal with labels")
    async def layout(interaction: discord.Interaction, modal: bool = False) -> None:
        if modal:
            await interaction.response.send_modal(Ask())
        else:
            await interaction.response.send_message(view=Card())

    @tree.command(description="Says whatever the test set")
    async def say(interaction: discord.Interaction) -> None:
        try:
            await interaction.response.send_message(**bot.knobs["say"])
        except discord.HTTPException as exc:
            bot.errors["say"] = exc
            await interaction.response.send_message("fallback")

    @tree.command(description="Replies with a file")
    async def card(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("card", file=discord.File(io.BytesIO(b"card body"), "card.txt"))

    @tree.command(description="Uses every webhook message route")
    async def cleanup(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("temp")
        original = await interaction.original_response()
        followup = await interaction.followup.send(f"bye {original.id}", wait=True)
        await followup.edit(content="bye!")
        await followup.delete()
        await interaction.delete_original_response()
        bot.events.append("cleanup done")

    return bot


@pytest.fixture
async def bot(discord_double: DiscordDouble):
    b = build_bot(discord_double)
    async with running_client(discord_double, b.client, timeout=3.0):
        yield b


async def refused(coro: Any) -> discord.HTTPException:
    with pytest.raises(discord.HTTPException) as info:
        await coro
    return info.value


# ----------------------------------------------------------------------------------------- connecting
async def test_connect_ready_guild_and_command_sync(bot: Bot) -> None:
    double, client = bot.double, bot.client
    conn = await double.wait_for_ready()
    assert conn.kind == "identify" and conn.path == "/gateway"
    assert conn.query["v"] == "10" and conn.query["encoding"] == "json" and conn.heartbeats >= 1
    guild = client.get_guild(double.guild.id)
    assert guild is not None and guild.name == "Test Guild" and not guild.unavailable
    assert guild.get_channel(double.channel.id).name == "general"
    assert guild.me is not None and guild.me.id == double.bot_user.id == client.user.id
    assert client.application_id == double.application_id
    assert bot.events[:1] == ["available:Test Guild"]
    assert sorted(double.commands.names()) == ["admin", "card", "cleanup", "content", "echo", "form", "later",
                                               "layout", "ping", "quiz", "say", "slow", "topic", "twice"]
    echo = double.commands.get("echo")
    assert [o["name"] for o in echo["options"]] == ["text", "times", "loud", "who", "where", "file"]
    assert (await bot.tree.fetch_commands())[0].id == int(double.commands.global_commands[0]["id"])


async def test_json_responses_are_exactly_application_json(discord_double: DiscordDouble) -> None:
    headers = {"Authorization": f"Bot {discord_double.token}"}
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{discord_double.api_base}/users/@me", headers=headers) as resp:
            assert resp.status == 200 and resp.headers["Content-Type"] == "application/json"
        async with session.get(f"{discord_double.api_base}/users/@me") as resp:
            assert resp.status == 401
        async with session.get(f"{discord_double.api_base}/gateway/bot", headers=headers) as resp:
            assert (await resp.json())["url"] == discord_double.gateway_url


# ---------------------------------------------------------------------------------------- interactions
async def test_slash_command_gets_its_reply(bot: Bot) -> None:
    it = await bot.double.slash("ping", {"word": "hi"})
    reply = await it.reply()
    assert reply.type == 4 and reply.content == "pong hi"
    msg = await it.response_message()
    assert msg.content == "pong hi" and msg in bot.double.messages(bot.double.channel)
    assert msg.interaction_id == it.id and not msg.ephemeral


async def test_typed_options_resolve_against_synced_definitions(bot: Bot) -> None:
    d = bot.double
    it = await d.slash("echo", {"text": "ab", "times": 2, "loud": True, "who": d.user, "where": d.channel,
                                "file": Upload("notes.txt", b"file body", "text/plain")})
    assert (await it.reply()).content == "abab|True|Member:alice|TextChannel:general|file body"
    sub = await d.slash("content reload", {"strict": True})
    reply = await sub.reply()
    assert reply.content == "reloaded strict=True" and reply.ephemeral
    with pytest.raises(ValueError, match="no option 'nope'"):
        await d.slash("ping", {"nope": 1})
    with pytest.raises(ValueError, match="integer option"):
        await d.slash("echo", {"text": "a", "times": "2", "loud": True, "who": d.user, "where": d.channel})
    with pytest.raises(LookupError, match="not synced"):
        await d.slash("missing")


async def test_autocomplete_returns_the_bots_choices(bot: Bot) -> None:
    choices = await bot.double.autocomplete("topic", {"name": "alg"}, focused="name")
    assert [c["value"] for c in choices] == ["algebra", "algorithms"]


async def test_button_click_and_select_reach_the_view(bot: Bot) -> None:
    d = bot.double
    msg = await (await d.slash("quiz")).response_message()
    assert msg.custom_ids == ["quiz:go", "quiz:pick"]
    picked = await d.select(msg, "quiz:pick", ["a", "c"])
    reply = await picked.reply()
    assert reply.content == "picked a,c" and reply.ephemeral
    click = await d.click(msg, "quiz:go", user=d.owner_user)
    reply = await click.reply()
    assert reply.type == 7
    assert (await click.response_message()).content == "went (owner)"
    assert d.message(msg.id).content == "went (owner)" and d.message(msg.id).components == []
    with pytest.raises(LookupError, match="no component"):
        await d.click(msg, "quiz:go")


async def test_button_on_a_channel_message_reaches_a_dynamic_item(bot: Bot) -> None:
    view = discord.ui.View(timeout=None)
    view.add_item(Counter(7))
    sent = await bot.channel().send("count", view=view)
    msg = bot.double.message(sent.id)
    assert msg.component("counter:7")["label"] == "count 7"
    it = await bot.double.click(msg, "counter:7")
    assert (await it.reply()).content == "counter 7 by alice"


async def test_modal_round_trip(bot: Bot) -> None:
    d = bot.double
    opened = await d.slash("form")
    modal = await opened.modal()
    assert modal["title"] == "Feedback"
    submitted = await d.submit_modal(modal["custom_id"], {"feedback:text": "great"})
    assert (await submitted.reply()).content == "thanks: great"


async def test_components_v2_and_labelled_modal(bot: Bot) -> None:
    d = bot.double
    card = await (await d.slash("layout")).response_message()
    assert card.flags & (1 << 15) and card.custom_ids == ["card:act"] and card.content == ""
    modal = await (await d.slash("layout", {"modal": True})).modal()
    assert [c["type"] for c in modal["components"]] == [18, 18]
    submitted = await d.submit_modal(modal["custom_id"], {"ask:q": "why", "ask:level": ["hard"]})
    assert (await submitted.reply()).content == "why/['hard']"
    assert not d.refusals


async def test_command_visibility_follows_default_member_permissions(bot: Bot) -> None:
    d = bot.double
    assert d.commands.get("admin")["default_member_permissions"] == str(1 << 5)
    with pytest.raises(PermissionError, match="cannot see /admin"):
        await d.slash("admin")
    assert (await (await d.slash("admin", user=d.owner_user)).reply()).content == "admin ok for owner"
    mods = d.guild.add_role("mods", 1 << 5)
    d.guild.members[d.user.id].roles.append(mods.id)
    assert (await (await d.slash("admin")).reply()).content == "admin ok for alice"
    d.guild.members[d.user.id].roles.remove(mods.id)
    unchecked = await d.slash_unchecked("admin")  # a server admin opened it to everyone
    assert (await unchecked.reply()).content == "admin ok for alice"


async def test_deferred_reply_followups_and_edit(bot: Bot) -> None:
    it = await bot.double.slash("later")
    assert (await it.reply()).type == 5
    original = await it.response_message()
    assert original.ephemeral and original.content in ("first", "first, edited")
    first, second = await it.followups(2)
    assert first is original and second.content == "second"
    await bot.double.wait_until(lambda: original.content == "first, edited", what="the @original edit")


async def test_webhook_message_routes(bot: Bot) -> None:
    d = bot.double
    it = await d.slash("cleanup")
    original = await it.response_message()
    await d.wait_until(lambda: "cleanup done" in bot.events, what="the cleanup command to finish")
    (followup,) = await it.followups(1)
    assert followup.content == "bye!" and followup.edits[0]["content"] == f"bye {original.id}"
    assert original.deleted and followup.deleted
    assert d.messages(d.channel) == []


async def test_files_are_uploaded_as_multipart_and_served(bot: Bot) -> None:
    d = bot.double
    sent = await bot.channel().send("with file", file=discord.File(io.BytesIO(b"hello file"), "hello.txt"))
    assert [a.filename for a in sent.attachments] == ["hello.txt"]
    assert await sent.attachments[0].read() == b"hello file"
    assert d.message(sent.id).attachments[0].data == b"hello file"
    await sent.edit(content="no file", attachments=[])
    assert d.message(sent.id).attachments == [] and d.message(sent.id).content == "no file"
    answer = await sent.reply("a reply")
    assert answer.reference.message_id == sent.id
    reply = await (await d.slash("card")).response_message()
    assert reply.content == "card" and reply.attachments[0].data == b"card body"
    fetched = await bot.client.fetch_channel(d.channel.id)
    assert fetched.name == "general"


async def test_interaction_responses_are_validated_too(bot: Bot) -> None:
    bot.knobs["say"] = {"content": "y" * 2001}
    it = await bot.double.slash("say")
    assert (await it.reply()).content == "fallback"
    exc = bot.errors["say"]
    assert exc.code == 50035 and "In data.content" in exc.text
    assert it.refused[0].status == 400

    bot.knobs["say"] = {"embed": discord.Embed(title="t", description="d").add_field(name="n", value="v" * 1025)}
    it = await bot.double.slash("say")
    assert (await it.reply()).content == "fallback"
    assert "In data.embeds.0.fields.0.value" in bot.errors["say"].text


async def test_guild_commands_and_a_second_guild(discord_double: DiscordDouble) -> None:
    d = discord_double
    second = d.add_guild("Zweite", preferred_locale="de")
    b = build_bot(d)
    local = discord.Object(id=d.guild.id)

    @b.tree.command(description="Only in the test guild", guild=local)
    async def here(interaction: discord.Interaction) -> None:
        await interaction.response.send_message(f"here {interaction.locale.value} {interaction.guild_locale.value}")

    async with running_client(d, b.client, timeout=3.0):
        await b.tree.sync(guild=local)
        assert d.commands.names(d.guild.id) == ["here"] and "here" not in d.commands.names()
        assert b.client.get_guild(second.id).preferred_locale == discord.Locale.german
        it = await d.slash("here", locale="fr")
        assert it.payload["data"]["guild_id"] == str(d.guild.id)
        assert (await it.reply()).content == "here fr en-US"
        with pytest.raises(LookupError, match="not synced"):
            await d.slash("here", guild=second)
        it = await d.slash("ping", guild=second, locale="de")
        assert (await it.reply()).content == "pong x"
        assert d.message(it.original_message_id).guild_id == second.id


async def test_dm_invocation(bot: Bot) -> None:
    it = await bot.double.slash("ping", guild=None)
    assert (await it.reply()).content == "pong x"
    assert bot.double.message(it.original_message_id).guild_id is None


async def test_user_message_event_respects_message_content_intent(bot: Bot) -> None:
    await bot.double.user_message("hello bot")
    await bot.double.wait_until(lambda: "message:alice:''" in bot.events, what="on_message (content hidden)")


# -------------------------------------------------------------------------------------------- refusals
async def test_overlong_content_is_refused(bot: Bot) -> None:
    exc = await refused(bot.channel().send("x" * 2001))
    assert exc.status == 400 and exc.code == 50035 and "In content" in exc.text
    await bot.channel().send("x" * 2000)


async def test_embeds_over_6000_in_total_are_refused(bot: Bot) -> None:
    embeds = [discord.Embed(description="d" * 4000), discord.Embed(description="d" * 2001)]
    exc = await refused(bot.channel().send(embeds=embeds))
    assert exc.code == 50035 and "In embeds" in exc.text and "6000" in exc.text
    exc = await refused(bot.channel().send(embed=discord.Embed(title="t" * 257)))
    assert "In embeds.0.title" in exc.text


async def test_component_limits_are_refused(bot: Bot) -> None:
    row = {"type": 1, "components": [{"type": 2, "style": 1, "label": "x", "custom_id": "c"}]}
    rows = [{**row, "components": [{**row["components"][0], "custom_id": f"c{i}"}]} for i in range(6)]
    route = Route("POST", "/channels/{channel_id}/messages", channel_id=bot.double.channel.id)
    exc = await refused(bot.client.http.request(route, json={"content": "six rows", "components": rows}))
    assert exc.code == 50035 and "In components" in exc.text

    view = discord.ui.View()
    view.add_item(discord.ui.Button(label="a", custom_id="same"))
    view.add_item(discord.ui.Button(label="b", custom_id="same"))
    exc = await refused(bot.channel().send("dup", view=view))
    assert "components.0.components.1.custom_id" in exc.text and "duplicated" in exc.text

    view = discord.ui.View()
    view.add_item(discord.ui.Button(label="l" * 81, custom_id="long"))
    exc = await refused(bot.channel().send("label", view=view))
    assert "components.0.components.0.label" in exc.text
    assert bot.double.messages(bot.double.channel) == []


async def test_command_description_over_100_is_refused_at_sync(bot: Bot) -> None:
    async def wordy(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("w")

    bot.tree.command(name="wordy", description="w" * 101)(wordy)
    exc = await refused(bot.tree.sync())
    assert exc.code == 50035 and "description" in exc.text
    assert "wordy" not in bot.double.commands.names()


async def test_late_acknowledgement_is_unknown_interaction(bot: Bot) -> None:
    bot.double.ack_window = 0.1
    bot.knobs["delay"] = 0.25
    it = await bot.double.slash("slow")
    await bot.double.wait_until(lambda: "slow" in bot.errors, what="the late callback's failure")
    exc = bot.errors["slow"]
    assert isinstance(exc, discord.NotFound) and exc.code == 10062
    assert it.ack is None and it.refused[0].status == 404
    with pytest.raises(AssertionError, match="timed out.*404"):
        await it.reply(timeout=0.05)


async def test_second_acknowledgement_is_refused(bot: Bot) -> None:
    it = await bot.double.slash("twice")
    await bot.double.wait_until(lambda: "twice" in bot.errors, what="the second acknowledgement's failure")
    assert len(it.callbacks) == 2
    exc = bot.errors["twice"]
    assert isinstance(exc, discord.HTTPException) and exc.status == 400 and exc.code == 40060
    assert (await it.reply()).content in ("one", "two")


async def test_followup_after_token_expiry_is_refused(bot: Bot) -> None:
    bot.double.token_ttl = 0.2
    bot.knobs["delay"] = 0.3
    it = await bot.double.slash("later")
    assert (await it.reply()).type == 5
    await bot.double.wait_until(lambda: "later" in bot.errors, what="the followup failure")
    exc = bot.errors["later"]
    assert exc.status == 401 and exc.code == 50027
    assert it.followup_ids == []


@pytest.mark.parametrize(
    ("check", "payload", "path"),
    [
        ("commands", [{"name": "Quiz", "description": "d"}], "0.name"),
        ("commands", [{"name": "two words", "description": "d"}], "0.name"),
        ("commands", [{"name": "quiz", "description": ""}], "0.description"),
        ("commands", [{"name": "q", "description": "d",
                       "options": [{"type": 3, "name": f"o{i}", "description": "d"} for i in range(26)]}],
         "0.options"),
        ("commands", [{"name": "q", "description": "d", "description_localizations": {"xx": "d"}}],
         "0.description_localizations.xx"),
        ("commands", [{"name": "q", "description": "d", "name_localizations": {"de": "Groß"}}],
         "0.name_localizations.de"),
        ("commands", [{"name": "q", "description": "d", "options": [
            {"type": 3, "name": "a", "description": "d"},
            {"type": 3, "name": "b", "description": "d", "required": True}]}], "0.options.1.required"),
        ("commands", [{"name": "q", "description": "d", "options": [{"type": 3, "name": "a", "description": "d",
                       "choices": [{"name": f"c{i}", "value": "v"} for i in range(26)]}]}],
         "0.options.0.choices"),
        ("commands", [{"name": f"c{i}", "description": "d"} for i in range(101)], ""),
        ("message", {"components": [{"type": 1, "components": [
            {"type": 3, "custom_id": "s", "options": [{"label": "a", "value": "a"}]},
            {"type": 2, "style": 1, "label": "b", "custom_id": "b"}]}]}, "components.0.components"),
        ("message", {"components": [{"type": 1, "components": [{"type": 3, "custom_id": "s", "options": [
            {"label": str(i), "value": str(i)} for i in range(26)]}]}]}, "components.0.components.0.options"),
        ("message", {"components": [{"type": 1, "components": [
            {"type": 2, "style": 1, "label": "b", "custom_id": "c" * 101}]}]},
         "components.0.components.0.custom_id"),
        ("message", {"embeds": [{"fields": [{"name": "n", "value": "v" * 1025}]}]}, "embeds.0.fields.0.value"),
        ("message", {"embeds": [{"footer": {"text": "f" * 2049}}]}, "embeds.0.footer.text"),
        ("message", {"embeds": [{"title": "t"}] * 11}, "embeds"),
        ("modal", {"title": "t" * 46, "custom_id": "m", "components": [
            {"type": 1, "components": [{"type": 4, "custom_id": "i", "style": 1, "label": "l"}]}]}, "title"),
        ("modal", {"title": "t", "custom_id": "m", "components": [
            {"type": 1, "components": [{"type": 4, "custom_id": "i", "style": 1, "label": "l" * 46}]}]},
         "components.0.components.0.label"),
        ("autocomplete", {"choices": [{"name": str(i), "value": str(i)} for i in range(26)]}, "choices"),
    ],
)
def test_validators_name_the_field(check: str, payload: Any, path: str) -> None:
    errs = v.FormErrors()
    {"commands": v.validate_command_list, "message": lambda e, p: v.validate_message(e, (), p),
     "modal": lambda e, p: v.validate_modal(e, (), p),
     "autocomplete": lambda e, p: v.validate_autocomplete(e, (), p)}[check](errs, payload)
    assert path in [p for p, _, _ in errs.flat], errs


def test_validators_accept_valid_payloads() -> None:
    errs = v.FormErrors()
    v.validate_command_list(errs, [
        {"name": "número-ø", "description": "d", "name_localizations": {"de": "größe"}},
        {"type": 2, "name": "Show Card", "description": ""},
    ])
    v.validate_message(errs, (), {"content": "x" * 2000, "embeds": [{"title": "t" * 256, "fields": [
        {"name": "n", "value": "v"}] * 25}], "allowed_mentions": {"parse": []}})
    assert not errs, errs


# ------------------------------------------------------------------------------------------- reconnect
async def test_reconnect_drop_and_invalid_session(bot: Bot) -> None:
    d = bot.double
    before = len(d.established)
    await d.send_reconnect()
    conn = await d.wait_for_connection(after=before)
    assert conn.kind == "resume" and conn.path == "/resume"
    assert (await (await d.slash("ping", {"word": "after-op7"})).reply()).content == "pong after-op7"

    before = len(d.established)
    await d.drop_connection()
    during = await d.slash("ping", {"word": "during-drop"})  # buffered, replayed on RESUME
    conn = await d.wait_for_connection(after=before)
    assert conn.kind == "resume"
    assert (await during.reply()).content == "pong during-drop"

    before = len(d.established)
    await d.invalidate_session()
    conn = await d.wait_for_connection(after=before)
    assert conn.kind == "identify" and d.gateway.identify_count == 2
    assert (await (await d.slash("ping")).reply()).content == "pong x"


async def test_zlib_stream_when_honoured() -> None:
    async with serving_double(honour_compression=True) as double:
        b = build_bot(double)
        async with running_client(double, b.client, timeout=3.0):
            conn = await double.wait_for_ready()
            if conn.query.get("compress") != "zlib-stream":
                pytest.skip(f"discord.py asked for {conn.query.get('compress')!r}")
            assert (await (await double.slash("ping")).reply()).content == "pong x"


# ---------------------------------------------------------------------------------------------- mentions
async def test_allowed_mentions_record(bot: Bot) -> None:
    d = bot.double
    await bot.channel().send("hello @everyone")  # client default: AllowedMentions.none()
    await (await d.slash("ping", {"word": "@everyone"})).reply()
    d.assert_no_mass_mentions()

    bot.client.allowed_mentions = None  # discord.py's default: no allowed_mentions in the payload
    plain = await bot.channel().send("plain hello")
    assert d.mass_mention_violations(strict=False) == []
    assert len(d.mass_mention_violations()) == 1 and str(plain.id) in d.mass_mention_violations()[0]

    loud = await bot.channel().send("hey @everyone")
    assert loud.mention_everyone
    with pytest.raises(AssertionError, match="everyone"):
        d.assert_no_mass_mentions(strict=False)


# ---------------------------------------------------------------------------------- faults and routes
async def test_injected_429_is_retried_by_discord_py(bot: Bot) -> None:
    d = bot.double
    d.fail_next("POST", "/channels/*/messages", status=429, retry_after=0.05)
    await bot.channel().send("eventually")
    statuses = [s for m, p, s in d.requests if m == "POST" and p.endswith("/messages")]
    assert statuses == [429, 200]


async def test_a_lost_response_is_retried_and_only_a_nonce_prevents_a_duplicate(bot: Bot) -> None:
    d = bot.double
    channel = bot.channel()
    d.fail_next("POST", "/channels/*/messages", status=500, after_handling=True)
    with handle_message_parameters(content="twice") as params:  # no nonce
        await bot.client.http.send_message(channel.id, params=params)  # the 500 is retried: posted twice
    assert [m.content for m in d.messages(channel.id)].count("twice") == 2

    d.fail_next("POST", "/channels/*/messages", status=500, after_handling=True)
    sent = await channel.send("once", nonce="n2")  # send() always sends a nonce, with enforce_nonce
    assert [m.content for m in d.messages(channel.id)].count("once") == 1
    assert d.nonce_hits == 1 and sent.nonce == "n2"


async def test_nonces_longer_than_25_are_refused(bot: Bot) -> None:
    error = await refused(bot.channel().send("x", nonce="n" * 26))
    assert error.code == 50035 and "nonce" in error.text


async def test_unexpected_routes_are_recorded_and_fail_the_fixture() -> None:
    with pytest.raises(pytest.fail.Exception, match="does not implement"):
        async with serving_double() as double:
            b = build_bot(double)
            async with running_client(double, b.client, timeout=3.0):
                route = Route("GET", "/guilds/{guild_id}/roles", guild_id=double.guild.id)
                with pytest.raises(discord.NotFound):
                    await b.client.http.request(route)
                assert double.unexpected == [f"GET /api/v10/guilds/{double.guild.id}/roles"]


def test_point_discord_py_at_restores_the_endpoints() -> None:
    base, gateway = Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    with point_discord_py_at("http://127.0.0.1:1/api/v10", "ws://127.0.0.1:1/gateway"):
        assert Route.BASE == "http://127.0.0.1:1/api/v10"
    assert (base, gateway) == (Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY)


# ------------------------------------------------------------------------------------------- processes
BOT_SCRIPT = textwrap.dedent("""
    import os, discord, discord.gateway, discord.http, yarl
    from discord import app_commands

    discord.http.Route.BASE = os.environ["DISCORD_API_BASE"]
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(os.environ["DISCORD_GATEWAY_URL"])

    class Bot(discord.Client):
        def __init__(self):
            super().__init__(intents=discord.Intents.default(), guild_ready_timeout=0.05,
                             allowed_mentions=discord.AllowedMentions.none())
            self.tree = app_commands.CommandTree(self)

        async def setup_hook(self):
            @self.tree.command(description="which process")
            async def whoami(interaction):
                await interaction.response.send_message(f"pid {os.getpid()} {os.environ['EXTRA']}")
            await self.tree.sync()

        async def on_ready(self):
            print("READY", os.getpid(), flush=True)

    Bot().run(os.environ["DISCORD_TOKEN"], log_handler=None)
""")


async def test_bot_process_kill_and_restart(discord_double: DiscordDouble, tmp_path) -> None:
    script = tmp_path / "bot.py"
    script.write_text(BOT_SCRIPT)
    proc = BotProcess(discord_double, [sys.executable, str(script)], log_path=tmp_path / "bot.log",
                      env={"EXTRA": "e2e"})
    async with proc:
        await proc.wait_until_identified(timeout=15)
        first_pid = proc.pid
        reply = await (await discord_double.slash("whoami")).reply()
        assert reply.content == f"pid {first_pid} e2e"
        await discord_double.wait_until(lambda: f"READY {first_pid}" in proc.output(), what="READY in the log")
        await proc.restart(kill=True)
        assert proc.pid != first_pid and discord_double.commands.sync_count == 2
        reply = await (await discord_double.slash("whoami")).reply()
        assert reply.content == f"pid {proc.pid} e2e"
        await discord_double.wait_until(lambda: f"READY {proc.pid}" in proc.output(since_start=True),
                                        what="READY of the second run")
    assert proc.returncode is not None
    assert proc.output().count("--- discord double: start #") == 2 and os.path.exists(proc.log_path)


async def test_multipart_bodies_are_read_part_by_part() -> None:
    form = aiohttp.FormData(quote_fields=False)  # as discord.py sends them
    form.add_field("payload_json", json.dumps({"content": "año \"quoted\"\r\n--not a boundary"}))
    form.add_field("files[0]", b"\x89PNG\r\n\r\n--x\x00" * 50, filename="progress.png", content_type="image/png")
    form.add_field("files[1]", b"{}", filename="mis datos \"ñ\".json")
    writer = form()
    body = await writer.as_bytes()
    found = multipart.parts(body, multipart.boundary_of(writer.headers["Content-Type"]))
    assert [p for p, _ in found] == [{"name": "payload_json"}, {"name": "files[0]", "filename": "progress.png"},
                                     {"name": "files[1]", "filename": "mis datos \"ñ\".json"}]
    assert json.loads(found[0][1])["content"] == "año \"quoted\"\r\n--not a boundary"
    assert found[1][1] == b"\x89PNG\r\n\r\n--x\x00" * 50 and found[2][1] == b"{}"
    with pytest.raises(multipart.BadMultipart, match="closing boundary"):
        multipart.parts(body[:-10], multipart.boundary_of(writer.headers["Content-Type"]))
    with pytest.raises(multipart.BadMultipart, match="boundary"):
        multipart.boundary_of("multipart/form-data")
