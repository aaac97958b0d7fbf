"""The daily quote: moderators set a channel and a local time; each server gets one post per local day.

Exactly once: the day's row is claimed in the database before anything is sent and marked sent after.
A claim left unconfirmed (a crash, a timeout) is retried only after the poster has looked for the post in
the channel, so a retry never produces a second message. Posting goes through the `DailyPoster` port,
which the Discord adapter implements.
"""

from __future__ import annotations

import asyncio
import logging
import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from bot.domain import daily as rules
from bot.domain import lookup
from bot.domain.clock import Clock
from bot.domain.content import Quote
from bot.domain.errors import DailyNotSet, NoQuotes
from bot.domain.shards import ALL, Shards
from bot.services.course import CourseService
from bot.services.posting import PostFailed, PostRefused
from bot.storage.daily import DailyRepository, ScheduleRow

log = logging.getLogger(__name__)
RETRY = timedelta(minutes=5)
NO_QUOTES = "no_quotes"  # the problem recorded when a reload leaves a schedule's topic without quotes


@dataclass(frozen=True)
class DailyPost:
    guild_id: int
    channel_id: int
    local_date: date
    quote: Quote
    topic_id: str | None
    nonce: str
    marker: str


class DailyPoster(Protocol):
    async def send(self, post: DailyPost) -> int:
        """Post it; returns the message id. Raises PostRefused or PostFailed."""
        ...

    async def find(self, post: DailyPost, since: datetime) -> int | None:
        """The id of this post if it is already in the channel (sent after `since`), else None."""
        ...


@dataclass(frozen=True)
class DailyStatus:
    channel_id: int
    local_time: time
    timezone: str
    topic_id: str | None
    enabled: bool
    next_due_at: datetime | None  # UTC
    next_local: datetime | None  # the same instant on the server's wall clock
    last_sent_on: date | None
    last_sent_at: datetime | None
    last_message_id: int | None
    problem: str | None


