"""/mydata timezone over the double: without a zone it says days are counted in UTC and what for; a zone typed in
any case is set (offered by autocomplete), shown back, and from then on the learner's answers count for their own
day and /progress's "today" is theirs; an unknown name gets the time-zone hint; in Spanish too."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from tests.e2e.conftest import fetch
from tests.e2e.test_mydata import member, one_answer

pytestmark = [pytest.mark.slow, pytest.mark.asyncio(loop_scope="module")]


def far_zone() -> str:
    """A zone whose date is not UTC's now: 14 hours ahead from 10:00 UTC on, else 11 behind."""
    return "Pacific/Kiritimati" if datetime.now(UTC).hour >= 10 else "Pacific/Pago_Pago"


async def test_a_learner_sets_their_zone_and_their_day_follows_it(world):
    double = world.double
    learner = member(double, "nightowl")
    unset = await (await double.slash("mydata timezone", user=learner)).reply()
    assert unset.ephemeral and unset.content.startswith("Your days are counted in UTC: your streak and your day in"
                                                        " /progress"), unset.content
    assert "/remind" in unset.content

    zone = far_zone()
    offered = await double.autocomplete("mydata timezone", {"zone": zone.split("/")[1][:6].lower()},
                                        focused="zone", user=learner)
    assert zone in [c["value"] for c in offered]
    done = await (await double.slash("mydata timezone", {"zone": zone.lower()}, user=learner)).reply()
    assert done.ephemeral and done.content.startswith(f"Your time zone is now {zone}."), done.content
    assert await fetch(world.database, "SELECT timezone FROM learners WHERE user_id = ?", learner.id) == [(zone,)]
    shown = await (await double.slash("mydata timezone", user=learner)).reply()
    assert shown.content.startswith(f"Your time zone is {zone}: your streak"), shown.content

    before = datetime.now(ZoneInfo(zone)).date().isoformat()
    await one_answer(double, learner)
    after = datetime.now(ZoneInfo(zone)).date().isoformat()
    (day,) = await fetch(world.database, "SELECT day FROM activity_days WHERE user_id = ?", learner.id)
    assert day[0] in (before, after) and day[0] != datetime.now(UTC).date().isoformat()
    progress = await (await double.slash("progress", user=learner)).reply()
    assert f"Due by the end of today ({zone}): " in progress.embeds[0]["description"]

    refused = await (await double.slash("mydata timezone", {"zone": "Mars/Olympus"}, user=learner)).reply()
    assert refused.ephemeral and "'Mars/Olympus' is not a time zone" in refused.content
    assert await fetch(world.database, "SELECT timezone FROM learners WHERE user_id = ?", learner.id) == [(zone,)]
    double.assert_no_mass_mentions()


async def test_the_zone_setting_in_spanish(world):
    double = world.double
    learner = member(double, "lechuza")
    mydata = double.commands.get("mydata")
    (setting,) = [o for o in mydata["options"] if o["name"] == "timezone"]
    assert setting["name_localizations"]["es-ES"] == "zona-horaria"
    assert setting["description_localizations"]["es-ES"] == "Tu zona horaria: tu racha, tu día y tus recordatorios"
    assert setting["options"][0]["name_localizations"]["es-ES"] == "zona"
    done = await (await double.slash("mydata timezone", {"zone": "america/bogota"}, user=learner,
                                     locale="es-ES")).reply()
    assert done.content.startswith("Tu zona horaria es ahora America/Bogota."), done.content
    shown = await (await double.slash("mydata timezone", user=learner, locale="es-ES")).reply()
    assert shown.content.startswith("Tu zona horaria es America/Bogota: tu racha"), shown.content
    refused = await (await double.slash("mydata timezone", {"zone": "Madrid"}, user=learner, locale="es-ES")).reply()
    assert "«Madrid» no es una zona horaria" in refused.content
