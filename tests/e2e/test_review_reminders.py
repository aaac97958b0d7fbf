"""Review reminders over the double, the bot's clock set by TUTOR_CLOCK_START: a learner turns them on, misses a
question (due again a minute later: FSRS's first learning step), and at the time they chose gets one DM with the
count and the topic; "Start review" there runs their review in the DM. A learner whose DMs are closed gets one
refused DM (no retry) and is told once, after their next command; a learner with nothing due gets nothing."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime

import pytest

from bot.content import load_course
from tests.e2e.conftest import running_world
from tests.e2e.test_daily_quote import restart_at
from tests.e2e.test_quiz_messages import TOPIC, Player, ids, shown_item
from tests.e2e.test_self_rated_review import answer

pytestmark = [pytest.mark.slow, pytest.mark.asyncio(loop_scope="function")]

NINE = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # the reminders' time, on the bot's clock


async def remind_at_nine(double, player: Player) -> str:
    it = await double.slash("remind on", {"time": "09:00", "timezone": "UTC"}, user=player.user,
                            locale=player.locale)
    reply = await it.reply()
    assert reply.ephemeral
    return reply.content


async def miss_a_question(double, player: Player, catalog):
    """The question missed, of TOPIC (it may belong to other topics too)."""
    message = await (await double.slash("quiz", {"topic": TOPIC, "length": 1}, user=player.user,
                                        locale=player.locale)).response_message()
    item = shown_item(catalog, message.embeds[0], player.lang)
    await answer(player, message, item, right=False)
    return item


async def test_a_reminder_at_its_time_starts_a_review_in_the_dm_and_closed_dms_are_told_once(tmp_path, database):
    async with running_world(tmp_path, TUTOR_DATABASE=database, TUTOR_CLOCK_START="2026-03-02T08:00:00Z") as world:
        double, catalog = world.double, load_course(world.content)
        learner = Player(double, world.learner, "en")
        quiet = Player(double, double.add_user("quiet", dms_open=False), "es")
        idle = Player(double, double.add_user("idle"), "en")
        for player in (quiet, idle):
            double.guild.add_member(player.user)

        on = await remind_at_nine(double, learner)
        assert on.startswith("Review reminders are on: every day at 09:00 (UTC), by direct message.")
        assert f"<t:{int(NINE.timestamp())}:F>" in on and "nothing is sent" in on
        for player in (quiet, idle):
            await remind_at_nine(double, player)
        missed = await miss_a_question(double, learner, catalog)
        await miss_a_question(double, quiet, catalog)  # idle answers nothing: nothing is due for them at nine
        assert double.dm_messages(learner.user) == [] and double.refused_dms(quiet.user) == []

        # Down until five seconds before nine: at nine, one DM, refused for the learner whose DMs are closed.
        restarted = time.monotonic()
        await restart_at(world, "2026-03-02T08:59:55Z")
        (dm,) = await double.wait_until(lambda: double.dm_messages(learner.user), timeout=30, what="the reminder DM")
        assert dm.created_monotonic - restarted >= 5.0  # not before nine on the bot's clock
        assert dm.content == "Time to review: 1 review due."
        topics = dm.embeds[0]["description"].split("\n")  # the missed question's topics, in the learner's language
        assert sorted(topics) == sorted(f"• {catalog.topics[t].title.get('en')}" for t in missed.topics)
        assert f"• {catalog.topics[TOPIC].title.get('en')}" in topics and "2026-03-02" in dm.embeds[0]["footer"]["text"]
        assert ids(dm) == [f"rv:{learner.user.id}"]
        await double.wait_until(lambda: double.refused_dms(quiet.user), timeout=30, what="the refused DM")

        # "Start review" in the DM: the learner's review, there, answered with its buttons.
        review = await (await double.click(dm, f"rv:{learner.user.id}", user=learner.user)).response_message()
        assert review.ephemeral and review.channel_id == dm.channel_id and review.guild_id is None
        reply = await answer(learner, review, shown_item(catalog, review.embeds[0], "en"), right=True)
        assert reply.embeds[-1]["title"] == learner.text["right"]

        await asyncio.sleep(2)  # the scheduler is past nine: nothing more comes
        assert len(double.dm_messages(learner.user)) == 1 and double.dm_messages(idle.user) == []
        assert [r.code for r in double.refused_dms(quiet.user)] == [50007]

        # The learner whose DMs are closed is told after their next command, in their language, and only then.
        first = await double.slash("help", user=quiet.user, locale=quiet.locale)
        (notice,) = await first.followups()
        assert notice.ephemeral and notice.content.startswith("⚠️ Tus recordatorios de repaso se han detenido")
        assert "/recordatorios activar" in notice.content
        second = await double.slash("progress", user=quiet.user, locale=quiet.locale)
        await second.reply()
        await asyncio.sleep(1)
        assert second.followup_ids == [] and len(first.followup_ids) == 1
        assert not [r for r in double.refusals if r[2].code != 50007], double.refusals
