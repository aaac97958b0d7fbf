"""A stop waits for the interactions being handled (Runner.finish_in_flight): for that, each handler's task is
known to the bot while it runs, a click's as a command's. The real bot, in this process, over the double."""

from __future__ import annotations

import asyncio


async def test_a_click_and_a_command_are_in_flight_while_they_are_handled(bot_and_double, monkeypatch):
    bot, double = bot_and_double
    seen: list[bool] = []
    answer, start = bot.app.quiz.answer, bot.app.quiz.start

    async def answering(*args, **kwargs):
        seen.append(asyncio.current_task() in bot.in_flight.tasks())
        return await answer(*args, **kwargs)

    async def starting(*args, **kwargs):
        seen.append(asyncio.current_task() in bot.in_flight.tasks())
        return await start(*args, **kwargs)

    monkeypatch.setattr(bot.app.quiz, "answer", answering)
    monkeypatch.setattr(bot.app.quiz, "start", starting)
    message = await (await double.slash("quiz", {"topic": "alpha", "length": 2})).response_message()
    choice = next(c["custom_id"] for row in message.components for c in row["components"]
                  if c.get("custom_id", "").startswith(("q:a:", "q:t:")))
    await (await double.click(message, choice)).reply()
    assert seen == [True, True]
    for _ in range(50):  # and once handled, they are not
        if not bot.in_flight.tasks():
            break
        await asyncio.sleep(0.01)
    assert not bot.in_flight.tasks()
