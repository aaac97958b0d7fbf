"""A learner who changes their reminder time (/remind on) or zone (/mydata timezone) while their reminder is being
checked keeps their new choice: the check, which began with the old one, does not put back a time computed from
it (the change is made from inside the DM's send, as a command would land then). Turning reminders on again the
day a DM was refused is a retry of that day; a new zone after a DM given up on is not, and says so. Both engines,
injected clock."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, datetime

import pytest

from bot.services.posting import PostFailed
from bot.services.reminders import DMS_CLOSED, Reminder
from tests.services.test_reminders import USER, Inbox, at, miss


class ChangedDuringSend(Inbox):
    """The learner's command lands while their DM is on its way (once), before or after Discord took it."""

    def __init__(self, change: Callable[[], Awaitable[object]], *, fail: bool = False):
        super().__init__()
        self.change: Callable[[], Awaitable[object]] | None = change
        self.fail = fail

    async def send(self, reminder: Reminder) -> int:
        change, self.change = self.change, None
        if change is not None:
            await change()
            if self.fail:
                raise PostFailed("503 from Discord")
        return await super().send(reminder)


def new_choice(app, change: str) -> Callable[[], Awaitable[object]]:
    async def choose() -> None:
        if change == "time":
            await app.reminders.turn_on(USER, "20:00")  # /remind on 20:00
        else:
            await app.reminders.set_zone(USER, "America/New_York")  # /mydata timezone
    return choose


# the first check after the change: 2 March had its DM (or its claim) already, so the next day
NEXT = {"time": "2026-03-03T20:00:00+01:00", "zone": "2026-03-03T18:00:00-05:00"}


@pytest.mark.parametrize("change", ["time", "zone"])
async def test_a_time_or_zone_chosen_while_the_dm_is_sent_stands(app, clock, change):
    at(clock, "2026-03-02T10:00")
    await miss(app)
    await app.reminders.turn_on(USER, "18:00", "Europe/Madrid")
    inbox = ChangedDuringSend(new_choice(app, change))
    at(clock, "2026-03-02T18:00")
    assert await app.reminders.run_due(inbox) == 1
    status = await app.reminders.status(USER)
    assert status.next_local.isoformat() == NEXT[change]
    assert await app.reminders.next_wake() == datetime.fromisoformat(NEXT[change])
    at(clock, "2026-03-03T18:00")  # the old time on the old clock: nothing
    assert await app.reminders.run_due(inbox) == 0 and inbox.sends == 1
    clock.set(datetime.fromisoformat(NEXT[change]))
    assert await app.reminders.run_due(inbox) == 1
    assert inbox.days() == [date(2026, 3, 2), date(2026, 3, 3)]


async def test_a_time_chosen_during_a_failed_send_stands_over_the_retry(app, clock):
    at(clock, "2026-03-02T10:00")
    await miss(app)
    await app.reminders.turn_on(USER, "18:00", "Europe/Madrid")
    inbox = ChangedDuringSend(new_choice(app, "time"), fail=True)
    at(clock, "2026-03-02T18:00")
    assert await app.reminders.run_due(inbox) == 0  # Discord failed: the check would retry in five minutes
    # the learner chose 20:00 meanwhile and was told their next check (the day's DM was claimed already): it stands
    status = await app.reminders.status(USER)
    assert status.next_local.isoformat() == "2026-03-03T20:00:00+01:00"
    at(clock, "2026-03-02T18:05")
    assert await app.reminders.run_due(inbox) == 0 and inbox.messages == []


async def test_turning_reminders_on_again_the_day_the_dm_was_refused_sends_it_at_the_new_time(app, clock):
    """The closed-DM notice's advice, followed the same evening: open DMs, /remind on at a later time."""
    inbox = Inbox()
    at(clock, "2026-03-02T10:00")
    await miss(app)
    await app.reminders.turn_on(USER, "18:00", "Europe/Madrid")
    inbox.refuse = DMS_CLOSED
    at(clock, "2026-03-02T18:00")
    assert await app.reminders.run_due(inbox) == 0 and inbox.sends == 1
    inbox.refuse = None
    at(clock, "2026-03-02T19:00")
    status = await app.reminders.turn_on(USER, "20:00")
    assert status.next_local.isoformat() == "2026-03-02T20:00:00+01:00"  # what the reply promises: today
    at(clock, "2026-03-02T20:00")
    assert await app.reminders.run_due(inbox) == 1
    assert await app.reminders.run_due(inbox) == 0
    assert inbox.days() == [date(2026, 3, 2)]
    assert (await app.reminders.status(USER)).next_local.isoformat() == "2026-03-03T20:00:00+01:00"
    at(clock, "2026-03-02T23:00")
    assert await app.reminders.run_due(inbox) == 0 and inbox.days() == [date(2026, 3, 2)]


async def test_a_new_zone_after_a_dm_given_up_on_names_the_next_day_it_will_come(app, clock):
    """A DM given up on (Discord failing until the day's end) may have gone out: a new zone in which that day's
    time is still ahead does not promise it again, and the reply's next check is the day it really comes."""
    inbox = Inbox()
    at(clock, "2026-03-02T10:00")
    await miss(app)
    await app.reminders.turn_on(USER, "23:58", "Europe/Madrid")
    inbox.fail_before_send = 5
    at(clock, "2026-03-02T23:58")
    assert await app.reminders.run_due(inbox) == 0 and inbox.sends == 1  # no retry past the day's end
    at(clock, "2026-03-02T23:59")  # 17:59 in New York, where 23:58 of 2 March is still ahead
    await app.reminders.set_zone(USER, "America/New_York")
    status = await app.reminders.status(USER)
    assert status.next_local.isoformat() == "2026-03-03T23:58:00-05:00"
    assert await app.reminders.next_wake() == status.next_at
    inbox.fail_before_send = 0
    clock.set(status.next_at)
    assert await app.reminders.run_due(inbox) == 1 and inbox.days() == [date(2026, 3, 3)]
