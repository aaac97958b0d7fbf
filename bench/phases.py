"""What the bench does to a target, as a learner would: quizzes clicked through, commands sent.

Every timed figure is one interaction's round trip as the double sees it: from the INTERACTION_CREATE it sends
to the bot's first accepted callback (`Callback.at - Interaction.created`), so the driver's own waiting does not
count. A reply that is not the expected kind (a refusal, an error) stops the bench: a broken run reports nothing.
"""

from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from bench.world import Target
from tests.discord_double import Interaction, Message

CHANNEL_MESSAGE, UPDATE_MESSAGE, MODAL = 4, 7, 9


def buttons(message: Message) -> list[str]:
    return [c["custom_id"] for row in message.components for c in row.get("components", [])
            if c.get("type") == 2 and c.get("custom_id")]


async def expect(it: Interaction, kind: int) -> float:
    """Wait for the reply; check its kind; return the round trip in seconds."""
    reply = await it.reply()
    if reply.type != kind or (kind == UPDATE_MESSAGE and reply.ephemeral):
        raise RuntimeError(f"{it.label}: expected callback type {kind}, got {reply!r}")
    return reply.at - it.created


class Learner:
    """Works through quizzes; `answer()` answers the question shown and moves on to the next one.
    It returns the round trip of the answer click when the question is answered with one click (multiple
    choice, true or false, who said it), else None; `interactions` counts everything it sent."""

    def __init__(self, target: Target):
        self.target = target
        self.double = target.double
        self.interactions = 0
        self.answers = 0
        self.message: Message | None = None
        self.user = None

    async def begin(self) -> None:
        raise NotImplementedError

    async def answer(self) -> float | None:
        raise NotImplementedError

    async def _click(self, custom_id: str, kind: int = UPDATE_MESSAGE) -> float:
        it = await self.double.click(self.message, custom_id, user=self.user)
        took = await expect(it, kind)
        self.interactions += 1
        self.message = self.double.message(self.message.id)
        return took


class BotLearner(Learner):
    """A learner of the real bot: /quiz length 20, then every format as the e2e tests play it. A new Discord
    user starts each quiz (the bot allows three quizzes per user in 30 s)."""

    async def begin(self) -> None:
        self.user = self.target.new_user("quizzer")
        it = await self.double.slash("quiz", {"length": 20}, user=self.user)
        self.message = await it.response_message()
        self.interactions += 1

    async def answer(self) -> float | None:
        ids = buttons(self.message)
        if not any(i.startswith("q:") and i[2] in "atom" for i in ids):  # finished: a summary
            await self.begin()
            ids = buttons(self.message)
        first = next(i for i in ids if i.startswith("q:") and i[2] in "atom")
        timed = None
        kind = first[2]
        if kind in "at":
            timed = await self._click(first)
        elif kind == "o":
            while not any(i.startswith("q:n:") for i in buttons(self.message)):
                await self._click(next(i for i in buttons(self.message) if i.startswith("q:o:")))
        else:  # an open answer: the form, then its submission
            it = await self.double.click(self.message, first, user=self.user)
            modal = await it.modal()
            submit = await self.double.submit_modal(modal["custom_id"], {"answer": "1905"}, user=self.user)
            await expect(submit, UPDATE_MESSAGE)
            self.interactions += 2
            self.message = self.double.message(self.message.id)
        self.answers += 1
        await self._click(next(i for i in buttons(self.message) if i.startswith("q:n:")))
        return timed


class FloorLearner(Learner):
    """The same steps against the floor: an answer click, then a "Next" click, both constant edits."""

    async def begin(self) -> None:
        self.user = self.target.new_user("quizzer")
        it = await self.double.slash("quiz", user=self.user)
        self.message = await it.response_message()
        self.interactions += 1

    async def answer(self) -> float | None:
        timed = await self._click("floor:a")
        self.answers += 1
        await self._click("floor:n")
        return timed


