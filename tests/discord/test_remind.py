"""/remind over the loopback Discord double, the real bot in this process on a fake clock (Monday 2026-03-02
09:00 UTC): what turning reminders on, off and asking their status say, in English and Spanish; the reminder's
"Start review" in the DM, only for its learner; a learner whose DMs are closed told once, after their next
command."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from bot.discord.reminders import DiscordReminderSender
from tests.services.test_quiz_service import wrong_response


def stamp(when: datetime, style: str) -> str:
    return f"<t:{int(when.timestamp())}:{style}>"


async def reply_to(double, command: str, options=None, **kwargs):
    return await (await double.slash(command, options, **kwargs)).reply()


@pytest.mark.parametrize(("locale", "lines"), [
    ("en-US", ["Review reminders are on: every day at 07:30 (Europe/Madrid), by direct message.",
               "Next: {F} ({R}).",
               "A direct message comes only when reviews are due at that time: on days with nothing due, nothing is "
               "sent. Keep your direct messages open to the bot, or they cannot reach you."]),
    ("es-ES", ["Los recordatorios de repaso están activados: cada día a las 07:30 (Europe/Madrid), por mensaje "
               "directo.",
               "Próximo: {F} ({R}).",
               "El mensaje directo llega solo si a esa hora tienes repasos pendientes: los días sin nada pendiente no "
               "se envía nada. Mantén abiertos tus mensajes directos al bot, o no podrán llegarte."]),
])
async def test_turning_reminders_on_says_when_the_next_one_comes(bot_and_double, locale, lines):
    _, double = bot_and_double
    reply = await reply_to(double, "remind on", {"time": "07:30", "timezone": "Europe/Madrid"}, locale=locale)
    # 07:30 in Madrid is 06:30 UTC in March, already past at 09:00: the next is Tuesday's
    tuesday = datetime(2026, 3, 3, 6, 30, tzinfo=UTC)
    expected = "\n".join(lines).format(F=stamp(tuesday, "F"), R=stamp(tuesday, "R"))
    assert reply.ephemeral and reply.content == expected
    status = await reply_to(double, "remind status", locale=locale)
    assert status.ephemeral and status.content == expected


async def test_the_default_time_and_the_zone_kept(bot_and_double):
    bot, double = bot_and_double
    await bot.app.learners.set_zone(double.user.id, "America/Mexico_City")
    reply = await reply_to(double, "remind on")
    assert reply.content.startswith("Review reminders are on: every day at 18:00 (America/Mexico_City)")
    assert stamp(datetime(2026, 3, 3, 0, 0, tzinfo=UTC), "F") in reply.content  # 18:00 in Mexico City today


async def test_off_and_status_before_and_after(bot_and_double):
    _, double = bot_and_double
    never = await reply_to(double, "remind status", locale="es-ES")
    assert never.ephemeral and never.content == (
        "Aún no has activado los recordatorios de repaso, así que no hay nada que desactivar ni mostrar. "
        "/recordatorios activar los activa.")
    assert (await reply_to(double, "remind off")).content.startswith("You have not turned review reminders on yet")
    await reply_to(double, "remind on", {"time": "21:00"})
    off = await reply_to(double, "remind off")
    assert off.ephemeral and off.content == "Review reminders are off. /remind on turns them on again."
    assert (await reply_to(double, "remind status")).content == off.content


async def test_a_time_that_is_no_time_is_refused(bot_and_double):
    _, double = bot_and_double
    reply = await reply_to(double, "remind on", {"time": "25:99"})
    assert reply.ephemeral and reply.content.startswith("'25:99' is not a time")


async def test_the_timezone_option_offers_zones_as_typed(bot_and_double):
    _, double = bot_and_double
    choices = await double.autocomplete("remind on", {"timezone": "buenos"}, focused="timezone")
    assert "America/Argentina/Buenos_Aires" in [c["value"] for c in choices]


async def miss_one(bot, user_id: int) -> None:
    """A question answered wrong at the clock's time: due again for review a minute later (FSRS's first step)."""
    view = await bot.app.quiz.start(user_id=user_id, lang="en", length=1, topic="alpha")
    await bot.app.quiz.answer(view.session_id, 0, user_id, wrong_response(view))


async def remind_due(bot, clock) -> int:
    """The reminders due ten minutes on, sent as the bot's scheduler sends them."""
    clock.advance(timedelta(minutes=10))
    return await bot.app.reminders.run_due(DiscordReminderSender(bot, lambda: bot.app.course.catalog))


async def test_start_review_in_the_dm_is_the_learners_review_and_only_theirs(bot_and_double, clock):
    bot, double = bot_and_double
    await reply_to(double, "remind on", {"time": "09:05", "timezone": "UTC"}, guild=None, locale="es-ES")
    await miss_one(bot, double.user.id)
    assert await remind_due(bot, clock) == 1
    (dm,) = double.dm_messages(double.user)  # in the language the learner turned reminders on in
    assert dm.content == "Hora de repasar: 1 repaso pendiente." and dm.embeds[0]["description"] == "• Tema alpha"

    other = double.add_user("bob")
    refused = await (await double.click(dm, f"rv:{double.user.id}", user=other)).reply()
    assert refused.ephemeral and refused.content == (
        "This reminder was sent to someone else. /review starts your own review.")
    review = await (await double.click(dm, f"rv:{double.user.id}", locale="es-ES")).response_message()
    assert review.ephemeral and review.guild_id is None and review.channel_id == dm.channel_id
    assert review.content.startswith("Este repaso") and review.embeds
    answer = next(c["custom_id"] for row in review.components for c in row["components"])
    assert (await (await double.click(review, answer)).reply()).accepted  # the quiz's buttons work in the DM


async def test_a_learner_whose_dms_are_closed_is_told_once_after_their_next_command(bot_and_double, clock):
    bot, double = bot_and_double
    quiet = double.add_user("quiet", dms_open=False)
    double.guild.add_member(quiet)
    await reply_to(double, "remind on", {"time": "09:05", "timezone": "UTC"}, user=quiet)
    await miss_one(bot, quiet.id)
    assert await remind_due(bot, clock) == 0
    assert [r.code for r in double.refused_dms(quiet)] == [50007]
    assert await remind_due(bot, clock) == 0 and len(double.refused_dms(quiet)) == 1  # stopped: no retry

    help_ = await double.slash("help", user=quiet, locale="es-ES")
    assert (await help_.reply()).embeds  # the command's own reply first
    (notice,) = await help_.followups()
    assert notice.ephemeral and notice.content.startswith("⚠️ Tus recordatorios de repaso se han detenido")
    assert "/recordatorios activar" in notice.content
    again = await double.slash("help", user=quiet)
    await again.reply()
    await asyncio.sleep(0.5)  # the first one's follow-up came well within this
    assert again.followup_ids == []
    status = await reply_to(double, "remind status", user=quiet)  # stopped until turned on again, and why
    assert status.content.startswith("⚠️ Your review reminders have stopped") and "Next:" not in status.content
