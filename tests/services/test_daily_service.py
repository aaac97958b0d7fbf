"""The daily quote with an injected clock: timing, exactly-once, grace, DST, rotation and problems."""

import logging
import random
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.app import build_app
from bot.domain.clock import FakeClock
from bot.domain.errors import BadTime, BadTimezone, DailyNotSet, NoQuotesOnTopic, NotFound
from bot.i18n import error_text
from bot.services.daily import DailyPost
from bot.services.posting import PostFailed, PostRefused
from tests.conftest import SHIPPED_COURSE, make_settings

GUILD, CHANNEL = 500, 600
MADRID = ZoneInfo("Europe/Madrid")


class Channel:
    """Our own stand-in for the Discord adapter's poster: it keeps the messages it was asked to post."""

    def __init__(self):
        self.messages: list[DailyPost] = []
        self.sends = 0
        self.finds = 0
        self.refuse: str | None = None
        self.fail_before_send = 0  # outages: nothing posted
        self.fail_after_send = 0  # timeouts: posted, but the answer was lost

    async def send(self, post: DailyPost) -> int:
        self.sends += 1
        if self.refuse:
            raise PostRefused(self.refuse)
        if self.fail_before_send:
            self.fail_before_send -= 1
            raise PostFailed("503 from Discord")
        self.messages.append(post)
        if self.fail_after_send:
            self.fail_after_send -= 1
            raise PostFailed("timed out")
        return len(self.messages)

    async def find(self, post: DailyPost, since: datetime) -> int | None:
        self.finds += 1
        for number, message in enumerate(self.messages, 1):
            if message.channel_id == post.channel_id and message.marker == post.marker:
                return number
        return None

    def days(self, guild: int = GUILD) -> list[date]:
        return [m.local_date for m in self.messages if m.guild_id == guild]


@pytest.fixture
def channel() -> Channel:
    return Channel()


def at(clock: FakeClock, local: str, tz: ZoneInfo = MADRID) -> None:
    clock.set(datetime.fromisoformat(local).replace(tzinfo=tz).astimezone(UTC))


async def test_posts_once_at_the_local_time(app, clock, channel):
    at(clock, "2026-03-02T08:00")
    status = await app.daily.configure(GUILD, CHANNEL, "09:00", "Europe/Madrid")
    assert status.next_local.isoformat() == "2026-03-02T09:00:00+01:00"
    assert status.next_due_at == datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
    at(clock, "2026-03-02T08:59:59")
    assert await app.daily.run_due(channel) == 0
    at(clock, "2026-03-02T09:00")
    assert await app.daily.run_due(channel) == 1
    assert await app.daily.run_due(channel) == 0
    assert channel.days() == [date(2026, 3, 2)]
    status = await app.daily.status(GUILD)
    assert status.last_sent_on == date(2026, 3, 2) and status.last_message_id == 1
    assert status.next_local.isoformat() == "2026-03-03T09:00:00+01:00"


async def test_a_restart_after_the_post_does_not_post_again(app, clock, channel, tmp_path, course_copy,
                                                            database_target):
    at(clock, "2026-03-02T08:00")
    await app.daily.configure(GUILD, CHANNEL, "09:00", "Europe/Madrid")
    at(clock, "2026-03-02T09:00:30")
    await app.daily.run_due(channel)
    await app.close()
    again = await build_app(make_settings(tmp_path, course_copy, TUTOR_DATABASE=database_target), clock=clock,
                            rng=random.Random(1))
    try:
        at(clock, "2026-03-02T09:05")
        assert await again.daily.run_due(channel) == 0
        await again.daily.configure(GUILD, CHANNEL, "18:00", "Europe/Madrid")  # a later time the same day
        at(clock, "2026-03-02T18:00")
        assert await again.daily.run_due(channel) == 0
        assert channel.days() == [date(2026, 3, 2)]
        at(clock, "2026-03-03T18:00")
        assert await again.daily.run_due(channel) == 1
    finally:
        await again.close()


