"""Nothing the bot sends is kept by discord.py beyond its use: buttons and forms are routed by custom_id
(bot/discord/buttons.py, components.py), so the library's view store stays empty after clicks, submitted
forms and forms the learner closed without submitting. The real bot, in this process, over the double."""

from __future__ import annotations

import asyncio
import gc

import discord


def buttons(message) -> list[str]:
    return [c["custom_id"] for row in message.components for c in row.get("components", []) if c.get("type") == 2]


def views_alive() -> list[object]:
    gc.collect()
    return [o for o in gc.get_objects() if isinstance(o, discord.ui.View | discord.ui.Modal)]


async def open_form(double, user):
    """Start a quiz on the topic with the open-answer question and click through to its form."""
    message = await (await double.slash("quiz", {"topic": "beta", "length": 2}, user=user)).response_message()
    while not any(b.startswith("q:m:") for b in buttons(message)):
        await (await double.click(message, buttons(message)[0], user=user)).reply()
        message = double.message(message.id)
    it = await double.click(message, next(b for b in buttons(message) if b.startswith("q:m:")), user=user)
    return await it.modal()


async def test_clicks_and_forms_leave_nothing_in_the_view_store(bot_and_double):
    bot, double = bot_and_double
    for name in ("closer1", "closer2", "closer3"):  # forms closed without submitting
        user = double.add_user(name)
        double.guild.add_member(user)
        await open_form(double, user)
    submitter = double.add_user("submitter")
    double.guild.add_member(submitter)
    form = await open_form(double, submitter)
    feedback = await (await double.submit_modal(form["custom_id"], {"answer": "Petrograd"}, user=submitter)).reply()
    assert feedback.embeds[-1]["title"] == "Right!"
    await asyncio.sleep(0.1)  # the handlers' tasks end
    assert bot.persistent_views == []
    assert views_alive() == []


async def test_the_check_finds_a_form_the_library_keeps(bot_and_double, monkeypatch):
    """The check above can fail: a form that reports itself unfinished is kept by discord.py until submitted."""
    from bot.discord.components import OpenAnswerModal

    monkeypatch.setattr(OpenAnswerModal, "is_finished", discord.ui.Modal.is_finished)
    _, double = bot_and_double
    user = double.add_user("closer")
    double.guild.add_member(user)
    await open_form(double, user)
    await asyncio.sleep(0.1)
    assert [type(v).__name__ for v in views_alive()] == ["OpenAnswerModal"]
