"""The bot's memory does not grow with the commands it serves: what discord.py makes for a command or a click
(the interaction, its response, an uploaded chart) is freed once it is handled, by reference counting or by
the garbage collector's usual passes. The real bot, in this process, over the double."""

from __future__ import annotations

import asyncio
import gc
import io
from collections import Counter

import discord

ROUNDS = 25  # each round: six interactions, from a new learner (cooldowns are per learner)
LEFT_AT_MOST = 2  # an interaction whose handler's task is still ending when the count is taken

# what a command makes and could leave behind: the interaction, its response, an uploaded file
WATCHED = (discord.Interaction, discord.InteractionResponse, discord.File, io.BytesIO)


def alive() -> Counter[str]:
    gc.collect()
    return Counter(type(o).__name__ for o in gc.get_objects() if isinstance(o, WATCHED))


def buttons(message) -> list[str]:
    return [c["custom_id"] for row in message.components for c in row.get("components", []) if c.get("type") == 2]


async def one_round(double, number: int) -> None:
    """/help, a quiz and an answer click, a command that fails, a forged button, /progress with its chart."""
    user = double.add_user(f"learner{number}")
    double.guild.add_member(user)
    await (await double.slash("help", user=user)).reply()
    message = await (await double.slash("quiz", {"topic": "alpha", "length": 2}, user=user)).response_message()
    choice = next(b for b in buttons(message) if b.startswith(("q:a:", "q:t:")))
    await (await double.click(message, choice, user=user)).reply()
    await (await double.slash("quiz", {"topic": "no-such-topic"}, user=user)).reply()  # through the error handler
    message = double.message(message.id)
    message.components[0]["components"][0]["custom_id"] = "q:zz"  # a forged button: the click is refused
    assert (await (await double.click(message, "q:zz", user=user)).reply()).ephemeral
    shown = await (await double.slash("progress", user=user)).response_message()
    await double.wait_until(lambda: double.message(shown.id).attachments, timeout=5, what="the chart")


async def left_after_rounds(double, looks: int = 100) -> Counter[str]:
    for number in range(ROUNDS):
        await one_round(double, number)
    for _ in range(looks):  # the handlers' tasks end
        left = alive()
        if left["Interaction"] <= LEFT_AT_MOST:
            break
        await asyncio.sleep(0.02)
    return left


async def test_many_commands_and_clicks_leave_a_bounded_few_objects_alive(bot_and_double):
    _, double = bot_and_double
    left = await left_after_rounds(double)
    assert all(count <= LEFT_AT_MOST for count in left.values()), left


async def test_the_check_finds_interactions_the_bot_keeps(bot_and_double, monkeypatch):
    """The check above can fail: a bot that keeps every interaction it handled is caught."""
    from bot.discord.client import TutorBot

    kept: list[discord.Interaction] = []
    handle = TutorBot.on_interaction

    async def keeping(self, interaction: discord.Interaction) -> None:
        kept.append(interaction)
        await handle(self, interaction)

    monkeypatch.setattr(TutorBot, "on_interaction", keeping)
    _, double = bot_and_double
    left = await left_after_rounds(double, looks=1)
    assert left["Interaction"] >= ROUNDS * 6 and left["InteractionResponse"] >= ROUNDS * 6