async def test_a_claim_left_by_a_crash_is_completed_without_a_duplicate(app, clock, channel):
    at(clock, "2026-03-02T08:00")
    await app.daily.configure(GUILD, CHANNEL, "09:00", "Europe/Madrid")
    at(clock, "2026-03-02T09:00")
    channel.fail_after_send = 1  # the post went out, the confirmation did not come back
    assert await app.daily.run_due(channel) == 0
    assert len(channel.messages) == 1
    clock.advance(minutes=5)
    assert await app.daily.run_due(channel) == 1  # found in the channel, recorded as sent
    assert len(channel.messages) == 1 and channel.finds == 1
    assert (await app.daily.status(GUILD)).last_sent_on == date(2026, 3, 2)


async def test_a_claim_that_never_reached_discord_is_posted_on_retry(app, clock, channel):
    at(clock, "2026-03-02T08:00")
    await app.daily.configure(GUILD, CHANNEL, "09:00", "Europe/Madrid")
    at(clock, "2026-03-02T09:00")
    channel.fail_before_send = 2
    await app.daily.run_due(channel)
    clock.advance(minutes=5)
    await app.daily.run_due(channel)
    assert channel.messages == []
    clock.advance(minutes=5)
    assert await app.daily.run_due(channel) == 1
    assert channel.days() == [date(2026, 3, 2)] and channel.sends == 3


async def test_a_crash_between_claim_and_send_is_posted_after_restart(app, clock, channel):
    at(clock, "2026-03-02T08:00")
    await app.daily.configure(GUILD, CHANNEL, "09:00", "Europe/Madrid")
    at(clock, "2026-03-02T09:00")
    await app.daily.repo.claim(GUILD, date(2026, 3, 2), "q-alpha", clock.now())  # then the process died
    clock.advance(minutes=20)
    assert await app.daily.run_due(channel) == 1
    assert [m.quote.id for m in channel.messages] == ["q-alpha"] and channel.finds == 1


async def test_down_at_the_time_posts_late_within_grace(app, clock, channel):
    at(clock, "2026-03-02T08:00")
    await app.daily.configure(GUILD, CHANNEL, "09:00", "Europe/Madrid")
    at(clock, "2026-03-02T14:59")  # down from 08:00 until 5 h 59 min after the time
    assert await app.daily.run_due(channel) == 1
    assert channel.days() == [date(2026, 3, 2)]


async def test_down_past_grace_skips_the_day_and_logs_it(app, clock, channel, caplog):
    at(clock, "2026-03-02T08:00")
    await app.daily.configure(GUILD, CHANNEL, "09:00", "Europe/Madrid")
    at(clock, "2026-03-04T15:01")  # the 2nd and 3rd are long gone; the 4th is 6 h 1 min late
    with caplog.at_level(logging.WARNING, logger="bot.services.daily"):
        assert await app.daily.run_due(channel) == 0
    assert channel.messages == []
    assert "skipped for 2026-03-02, 2026-03-03, 2026-03-04" in caplog.text
    assert (await app.daily.status(GUILD)).next_local.isoformat() == "2026-03-05T09:00:00+01:00"
    assert (await app.daily.repo.post(GUILD, date(2026, 3, 3))).status == "skipped"


async def test_grace_is_a_setting(tmp_path, course_copy, clock, channel):
    app = await build_app(make_settings(tmp_path, course_copy, TUTOR_DAILY_GRACE_HOURS="1"), clock=clock)
    try:
        at(clock, "2026-03-02T08:00")
        await app.daily.configure(GUILD, CHANNEL, "09:00", "Europe/Madrid")
        at(clock, "2026-03-02T10:01")
        assert await app.daily.run_due(channel) == 0
    finally:
        await app.close()


async def test_spring_forward_posts_once_at_the_next_valid_time(app, clock, channel):
    ny = ZoneInfo("America/New_York")
    at(clock, "2026-03-06T12:00", ny)
    await app.daily.configure(GUILD, CHANNEL, "02:30", "America/New_York")
    posted_at = []
    for _ in range(4 * 24 * 12):  # four days in five-minute steps
        if await app.daily.run_due(channel):
            posted_at.append(clock.now().astimezone(ny).strftime("%m-%d %H:%M %Z"))
        clock.advance(minutes=5)
    assert posted_at == ["03-07 02:30 EST", "03-08 03:00 EDT", "03-09 02:30 EDT", "03-10 02:30 EDT"]


