"""A group quiz's host controls over the double: the host pauses (and a kill -9 and restart keep it paused past
its question's time), resumes, skips and stops it, and the scoreboard so far appears; anyone else's click on a
control is refused in an ephemeral reply and changes nothing."""

from __future__ import annotations

import asyncio
import time

import pytest

from tests.e2e.test_group_quiz import playable, questions
from tests.e2e.test_quiz_flow import buttons

pytestmark = [pytest.mark.slow, pytest.mark.asyncio(loop_scope="function")]


def control(message, action: str) -> str:
    """The custom id of a control on a group question: p pause, r resume, s skip, x stop."""
    (found,) = [b["custom_id"] for b in buttons(message) if b["custom_id"].startswith("g:")
                and b["custom_id"].endswith(f":{action}")]
    return found


def answers(message) -> list[dict]:
    return [b for b in buttons(message) if b["custom_id"].startswith("q:")]


def scoreboards(double, channel, title: str) -> list:
    return [m for m in double.messages(channel) if m.embeds and m.embeds[0].get("title") == title]


async def test_the_host_pauses_across_a_restart_resumes_and_stops_and_others_are_refused(fresh_world):
    double, bot = fresh_world.double, fresh_world.bot
    general = double.guild.channel_named("general")
    host = fresh_world.learner
    tomas = double.add_user("tomas")
    double.guild.add_member(tomas)

    start = await double.slash("quiz", {"mode": "group", "length": 3, "seconds": 10, "topic": "revolution-1905"},
                               user=host)
    assert "started a group quiz" in (await start.reply()).content
    (q1,) = await double.wait_until(lambda: questions(double, general), timeout=10, what="question 1")
    assert [b["label"] for b in buttons(q1) if b["custom_id"].startswith("g:")] == ["Pause", "Skip", "Stop"]

    for action in ("p", "s", "x"):  # a player who is neither the host nor a moderator
        refused = await (await double.click(q1, control(q1, action), user=tomas)).reply()
        assert refused.ephemeral and "Only the quiz's host or a moderator" in refused.content, refused

    paused_at = time.monotonic()
    pause = await double.click(q1, control(q1, "p"), user=host)
    assert not (await pause.reply()).ephemeral
    (notice,) = await pause.followups(1)
    assert not notice.ephemeral and f"<@{host.id}> paused the quiz" in notice.content
    q1 = double.message(q1.id)
    assert "Paused: no answers are taken" in str(q1.embeds[0]["fields"]) and "<t:" not in str(q1.embeds[0]["fields"])
    assert all(b.get("disabled") for b in answers(q1)) and control(q1, "r")

    await bot.kill()  # paused, the quiz must stay paused through a kill -9 and restart
    await bot.restart(kill=False, timeout=30)
    await asyncio.sleep(max(0.0, 13 - (time.monotonic() - paused_at)))  # past the question's 10 seconds
    q1 = double.message(q1.id)
    assert len(q1.embeds) == 1 and control(q1, "r"), "a paused question got its results"
    assert len(questions(double, general)) == 1

    resume = await (await double.click(q1, control(q1, "r"), user=host)).reply()
    assert not resume.ephemeral
    q1 = double.message(q1.id)
    assert "Time is up <t:" in str(q1.embeds[0]["fields"]) and not any(b.get("disabled") for b in answers(q1))
    reply = await (await double.click(q1, answers(q1)[0]["custom_id"], user=tomas)).reply()
    assert reply.ephemeral and reply.content.startswith("Your answer is in"), reply.content

    stop = await (await double.click(q1, control(q1, "x"), user=host)).reply()
    assert not stop.ephemeral and f"<@{host.id}> stopped the quiz" in stop.content
    board = await double.wait_until(
        lambda: scoreboards(double, general, "Group quiz stopped: the scoreboard so far"), timeout=15,
        what="the scoreboard so far")
    text = board[0].embeds[0]["description"]
    assert f"<@{tomas.id}>" in text and text.endswith(" of 1"), text  # out of the one question asked
    q1 = double.message(q1.id)
    assert len(q1.embeds) == 2 and not playable(q1)  # its results, and nothing left to answer or control
    await asyncio.sleep(2)
    assert len(questions(double, general)) == 1 and not scoreboards(double, general, "Group quiz: the scoreboard")
    again = await double.slash("quiz", {"mode": "group", "length": 1, "seconds": 10}, user=tomas)
    assert "started a group quiz" in (await again.reply()).content  # the channel is free
    double.assert_no_mass_mentions()


async def test_a_moderator_skips_and_stops_a_spanish_quiz(fresh_world):
    double = fresh_world.double
    general = double.guild.channel_named("general")
    start = await double.slash("quiz", {"mode": "group", "length": 3, "seconds": 30, "topic": "revolution-1905"},
                               locale="es-ES")
    assert "empezó un cuestionario en grupo" in (await start.reply()).content
    (q1,) = await double.wait_until(lambda: questions(double, general), timeout=10, what="pregunta 1")
    assert [b["label"] for b in buttons(q1) if b["custom_id"].startswith("g:")] == ["Pausar", "Saltar", "Parar"]

    moderator = fresh_world.moderator  # Manage Server: not the host, and allowed
    skip = await (await double.click(q1, control(q1, "s"), user=moderator)).reply()
    assert not skip.ephemeral and "saltó la pregunta 1" in skip.content, skip
    await double.wait_until(lambda: len(double.message(q1.id).embeds) == 2, timeout=10, what="results, early")
    q2 = (await double.wait_until(lambda: questions(double, general)[1:], timeout=10, what="pregunta 2"))[0]
    assert "Pregunta 2 de 3" in q2.embeds[0]["title"]

    stop = await (await double.click(q2, control(q2, "x"), user=moderator)).reply()
    assert "paró el cuestionario" in stop.content
    await double.wait_until(
        lambda: scoreboards(double, general, "Cuestionario en grupo parado: la clasificación hasta ahora"),
        timeout=15, what="la clasificación")
    assert len(double.message(q2.id).embeds) == 2 and not playable(double.message(q2.id))
