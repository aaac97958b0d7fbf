"""The review reminder's DM, sent by the real discord.py over the double: what it says in the learner's
language, its nonce and marker, its button; finding it again in the DM channel; a learner whose DMs are closed
(Discord's 50007) is a refusal the service can record, tried once; an outage is a passing failure."""

from __future__ import annotations

from datetime import UTC, date, datetime

import discord
import pytest

from bot.content import load_course
from bot.discord.reminders import TOPICS_SHOWN, DiscordReminderSender
from bot.services.posting import PostFailed, PostRefused
from bot.services.reminders import DMS_CLOSED, Reminder
from tests.conftest import FIXTURE_COURSE
from tests.discord_double.discordpy import client_kwargs, running_client
from tests.discord_double.fixtures import serving_double

EARLIER = datetime(2026, 1, 1, tzinfo=UTC)  # before any message the double makes


def catalog():
    found = load_course(FIXTURE_COURSE)
    return getattr(found, "catalog", found)


def reminder(user_id: int, lang: str = "en", due: int = 3, day: str = "2026-03-02",
             topics: tuple[str, ...] = ("beta", "alpha")) -> Reminder:
    return Reminder(user_id=user_id, local_date=date.fromisoformat(day), due=due, topic_ids=topics, lang=lang,
                    nonce=f"rem-{user_id % 10**9}-{day}"[:25], marker=day)


@pytest.fixture
async def sender():
    async with serving_double() as double:
        client = discord.Client(**client_kwargs(intents=discord.Intents.none()))
        async with running_client(double, client):
            yield double, DiscordReminderSender(client, catalog)


@pytest.mark.parametrize(("lang", "text", "heading", "titles", "button"), [
    ("en", "Time to review: 3 reviews due.", "From these topics", "• Topic beta\n• Topic alpha", "Start review"),
    ("es", "Hora de repasar: 3 repasos pendientes.", "De estos temas", "• Tema beta\n• Tema alpha",
     "Empezar el repaso"),
])
async def test_the_dm_says_how_many_are_due_and_from_which_topics(sender, lang, text, heading, titles, button):
    double, dms = sender
    sent = reminder(double.user.id, lang)
    message_id = await dms.send(sent)
    (dm,) = double.dm_messages(double.user)
    assert dm.id == message_id and dm.content == text and dm.nonce == sent.nonce
    (embed,) = dm.embeds
    assert (embed["title"], embed["description"]) == (heading, titles)
    assert "2026-03-02" in embed["footer"]["text"]
    ((label, custom_id),) = [(c["label"], c["custom_id"]) for row in dm.components for c in row["components"]]
    assert (label, custom_id) == (button, f"rv:{double.user.id}")
    double.assert_no_mass_mentions()


async def test_one_review_due_reads_in_the_singular_and_a_removed_topic_is_left_out(sender):
    double, dms = sender
    await dms.send(reminder(double.user.id, "es", due=1, topics=("gone", "alpha")))
    (dm,) = double.dm_messages(double.user)
    assert dm.content == "Hora de repasar: 1 repaso pendiente." and dm.embeds[0]["description"] == "• Tema alpha"


async def test_many_topics_are_cut_with_how_many_more(sender):
    double, dms = sender
    await dms.send(reminder(double.user.id, topics=("alpha", "beta") * 7))  # 14 listed (a course has more)
    lines = double.dm_messages(double.user)[0].embeds[0]["description"].split("\n")
    assert len(lines) == TOPICS_SHOWN + 1 and lines[-1] == "• … and 4 more"


async def test_the_days_dm_is_found_again_and_no_other(sender):
    double, dms = sender
    monday, tuesday = reminder(double.user.id), reminder(double.user.id, day="2026-03-03")
    assert await dms.find(monday, EARLIER) is None
    sent = await dms.send(monday)
    await double.user_message("thanks!", channel=double.dm_channel(double.user))  # the learner's own message
    assert await dms.find(monday, EARLIER) == sent
    assert await dms.find(tuesday, EARLIER) is None
    assert await dms.find(monday, datetime.now(UTC)) is None  # sent before `since`: not this claim's


async def test_closed_dms_are_refused_as_dms_closed_after_one_try(sender):
    double, dms = sender
    quiet = double.add_user("quiet", dms_open=False)
    with pytest.raises(PostRefused) as refused:
        await dms.send(reminder(quiet.id))
    assert refused.value.reason == DMS_CLOSED == "dms_closed"
    assert [r.code for r in double.refused_dms(quiet)] == [50007] and double.dm_messages(quiet) == []


async def test_an_outage_is_a_passing_failure(sender):
    double, dms = sender
    double.fail_next("POST", "/channels/*/messages", status=503)
    with pytest.raises(PostFailed):
        await dms.send(reminder(double.user.id))
    assert double.dm_messages(double.user) == []
    await dms.send(reminder(double.user.id))  # and the next try goes through
    assert len(double.dm_messages(double.user)) == 1