async def test_fall_back_posts_once(app, clock, channel):
    ny = ZoneInfo("America/New_York")
    at(clock, "2026-10-31T12:00", ny)
    await app.daily.configure(GUILD, CHANNEL, "01:30", "America/New_York")
    posted_at = []
    for _ in range(3 * 24 * 12):
        if await app.daily.run_due(channel):
            posted_at.append(clock.now().astimezone(ny).strftime("%m-%d %H:%M %Z"))
        clock.advance(minutes=5)
    assert posted_at == ["11-01 01:30 EDT", "11-02 01:30 EST", "11-03 01:30 EST"]


async def test_rotation_over_the_shipped_course(tmp_path, clock, channel):
    app = await build_app(make_settings(tmp_path, SHIPPED_COURSE), clock=clock, rng=random.Random(3))
    try:
        quotes = app.course.catalog.quotes
        at(clock, "2026-03-02T08:00")
        for guild in (1, 2):
            await app.daily.configure(guild, guild * 10, "09:00", "Europe/Madrid")
        at(clock, "2026-03-02T09:00")
        for _ in range(len(quotes) + 5):
            assert await app.daily.run_due(channel) == 2
            clock.advance(days=1)
        shown = {g: [m.quote.id for m in channel.messages if m.guild_id == g] for g in (1, 2)}
        for ids in shown.values():
            assert sorted(ids[:len(quotes)]) == sorted(quotes)  # every quote once before any repeats
        assert shown[1] != shown[2]
        topic = "china-1927"
        await app.daily.configure(1, 10, "09:00", "Europe/Madrid", topic=topic)
        channel.messages.clear()
        for _ in range(4):
            await app.daily.run_due(channel)
            clock.advance(days=1)
        on_topic = [m.quote.id for m in channel.messages if m.guild_id == 1]
        assert len(on_topic) >= 3 and set(on_topic) <= {q.id for q in app.course.catalog.quotes_for(topic)}
    finally:
        await app.close()


async def test_preview_shows_the_next_post_and_records_nothing(app, clock, channel):
    at(clock, "2026-03-02T08:00")
    await app.daily.configure(GUILD, CHANNEL, "09:00", "Europe/Madrid")
    preview, day = await app.daily.preview(GUILD)
    assert await app.daily.preview(GUILD) == (preview, day) and day == date(2026, 3, 2)
    at(clock, "2026-03-02T09:00")
    await app.daily.run_due(channel)
    assert channel.messages[0].quote == preview
    assert (await app.daily.preview(GUILD)) == (next(q for q in app.course.catalog.quotes.values() if q != preview),
                                                date(2026, 3, 3))  # the fixture has two quotes: the other comes next


async def test_a_deleted_channel_stops_the_schedule_and_tells_a_moderator_once(app, clock, channel, caplog):
    at(clock, "2026-03-02T08:00")
    await app.daily.configure(GUILD, CHANNEL, "09:00", "Europe/Madrid")
    channel.refuse = "channel_gone"
    at(clock, "2026-03-02T09:00")
    with caplog.at_level(logging.WARNING, logger="bot.services.daily"):
        for _ in range(5):
            await app.daily.run_due(channel)
            clock.advance(days=1)
    assert channel.sends == 1  # stopped trying
    assert len([r for r in caplog.records if "stopped" in r.message]) == 1
    status = await app.daily.status(GUILD)
    assert status.problem == "channel_gone" and status.next_due_at is None
    assert await app.daily.untold_problem(GUILD) == "channel_gone"
    assert await app.daily.untold_problem(GUILD) is None
    assert await app.daily.next_wake() is None
    channel.refuse = None
    status = await app.daily.configure(GUILD, CHANNEL + 1, "09:00", "Europe/Madrid")  # a new channel
    assert status.problem is None
    clock.advance(days=1)
    assert await app.daily.run_due(channel) == 1


async def test_off_stops_posting_and_set_starts_again(app, clock, channel):
    at(clock, "2026-03-02T08:00")
    await app.daily.configure(GUILD, CHANNEL, "09:00", "Europe/Madrid")
    await app.daily.turn_off(GUILD)
    at(clock, "2026-03-02T09:00")
    assert await app.daily.run_due(channel) == 0
    assert (await app.daily.status(GUILD)).enabled is False
    with pytest.raises(DailyNotSet):
        await app.daily.turn_off(GUILD)
    with pytest.raises(DailyNotSet):
        await app.daily.status(GUILD + 1)


