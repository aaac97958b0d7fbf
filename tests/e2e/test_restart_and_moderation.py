"""Killed mid-quiz: the old message's buttons still work after a restart. A moderator's broken reload
names file and line and leaves the course in service; a non-moderator is refused on the server side."""

from __future__ import annotations

import pytest

from tests.e2e.test_quiz_flow import answer_current, buttons

pytestmark = [pytest.mark.slow, pytest.mark.asyncio(loop_scope="function")]


async def test_quiz_goes_on_after_kill_and_restart(fresh_world):
    double, bot = fresh_world.double, fresh_world.bot
    start = await double.slash("quiz", {"topic": "revolution-1917", "length": 2})
    message = await start.response_message()
    await answer_current(double, message, double.user)
    message = double.message(message.id)
    (nxt,) = [b["custom_id"] for b in buttons(message) if b["custom_id"].startswith("q:n:")]

    await bot.kill()  # SIGKILL: no clean shutdown
    await bot.restart(kill=False, timeout=30)

    it = await double.click(message, nxt)
    reply = await it.reply()
    assert reply.accepted and "Question 2 of 2" in reply.embeds[0]["title"]
    message = double.message(message.id)
    await answer_current(double, message, double.user)
    progress = await (await double.slash("progress")).reply()
    assert progress.embeds[0]["description"].startswith("2 answers")


async def test_broken_reload_names_file_and_line_and_keeps_course(fresh_world):
    double, content = fresh_world.double, fresh_world.content
    path = content / "quizzes" / "china-1927.yaml"
    text = path.read_text(encoding="utf-8")
    line = text.splitlines().index(next(ln for ln in text.splitlines() if ln.startswith("  answer: "))) + 1
    broken = text.replace(text.splitlines()[line - 1], "  answer: Z", 1)
    path.write_text(broken, encoding="utf-8")

    it = await double.slash("content reload", user=fresh_world.moderator)
    await it.reply()
    (msg,) = await it.followups()
    assert f"china-1927.yaml:{line}:" in msg.content and "not one of the choices" in msg.content
    # the course in service is unchanged: a quiz on the topic still works
    quiz = await (await double.slash("quiz", {"topic": "china-1927", "length": 1})).reply()
    assert quiz.embeds[0]["title"] == "Question 1 of 1"
    status = await (await double.slash("content status", user=fresh_world.moderator)).reply()
    assert "The last reload was refused" in status.content


async def test_non_moderator_refused_even_if_the_command_is_visible(fresh_world):
    double = fresh_world.double
    # A server can make /content visible to everyone (Integrations settings); the bot must still refuse.
    it = await double.slash_unchecked("content reload", user=double.user)
    reply = await it.reply()
    assert reply.ephemeral and "Only moderators" in reply.content
