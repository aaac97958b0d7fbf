"""A group quiz in a channel over the double: everyone answers each question once before the timer ends,
the results come on the question's message, and a scoreboard ends it, even across a kill -9 and restart."""

from __future__ import annotations

import pytest

from tests.e2e.test_quiz_flow import buttons

pytestmark = [pytest.mark.slow, pytest.mark.asyncio(loop_scope="function")]


def playable(message) -> list:
    """The buttons that answer or control the quiz (its results carry "Report a problem", which stays)."""
    return [b for b in buttons(message) if b["custom_id"].startswith(("q:", "g:"))]


def questions(double, channel) -> list:
    return [m for m in double.messages(channel) if m.source == "channel" and m.embeds
            and m.embeds[0].get("title", "").startswith(("Question", "Pregunta"))]


async def test_group_quiz_with_a_restart_in_the_middle(fresh_world):
    double, bot = fresh_world.double, fresh_world.bot
    general = double.guild.channel_named("general")
    third = double.add_user("tomas")
    double.guild.add_member(third)
    players = [fresh_world.learner, fresh_world.moderator, third]

    start = await double.slash("quiz", {"mode": "group", "length": 2, "seconds": 10, "topic": "revolution-1905"})
    announcement = await start.reply()
    assert not announcement.ephemeral and "started a group quiz: 2 questions on " in announcement.content
    again = await (await double.slash("quiz", {"mode": "group"}, user=third)).reply()
    assert again.ephemeral and "already running in this channel" in again.content

    first = await double.wait_until(lambda: questions(double, general), timeout=10)
    q1 = first[0]
    assert "Question 1 of 2" in q1.embeds[0]["title"] and "Time is up <t:" in str(q1.embeds[0]["fields"])
    answer_ids = [b["custom_id"] for b in buttons(q1) if b["custom_id"].startswith("q:")]  # not the host's controls
    for player, custom_id in zip(players, answer_ids, strict=False):
        reply = await (await double.click(q1, custom_id, user=player)).reply()
        assert reply.ephemeral and reply.content.startswith("Your answer is in"), reply.content
    twice = await (await double.click(q1, answer_ids[0], user=players[0])).reply()
    assert twice.ephemeral and "already answered" in twice.content
    answered_q1 = min(len(players), len(answer_ids))

    await bot.kill()  # mid-question: the timer and the answers must survive
    await bot.restart(kill=False, timeout=30)

    await double.wait_until(lambda: len(double.message(q1.id).embeds) == 2, timeout=20, what="results of question 1")
    q1 = double.message(q1.id)
    assert q1.embeds[1]["title"].endswith(f"of {answered_q1} right") and not playable(q1)
    q2 = (await double.wait_until(lambda: questions(double, general)[1:], timeout=10))[0]
    assert "Question 2 of 2" in q2.embeds[0]["title"]
    reply = await (await double.click(q2, buttons(q2)[0]["custom_id"], user=players[0])).reply()
    assert reply.content.startswith("Your answer is in")

    board = await double.wait_until(
        lambda: [m for m in double.messages(general) if m.embeds and m.embeds[0].get("title") ==
                 "Group quiz: the scoreboard"], timeout=20, what="the scoreboard")
    text = board[0].embeds[0]["description"]
    for player in players[: answered_q1]:
        assert f"<@{player.id}>" in text
    assert "of 2" in text
    right = sum(int(double.message(m.id).embeds[1]["title"].split()[1]) for m in questions(double, general))
    assert right == sum(int(line.rsplit(": ", 1)[1].split()[0]) for line in text.splitlines())
    assert not playable(double.message(q2.id))  # closed: nothing left to answer or control
    double.assert_no_mass_mentions()


async def test_a_group_quiz_shorter_than_asked_says_so(fresh_world):
    """The announcement counts the questions the quiz really has, and says why it has fewer than asked."""
    double = fresh_world.double
    general = double.guild.channel_named("general")
    start = await double.slash("quiz", {"mode": "group", "length": 20, "seconds": 10, "topic": "revolution-1905"})
    announcement = (await start.reply()).content
    first = await double.wait_until(lambda: questions(double, general), timeout=10)
    total = int(first[0].embeds[0]["title"].split(" of ")[1].split()[0])
    assert total < 20 and f"started a group quiz: {total} questions" in announcement, announcement
    assert f"{total} of the 20 asked" in announcement, announcement
    # the summary's buttons of a solo quiz, forged on the group's message, start nothing
    sid = buttons(first[0])[0]["custom_id"].split(":")[2]
    for forged in (f"q:r:{sid}", f"q:x:{sid}"):
        message = double.message(first[0].id)
        original = message.components[0]["components"][0]["custom_id"]
        message.components[0]["components"][0]["custom_id"] = forged
        try:
            reply = await (await double.click(message, forged)).reply()
        finally:
            message.components[0]["components"][0]["custom_id"] = original
        assert reply.ephemeral and "no longer exists" in reply.content, reply