def learner(target: Target) -> Learner:
    return BotLearner(target) if target.kind == "bot" else FloorLearner(target)


# ------------------------------------------------------------------------------------------------ phases
async def answer_clicks(target: Target, count: int, state: dict[str, Any]) -> list[float]:
    """`count` timed answer clicks in sequence (one learner at a time; untimed steps in between)."""
    one = state.get("learner")
    if one is None:
        one = state["learner"] = learner(target)
        await one.begin()
    times: list[float] = []
    while len(times) < count:
        took = await one.answer()
        if took is not None:
            times.append(took)
    return times


async def command(target: Target, name: str, options: dict[str, Any] | None, user) -> float:
    it = await target.double.slash(name, options if target.kind == "bot" else None, user=user)
    return await expect(it, CHANNEL_MESSAGE)


async def quotes(target: Target, count: int, state: dict[str, Any]) -> list[float]:
    """`count` /quote round trips in sequence, each from a new reader (the bot allows ten quotes per user in 30 s)."""
    return [await command(target, "quote", None, target.new_user("reader")) for _ in range(count)]


async def concurrent_learners(target: Target, learners: int, rounds: int) -> dict[str, float]:
    """`learners` learners each answer `rounds` questions at once (each: the answer, then "Next").
    Throughput is interactions completed per second of wall time; each learner's quiz is started first,
    untimed."""
    crowd = [learner(target) for _ in range(learners)]
    for one in crowd:
        await one.begin()
    before = sum(one.interactions for one in crowd)
    clicks: list[float] = []

    async def run(one: Learner) -> None:
        for _ in range(rounds):
            took = await one.answer()
            if took is not None:
                clicks.append(took)

    began = time.perf_counter()
    await asyncio.gather(*(run(one) for one in crowd))
    wall = time.perf_counter() - began
    done = sum(one.interactions for one in crowd) - before
    return {"wall": wall, "interactions": done, "answers": learners * rounds, "per_second": done / wall,
            "answers_per_second": learners * rounds / wall, "click_times": clicks}


READS = (("progress", None), ("leaderboard", {"period": "week"}), ("leaderboard", {"period": "all"}),
         ("help", None))


async def reads(target: Target, learner_ids: list[int]) -> dict[str, list[float]]:
    """/progress, /leaderboard week, /leaderboard all and /help in turn, each by the next learner of the
    generated database (a different Discord user every time: the bot's per-user cooldowns never trigger).

    Each command is sent when the one before is complete, as a learner sees it: the bot's /progress answers with
    its figures and then adds a chart to the same message, so the next command waits for the chart (whose
    arrival is its own figure, "/progress chart"). Sent at once, the next command shared the machine with the
    chart's drawing and upload, which is what the crowd phase measures, not the latency of a read."""
    out: dict[str, list[float]] = {label(n, o): [] for n, o in READS}
    charts: list[float] = []
    for user_id in learner_ids:
        user = target.user_with_id(user_id)
        for name, options in READS:
            it = await target.double.slash(name, options if target.kind == "bot" else None, user=user)
            out[label(name, options)].append(await expect(it, CHANNEL_MESSAGE))
            if name == "progress" and target.kind == "bot":
                charts.append(await chart_shown(target, it))
    if charts:
        out["/progress chart"] = charts
    return out


async def chart_shown(target: Target, it: Interaction) -> float:
    """From the interaction to the moment its reply carries the chart (the double's clock, as for round trips)."""
    message = await it.response_message()
    await target.double.wait_until(lambda: message.attachments, what=f"the chart of {it.label}")
    return time.monotonic() - it.created


def label(name: str, options: dict[str, Any] | None) -> str:
    return f"/{name}" + (f" {options['period']}" if options else "")


def sample_learners(meta: dict, count: int, seed: int = 11) -> list[int]:
    rng = random.Random(seed)
    return [meta["learner_base"] + n for n in rng.sample(range(meta["learners"]), count)]


