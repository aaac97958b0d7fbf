"""A learner's time zone: set from what they type (case forgiven), refused with a clear error when unknown,
cleared back to UTC, and gone with the rest of their settings when they delete their data."""

from __future__ import annotations

import pytest

from bot.domain.errors import BadTimezone

USER = 511


async def test_the_zone_a_learner_sets_is_the_zone_their_days_are_counted_in(app):
    assert (await app.learners.zone(USER)).key == "UTC"  # nothing set
    chosen = await app.learners.set_zone(USER, "america/argentina/buenos_aires")
    assert chosen.key == "America/Argentina/Buenos_Aires"
    assert (await app.learners.zone(USER)).key == "America/Argentina/Buenos_Aires"
    await app.learners.set_zone(USER, None)
    assert (await app.learners.zone(USER)).key == "UTC"


async def test_an_unknown_zone_is_refused_and_the_one_set_is_kept(app):
    await app.learners.set_zone(USER, "Europe/Madrid")
    with pytest.raises(BadTimezone):
        await app.learners.set_zone(USER, "Mars/Olympus")
    assert (await app.learners.zone(USER)).key == "Europe/Madrid"


async def test_deleting_their_data_forgets_their_zone(app):
    await app.learners.set_leaderboard_visible(USER, False)  # a choice a deletion keeps: the row stays
    await app.learners.set_zone(USER, "Asia/Tokyo")
    await app.learners.delete(USER)
    assert (await app.learners.zone(USER)).key == "UTC"
