"""A process of a cluster does a server's own work only for the servers of its shards: each server's daily
quote is posted by one process, and each running group quiz is taken up by one."""

from datetime import UTC, datetime

from bot.domain.shards import Shards, shard_of
from tests.services.test_daily_service import Channel
from tests.services.test_group_quiz import Channel as GroupChannel

# Real-looking server ids (snowflakes); the shard is (id >> 22) % count: GUILDS[n] is in shard n % 4 of 4.
GUILDS = [(250_000_000_000 + n) << 22 for n in range(8)]


async def test_each_servers_daily_quote_is_posted_by_the_process_of_its_shard(app, clock):
    clock.set(datetime(2026, 3, 2, 7, 0, tzinfo=UTC))
    for n, guild in enumerate(GUILDS):
        await app.daily.configure(guild, 9000 + n, "08:00", "UTC")
    clock.set(datetime(2026, 3, 2, 8, 0, tzinfo=UTC))
    first, second = Shards.of(2, [0]), Shards.of(2, [1])
    assert await app.daily.next_wake(first) == datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
    channels = {0: Channel(), 1: Channel()}
    assert await app.daily.run_due(channels[1], shards=second) == 4
    assert await app.daily.run_due(channels[0], shards=first) == 4
    for shard, channel in channels.items():
        posted = {m.guild_id for m in channel.messages}
        assert posted == {g for g in GUILDS if shard_of(g, 2) == shard}
    # once each: neither process posts again, and the whole cluster's schedule moved to tomorrow
    assert await app.daily.run_due(channels[0]) == 0
    assert await app.daily.next_wake(second) == datetime(2026, 3, 3, 8, 0, tzinfo=UTC)


async def test_a_process_sleeps_until_its_own_servers_next_post(app, clock):
    clock.set(datetime(2026, 3, 2, 7, 0, tzinfo=UTC))
    await app.daily.configure(GUILDS[0], 9000, "08:00", "UTC")  # shard 0 of 2
    await app.daily.configure(GUILDS[1], 9001, "10:00", "UTC")  # shard 1 of 2
    assert await app.daily.next_wake(Shards.of(2, [1])) == datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
    assert await app.daily.next_wake(Shards.of(2, [0])) == datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
    assert await app.daily.next_wake(Shards.of(4, [3])) is None  # no server of its own has a schedule


async def test_running_group_quizzes_are_taken_up_by_the_process_of_their_server(app, clock):
    started = {}
    for n, guild in enumerate(GUILDS[:4]):
        sid = await app.group.start(host_id=1, lang="en", guild_id=guild, channel_id=7000 + n, length=3,
                                    seconds=20)
        started[guild] = sid
        await app.group.step(sid, GroupChannel())
    for shard in (0, 1):
        mine = await app.group.running(Shards.of(2, [shard]))
        assert {sid for sid, _ in mine} == {started[g] for g in started if shard_of(g, 2) == shard}
    assert len(await app.group.running()) == 4  # one process with every shard takes up all of them