async def interleaved(targets: list[Target], total: int, block: int,
                      run: Callable[[Target, int, dict[str, Any]], Awaitable[list[float]]]) -> dict[str, list[float]]:
    """`total` samples per target, taken in turns of `block` (floor, bot, floor, ...), so a slow spell of the
    machine lands on both."""
    out: dict[str, list[float]] = {t.kind: [] for t in targets}
    states: dict[str, dict[str, Any]] = {t.kind: {} for t in targets}
    while any(len(v) < total for v in out.values()):
        for t in targets:
            need = min(block, total - len(out[t.kind]))
            if need > 0:
                out[t.kind] += await run(t, need, states[t.kind])
    return out


async def item_stats_report(db_target: str, content: Path, repeats: int) -> dict[str, Any]:
    """/content stats's and `python -m bot stats`'s read, timed in the bot's own service on the generated database:
    the whole course's report (every item and language: its largest) and one topic's, `repeats` times each,
    after one untimed run. The figures come from the per item aggregates the answer's trigger keeps, so the time
    follows the course's size, not the answers' count."""
    from bot.content import load_course
    from bot.domain.clock import SystemClock
    from bot.services.course import CourseService
    from bot.services.item_stats import ItemStatsService
    from bot.storage import open_database
    from bot.storage.audit import AuditRepository
    from bot.storage.item_stats import ItemStatsRepository

    catalog = load_course(content)
    db = await open_database(db_target)
    try:
        course = CourseService(catalog, content, load_course, SystemClock(), AuditRepository(db))
        service = ItemStatsService(course, ItemStatsRepository(db))
        topic = next(iter(catalog.topics))
        out: dict[str, Any] = {"topic": topic}
        for name, args in (("whole course", (None,)), ("one topic", (topic,))):
            entries = await service.report(*args)
            times = []
            for _ in range(repeats):
                began = time.perf_counter()
                await service.report(*args)
                times.append(time.perf_counter() - began)
            out[name] = {"entries": len(entries), "answers": sum(e.stats.answered for e in entries),
                         "flagged": sum(1 for e in entries if e.stats.flags), "times": times}
        return out
    finally:
        await db.close()


async def class_report(db_target: str, content: Path, guild_id: int, repeats: int) -> dict[str, Any]:
    """/class report's read, timed in the bot's own service on the generated database, whose learners all study
    in one server: the report of the last 4 weeks (the command's default) and of all time (every learner of the
    server), `repeats` times each after one untimed run. Participation and learners come from the per server and
    week scores, the hardest questions from the per server and day counts the answer's trigger keeps; mastery
    reads each of the period's learners' review cards, the part that grows with the class."""
    from bot.content import load_course
    from bot.domain.clock import SystemClock
    from bot.services.class_report import ClassReportService
    from bot.services.course import CourseService
    from bot.services.guilds import GuildSettingsService
    from bot.services.operators import CourseEditors
    from bot.storage import open_database
    from bot.storage.audit import AuditRepository
    from bot.storage.class_report import ClassReportRepository
    from bot.storage.guilds import GuildSettingsRepository

    catalog = load_course(content)
    db = await open_database(db_target)
    try:
        clock = SystemClock()
        course = CourseService(catalog, content, load_course, clock, AuditRepository(db))
        guilds = GuildSettingsService(GuildSettingsRepository(db), clock)
        service = ClassReportService(course, ClassReportRepository(db), guilds, CourseEditors(guilds), clock)
        out: dict[str, Any] = {}
        for name, period in (("4 weeks", "4weeks"), ("all time", "all")):
            report = await service.report(guild_id, period=period)
            times = []
            for _ in range(repeats):
                began = time.perf_counter()
                await service.report(guild_id, period=period)
                times.append(time.perf_counter() - began)
            out[name] = {"learners": report.learners, "answers": report.answers, "hardest": len(report.hardest),
                         "may_need_help": report.private_needing_help + len(report.needing_help), "times": times}
        return out
    finally:
        await db.close()
