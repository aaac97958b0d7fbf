"""The assignment's posts, sent by the real discord.py over the double: the channel's reminder (the role pinged, and
nothing else), found again by its footer; the summary by DM in the moderator's language with names and scores;
and, when the moderator's DMs are closed, in the channel instead, naming nobody but the moderator."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import discord
import pytest

from bot.discord.assignments import DiscordAssignmentPoster
from bot.services.assignment_posts import AssignmentReminder
from tests.discord_double.discordpy import client_kwargs, running_client
from tests.discord_double.fixtures import serving_double
from tests.services.test_assignments import take

EARLIER = datetime(2026, 1, 1, tzinfo=UTC)  # before any message the double makes
ROLE = 4242


@pytest.fixture
async def world(app):
    async with serving_double() as double:
        client = discord.Client(**client_kwargs(intents=discord.Intents.none()))
        async with running_client(double, client):
            yield double, DiscordAssignmentPoster(client, lambda: app.course.catalog)


async def set_one(app, double, moderator, lang: str, role_id: int | None = None, due: str = "2026-03-09 18:00"):
    teacher = await app.assignments.teacher(moderator.id, double.guild.id, True, [])
    channel = double.guild.channel_named("general")
    return await app.assignments.create(teacher, topic="alpha", due=due, timezone="UTC", length=2,
                                        channel_id=channel.id, role_id=role_id, lang=lang), channel


async def test_the_reminder_pings_its_role_only_and_is_found_again(app, world):
    double, poster = world
    made, channel = await set_one(app, double, double.add_user("mod"), "en", ROLE)
    reminder = AssignmentReminder(made.row, made.zone)
    message_id = await poster.remind(reminder)
    (posted,) = [m for m in double.messages(channel) if m.author is double.bot_user]
    assert posted.id == message_id
    assert posted.content.startswith(f"<@&{ROLE}> Reminder: assignment #{made.id} on **Topic alpha** (2 questions)")
    assert [int(r) for r in posted.allowed_mentions["roles"]] == [ROLE] and not posted.allowed_mentions["parse"]
    assert [c["custom_id"] for row in posted.components for c in row["components"]] == [f"as:s:{made.id}", "l:alpha:0"]
    assert await poster.find_reminder(reminder, since=EARLIER) == message_id
    other = AssignmentReminder(replace(made.row, id=made.id + 1), made.zone)
    assert await poster.find_reminder(other, since=EARLIER) is None  # another assignment's is not this one


@pytest.mark.parametrize(("lang", "finished", "average", "closed_note"), [
    ("en", "Finished", "50% (1.0 of 2 on average)", "your direct messages are closed to the bot"),
    ("es", "Terminada", "50 % (1.0 de 2 de media)", "tus mensajes directos están cerrados al bot"),
])
async def test_the_summary_names_learners_in_the_dm_and_nobody_in_the_channel(app, world, lang, finished, average,
                                                                              closed_note):
    double, poster = world
    moderator = double.add_user(f"mod-{lang}")
    made, channel = await set_one(app, double, moderator, lang)
    learner = double.user.id
    await take(app, made.id, learner, "rw", guild=double.guild.id)
    app.clock.set(made.row.due_at + timedelta(minutes=1))
    assert await app.assignment_posts.run_due(poster) == 1
    (dm,) = double.dm_messages(moderator)
    fields = {f["name"]: f["value"] for f in dm.embeds[0]["fields"]}
    assert fields[finished].startswith(f"<@{learner}> · 1 ") and average in fields.values()

    moderator.dms_open = False  # the next one goes to the channel, without the learners' names and scores
    again, _ = await set_one(app, double, moderator, lang, due="2026-03-10 18:00")
    await take(app, again.id, learner, "rr", guild=double.guild.id)
    app.clock.set(again.row.due_at + timedelta(minutes=1))
    assert await app.assignment_posts.run_due(poster) == 1
    (posted,) = [m for m in double.messages(channel) if m.author is double.bot_user]
    assert posted.content.startswith(f"<@{moderator.id}>, ") and closed_note in posted.content
    assert str(learner) not in str(posted.embeds) and finished not in [f["name"] for f in posted.embeds[0]["fields"]]
    assert [int(u) for u in posted.allowed_mentions["users"]] == [moderator.id]
    summary = await app.assignment_posts.summary(again.id)
    assert await poster.find_summary(summary, since=EARLIER) == posted.id
    assert await app.db.scalar("SELECT summary_sent_to FROM assignments WHERE id = ?", (again.id,)) == "channel"