async def test_bad_options_are_refused_and_nothing_is_saved(app):
    with pytest.raises(BadTime):
        await app.daily.configure(GUILD, CHANNEL, "25:00", "Europe/Madrid")
    with pytest.raises(BadTimezone):
        await app.daily.configure(GUILD, CHANNEL, "09:00", "Madrid")
    with pytest.raises(NotFound):
        await app.daily.configure(GUILD, CHANNEL, "09:00", "Europe/Madrid", topic="nope")
    with pytest.raises(DailyNotSet):
        await app.daily.status(GUILD)


async def test_one_broken_server_does_not_stop_the_others(app, clock, channel, caplog):
    at(clock, "2026-03-02T08:00")
    for guild in (1, 2):
        await app.daily.configure(guild, guild, "09:00", "Europe/Madrid")
    real_send = channel.send

    async def send(post):
        if post.guild_id == 1:
            raise RuntimeError("a bug")
        return await real_send(post)
    channel.send = send
    at(clock, "2026-03-02T09:00")
    with caplog.at_level(logging.ERROR):
        assert await app.daily.run_due(channel) == 1
    assert "server 1 failed" in caplog.text
    assert (await app.daily.next_wake()) == clock.now() + timedelta(minutes=5)


def move_quotes(course, from_topic: str, to_topic: str) -> None:
    """Edit the course copy so that `from_topic` has no quotes left (they move to `to_topic`)."""
    path = course / "quotes" / "quotes.yaml"
    path.write_text(path.read_text().replace(f"topics: [{from_topic}]", f"topics: [{to_topic}]"))


async def test_a_topic_without_quotes_is_refused_at_set(app, course_copy):
    move_quotes(course_copy, "beta", "alpha")
    assert (await app.course.reload()).ok
    with pytest.raises(NoQuotesOnTopic) as refused:
        await app.daily.configure(GUILD, CHANNEL, "09:00", "Europe/Madrid", topic="beta")
    assert error_text(refused.value, "en") == (
        "There are no quotes on the topic 'beta' in the course, so the quote of the day cannot use it."
        " Choose another topic, or none for quotes from the whole course.")
    assert "no hay citas sobre el tema «beta»" in error_text(refused.value, "es")
    with pytest.raises(DailyNotSet):
        await app.daily.status(GUILD)  # nothing was saved
    assert (await app.daily.configure(GUILD, CHANNEL, "09:00", "Europe/Madrid", topic="alpha")).problem is None


async def test_a_pool_emptied_by_a_reload_stops_the_posts_once_until_set_again(app, clock, channel, course_copy,
                                                                             caplog):
    at(clock, "2026-03-02T08:00")
    await app.daily.configure(GUILD, CHANNEL, "09:00", "Europe/Madrid", topic="beta")
    move_quotes(course_copy, "beta", "alpha")
    assert (await app.daily.status(GUILD)).problem is None
    assert (await app.course.reload()).ok
    status = await app.daily.status(GUILD)  # seen at once, before the post is due
    assert status.problem == "no_quotes" and status.next_due_at is None
    with pytest.raises(NoQuotesOnTopic):
        await app.daily.preview(GUILD)
    at(clock, "2026-03-02T09:00")
    with caplog.at_level(logging.INFO, logger="bot.services.daily"):
        for _ in range(3 * 24 * 12):  # three days in five-minute steps
            assert await app.daily.run_due(channel) == 0
            clock.advance(minutes=5)
    assert channel.sends == 0 and channel.finds == 0
    assert [r.levelname for r in caplog.records] == ["WARNING"], caplog.text  # one line, no retries
    assert "no quotes" in caplog.text
    assert await app.daily.next_wake() is None
    assert await app.daily.untold_problem(GUILD) == "no_quotes"
    assert await app.daily.untold_problem(GUILD) is None

    move_quotes(course_copy, "alpha", "beta")  # a later reload brings quotes back: still stopped until set
    assert (await app.course.reload()).ok
    assert (await app.daily.status(GUILD)).problem == "no_quotes"
    clock.advance(days=1)
    assert await app.daily.run_due(channel) == 0 and channel.sends == 0
    status = await app.daily.configure(GUILD, CHANNEL, "09:00", "Europe/Madrid", topic="beta")
    assert status.problem is None and status.next_due_at is not None
    at(clock, status.next_local.replace(tzinfo=None).isoformat())
    assert await app.daily.run_due(channel) == 1
    assert [m.quote.topics for m in channel.messages] == [["beta"]]

