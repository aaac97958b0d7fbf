"""At start the bot reads its course while it connects to Discord. What learners send meanwhile waits for the
course and is answered from it; a course with errors stops the bot with the report, naming file and line."""

from __future__ import annotations

import asyncio
import shutil
import sys

import pytest

from bench.content import synthetic_course
from bot.content import load_course
from tests.conftest import ROOT, SHIPPED_COURSE
from tests.discord_double import BotProcess, DiscordDouble
from tests.e2e.conftest import bot_env
from tests.e2e.test_quiz_flow import buttons

pytestmark = [pytest.mark.slow, pytest.mark.asyncio(loop_scope="function")]


async def test_a_command_sent_while_the_course_loads_is_answered_from_it(tmp_path, database):
    # ten times the shipped course: about half a second to read, so the command surely comes first
    content = synthetic_course(SHIPPED_COURSE, tmp_path / "content", copies=10)
    title = load_course(content).course.title.get("en")
    async with DiscordDouble(timeout=30.0) as double:
        bot = BotProcess(double, [sys.executable, "-m", "bot"], log_path=tmp_path / "bot.log",
                         env=bot_env(tmp_path, content, database), cwd=ROOT)
        async with bot:
            await bot.wait_until_identified(30)
            assert "course loaded" not in bot.output(since_start=True)
            it = await double.slash("help")
            reply = await it.reply()
            assert reply.accepted and reply.embeds[0]["title"] == title, it.describe()
            assert not double.refusals, double.refusals
            log = bot.output(since_start=True)
            assert log.index("course loaded") < log.index("ready as"), log


async def test_a_click_on_an_old_message_while_the_course_loads_is_answered(tmp_path, database):
    content = synthetic_course(SHIPPED_COURSE, tmp_path / "content", copies=10)
    async with DiscordDouble(timeout=30.0) as double:
        bot = BotProcess(double, [sys.executable, "-m", "bot"], log_path=tmp_path / "bot.log",
                         env=bot_env(tmp_path, content, database), cwd=ROOT)
        async with bot:
            await bot.wait_until_identified(30)
            for n in range(20):  # a quiz whose first question is answered in one click
                learner = double.add_user(f"learner{n}")  # each their own: /quiz allows a learner 3 in 30 s
                double.guild.add_member(learner)
                message = await (await double.slash("quiz", {"length": 2}, user=learner)).response_message()
                choice = buttons(message)[0]["custom_id"]
                if choice.startswith(("q:a:", "q:t:")):
                    break

            await bot.kill()
            await bot.restart(kill=False, timeout=30)
            assert "course loaded" not in bot.output(since_start=True)
            it = await double.click(message, choice, user=learner)
            reply = await it.reply()
            assert reply.accepted and reply.embeds, it.describe()
            assert reply.embeds[-1]["title"] in ("Right!", "Not quite.", "Close, but not quite."), it.describe()
            assert not double.refusals, double.refusals


async def test_a_course_with_errors_stops_the_bot_with_the_report(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(SHIPPED_COURSE, content)
    path = content / "quizzes" / "china-1927.yaml"
    lines = path.read_text(encoding="utf-8").splitlines()
    line = next(n for n, text in enumerate(lines, 1) if text.startswith("  answer: "))
    lines[line - 1] = "  answer: Z"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    async with DiscordDouble(timeout=30.0) as double:
        bot = BotProcess(double, [sys.executable, "-m", "bot"], log_path=tmp_path / "bot.log",
                         env=bot_env(tmp_path, content), cwd=ROOT)
        await bot.start()
        code = await asyncio.wait_for(bot.proc.wait(), 60)
        out = bot.output(since_start=True)
        assert code == 1, out
        assert "has errors" in out and f"china-1927.yaml:{line}:" in out and "not one of the choices" in out
        assert "ready as" not in out and "Traceback" not in out, out
