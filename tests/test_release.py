"""What a command leaves behind is freed by reference counting, not left for the garbage collector
(bot/discord/release.py): the real bot, in this process, over the Discord double. These tests fail when a
discord.py release changes what `release` relies on."""

from __future__ import annotations

import asyncio
import gc
from collections import Counter

import discord
import pytest

from bot.discord.client import TutorBot

# what reference cycles a command could leave: discord.py's interaction and response, and an uploaded buffer
WATCHED = (discord.Interaction, discord.InteractionResponse, discord.File)


def watched(objects) -> Counter[str]:
    return Counter(type(o).__name__ for o in objects if isinstance(o, WATCHED) or type(o).__name__ == "BytesIO")


async def left_for_the_collector(play) -> Counter[str]:
    """Run `play` against the bot, wait until the bot holds none of the watched objects, and count those the
    collector found unreachable: the ones that were not freed as soon as the bot dropped them."""
    gc.collect()
    gc.set_debug(gc.DEBUG_SAVEALL)  # what the collector finds unreachable is kept in gc.garbage, to be counted
    try:
        await play()
        for _ in range(200):
            gc.collect()
            unreachable = {id(o) for o in gc.garbage}
            held = Counter(type(o).__name__ for o in gc.get_objects()
                           if isinstance(o, WATCHED) and id(o) not in unreachable)
            if not held:
                return watched(gc.garbage)
            await asyncio.sleep(0.02)  # a command's task is still finishing
        pytest.fail(f"the bot still holds {held} after 4 s")
    finally:
        gc.set_debug(0)
        gc.garbage.clear()


def buttons(message) -> list[str]:
    return [c["custom_id"] for row in message.components for c in row.get("components", []) if c.get("type") == 2]


async def test_commands_and_clicks_leave_nothing_for_the_garbage_collector(bot_and_double):
    _, double = bot_and_double

    async def play() -> None:
        await (await double.slash("help")).reply()
        start = await double.slash("quiz", {"topic": "alpha", "length": 2})
        message = await start.response_message()
        choice = next(b for b in buttons(message) if b.startswith(("q:a:", "q:t:")))
        await (await double.click(message, choice)).reply()
        await (await double.slash("quiz", {"topic": "no-such-topic"})).reply()  # through the error handler
        message = double.message(message.id)
        message.components[0]["components"][0]["custom_id"] = "q:zz"  # a forged button: the click is refused
        assert (await (await double.click(message, "q:zz")).reply()).ephemeral
        progress = await double.slash("progress")
        shown = await progress.response_message()
        await double.wait_until(lambda: double.message(shown.id).attachments, timeout=5, what="the chart")

    assert await left_for_the_collector(play) == Counter()


async def test_the_check_finds_an_interaction_that_is_not_released(bot_and_double, monkeypatch):
    """The check above can fail: without the release after a command, it finds the interaction's cycle."""
    _, double = bot_and_double

    async def keep(self, interaction, command) -> None:
        pass

    monkeypatch.setattr(TutorBot, "on_app_command_completion", keep)

    async def play() -> None:
        await (await double.slash("help")).reply()

    left = await left_for_the_collector(play)
    assert left["Interaction"] == 1 and left["InteractionResponse"] == 1