class DailyService:
    def __init__(self, course: CourseService, repo: DailyRepository, clock: Clock, grace: timedelta,
                 rng: random.Random | None = None):
        self.course = course
        self.repo = repo
        self.clock = clock
        self.grace = grace
        self.rng = rng or random.Random()
        self.changed = asyncio.Event()  # set when a schedule changes, so the scheduler recomputes

    # -- moderators --

    def find_topic(self, typed: str | None, lang: str = "en") -> str | None:
        """The id of the topic a moderator typed (an id, or (part of) a title in either language), as every
        command resolves it; None for no topic."""
        return lookup.topic(self.course.catalog, typed, lang).id if typed is not None else None

    async def configure(self, guild_id: int, channel_id: int, local_time: str, timezone: str,
                        topic: str | None = None, lang: str = "en") -> DailyStatus:
        """`topic` is what was typed; `lang` names the entries when it fits several."""
        at, tz = rules.parse_time(local_time), rules.zone(timezone)
        topic = self.find_topic(topic, lang)
        rules.quote_pool(self.course.catalog.quotes.values(), topic)  # a topic without quotes is refused now
        now = self.clock.now()
        existing = await self.repo.get(guild_id)
        seed = existing.seed if existing else self.rng.getrandbits(62)
        taken = await self.repo.days_posted(guild_id, since=now.date() - timedelta(days=2))
        slot = rules.first_slot(at, tz, now, taken)
        await self.repo.save(guild_id=guild_id, channel_id=channel_id, local_time=at.strftime("%H:%M"),
                             timezone=tz.key, topic_id=topic, seed=seed, next_local_date=slot.local_date,
                             next_due_at=slot.due_at, now=now)
        self.changed.set()
        return await self.status(guild_id)

    async def turn_off(self, guild_id: int) -> None:
        if not await self.repo.disable(guild_id, self.clock.now()):
            raise DailyNotSet()
        self.changed.set()

    async def status(self, guild_id: int) -> DailyStatus:
        row = await self.repo.get(guild_id)
        if row is None:
            raise DailyNotSet()
        last = await self.repo.last_post(guild_id)
        problem = row.problem or (NO_QUOTES if row.enabled and not self._has_quotes(row.topic_id) else None)
        due = row.next_due_at if row.enabled and problem is None else None
        return DailyStatus(
            channel_id=row.channel_id, local_time=rules.parse_time(row.local_time), timezone=row.timezone,
            topic_id=row.topic_id, enabled=row.enabled, next_due_at=due,
            next_local=due.astimezone(ZoneInfo(row.timezone)) if due else None,
            last_sent_on=last.local_date if last else None, last_sent_at=last.sent_at if last else None,
            last_message_id=last.message_id if last else None, problem=problem)

    async def untold_problem(self, guild_id: int) -> str | None:
        """A problem that stopped this server's posts, returned once (for the next moderator to see)."""
        row = await self.repo.get(guild_id)
        if row is None or row.problem is None or row.problem_told:
            return None
        return row.problem if await self.repo.mark_problem_told(guild_id) else None

    async def preview(self, guild_id: int, topic: str | None = None, lang: str = "en") -> tuple[Quote, date]:
        """The quote the server's next post would show, and the day it is for (nothing is recorded)."""
        row = await self.repo.get(guild_id)
        topic = self.find_topic(topic, lang) or (row.topic_id if row else None)
        quote = self._choose(topic, await self.repo.history(guild_id), row.seed if row else guild_id)
        scheduled = row is not None and row.enabled and row.next_local_date is not None
        return quote, row.next_local_date if scheduled else self.clock.now().date()

    # -- the scheduler's side --

    async def next_wake(self, shards: Shards = ALL) -> datetime | None:
        return await self.repo.earliest_due(shards)

    async def run_due(self, poster: DailyPoster, batch: int = 100, shards: Shards = ALL) -> int:
        """Post every server of `shards` whose slot has come (the other servers are other processes' work);
        returns how many posts were made."""
        posted = 0
        while True:
            now = self.clock.now()
            rows = await self.repo.due(now, limit=batch, shards=shards)
            for row in rows:
                try:
                    posted += await self._post_one(row, poster, now)
                except Exception:  # noqa: BLE001 - one server's fault must not stop the others
                    log.exception("daily quote for server %s failed; retrying in %s", row.guild_id, RETRY)
                    await self.repo.set_next(row.guild_id, row.next_local_date, now + RETRY)
            if len(rows) < batch:
                return posted

    async def _post_one(self, row: ScheduleRow, poster: DailyPoster, now: datetime) -> int:
        at, tz, day = rules.parse_time(row.local_time), ZoneInfo(row.timezone), row.next_local_date
        slot = rules.Slot(day, rules.occurrence(day, at, tz))
        if rules.is_late(slot, now, self.grace):
            await self._advance(row, at, tz, now, also_skip=[day])
            return 0
        if not self._has_quotes(row.topic_id):
            # stopped until a moderator sets it again (told like the other problems), not retried
            await self.repo.set_problem(row.guild_id, NO_QUOTES, now)
            log.warning("daily quote stopped for server %s: no quotes left on its topic %r after a course"
                        " change (a moderator is told on their next /daily)", row.guild_id, row.topic_id)
            return 0
        claim, fresh = await self.repo.claim(row.guild_id, day, self._choose(
            row.topic_id, await self.repo.history(row.guild_id), row.seed).id, now)
        if claim.status != "claimed":  # already sent, skipped or failed: that day is done
            await self._advance(row, at, tz, now)
            return 0
        quote = self.course.catalog.quotes.get(claim.quote_id or "") or self._choose(row.topic_id, [], row.seed)
        post = DailyPost(row.guild_id, row.channel_id, day, quote, row.topic_id,
                         rules.post_nonce(row.guild_id, day), rules.post_marker(day))
        try:
            message_id = None if fresh else await poster.find(post, since=claim.claimed_at - timedelta(minutes=1))
            if message_id is None:
                message_id = await poster.send(post)
        except PostRefused as exc:
            await self.repo.finish(row.guild_id, day, status="failed", now=now, note=exc.reason)
            await self.repo.set_problem(row.guild_id, exc.reason, now)
            log.warning("daily quote stopped for server %s: %s (a moderator is told on their next /daily)",
                        row.guild_id, exc)
            return 0
        except PostFailed as exc:
            if now + RETRY <= slot.due_at + self.grace:
                log.warning("daily quote for server %s not confirmed (%s); retrying in %s", row.guild_id, exc, RETRY)
                await self.repo.set_next(row.guild_id, day, now + RETRY)
            else:
                log.warning("daily quote for server %s on %s given up: %s", row.guild_id, day, exc)
                await self.repo.finish(row.guild_id, day, status="failed", now=now, note=str(exc)[:200])
                await self._advance(row, at, tz, now)
            return 0
        await self.repo.finish(row.guild_id, day, status="sent", now=self.clock.now(), message_id=message_id)
        await self._advance(row, at, tz, now)
        return 1

    async def _advance(self, row: ScheduleRow, at: time, tz: ZoneInfo, now: datetime,
                       also_skip: list[date] | None = None) -> None:
        slot, missed = rules.slot_after(row.next_local_date, at, tz, now, self.grace)
        skipped = (also_skip or []) + missed
        if skipped:
            await self.repo.skip(row.guild_id, skipped, "the bot was down past the grace window", now)
            log.warning("daily quote for server %s skipped for %s (the bot was down past the %s grace window)",
                        row.guild_id, ", ".join(d.isoformat() for d in skipped[:3])
                        + (f" and {len(skipped) - 3} more" if len(skipped) > 3 else ""), self.grace)
        await self.repo.set_next(row.guild_id, slot.local_date, slot.due_at)

    def _has_quotes(self, topic: str | None) -> bool:
        try:
            rules.quote_pool(self.course.catalog.quotes.values(), topic)
        except NoQuotes:
            return False
        return True

    def _choose(self, topic: str | None, history: list[str], seed: int) -> Quote:
        """The next quote of the rotation; NoQuotes (with safe text) when there is none to choose."""
        quotes = self.course.catalog.quotes
        return quotes[rules.next_quote(rules.quote_pool(quotes.values(), topic), history, seed)]
