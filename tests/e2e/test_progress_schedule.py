"""/progress after a quiz shows the review schedule (due now, by the end of the day, the next one as a Discord
timestamp) and attaches the four-week activity calendar with its alt text, in English and Spanish."""

from __future__ import annotations

import re

import pytest

from tests.e2e.test_quiz_flow import answer_current, buttons

pytestmark = [pytest.mark.slow, pytest.mark.asyncio(loop_scope="module")]


async def progress_with_charts(double, user, locale):
    it = await double.slash("progress", user=user, locale=locale)
    await it.reply()
    message = await it.response_message()  # the text at once, then the charts added to it
    return await double.wait_until(lambda: len(double.message(message.id).attachments) == 2
                                   and double.message(message.id), timeout=10, what="both progress charts")


async def test_progress_shows_the_schedule_and_the_activity_calendar(world):
    double, user = world.double, world.double.add_user("rosa")
    double.guild.add_member(user)
    start = await double.slash("quiz", {"topic": "revolution-1905", "length": 2}, user=user)
    message = await start.response_message()
    for _ in range(2):
        await answer_current(double, message, user)
        message = double.message(message.id)
        (nxt,) = [b for b in buttons(message) if b["custom_id"].startswith("q:n:")]
        await (await double.click(message, nxt["custom_id"], user=user)).reply()
        message = double.message(message.id)

    message = await progress_with_charts(double, user, "en-US")
    body = message.embeds[0]["description"]
    assert "Reviews due now: 0" in body  # FSRS's first step is a minute away at the soonest
    assert re.search(r"Due by the end of today \(UTC\): [0-2]", body), body
    assert re.search(r"Next review due: <t:\d+:R>", body), body
    (field,) = [f for f in message.embeds[0]["fields"] if f["name"] == "Last 4 weeks"]
    assert field["value"].startswith("Activity over the last 4 weeks: 1 active day, 2 answers and cards rated;"
                                     " most on ")
    charts = {a.filename: a for a in message.attachments}
    assert set(charts) == {"progress.png", "activity.png"}
    calendar = charts["activity.png"]
    assert calendar.data.startswith(b"\x89PNG")
    assert calendar.description.startswith("Calendar of answers and cards rated per day, 7 columns by 4 rows,"
                                           " today marked")
    assert calendar.description.endswith(field["value"])  # the image's alt text says what the text says
    assert message.embeds[1]["image"]["url"] == "attachment://activity.png"

    spanish = await progress_with_charts(double, user, "es-ES")
    assert "Repasos pendientes ahora: 0" in spanish.embeds[0]["description"]
    assert re.search(r"Próximo repaso: <t:\d+:R>", spanish.embeds[0]["description"])
    alt = {a.filename: a for a in spanish.attachments}["activity.png"].description
    assert alt.startswith("Calendario de respuestas y tarjetas valoradas por día")
    assert "1 día activo, 2 respuestas y tarjetas valoradas" in alt
    assert not double.refusals
