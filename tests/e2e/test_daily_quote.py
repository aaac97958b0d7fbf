"""The daily quote over the double, with the bot's clock set by TUTOR_CLOCK_START: it posts once at its
time in the server's language, late within the grace window after downtime, never twice after a
restart, and stops (telling the next moderator) when its channel is gone or its topic has no quotes left."""

from __future__ import annotations

import asyncio

import pytest

from tests.conftest import SHIPPED_COURSE
from tests.discord_double import Perm
from tests.e2e.conftest import eventually, fetch, running_world

pytestmark = [pytest.mark.slow, pytest.mark.asyncio(loop_scope="function")]


def daily_posts(world) -> list:
    return [m for m in world.double.messages(world.double.guild.channel_named("general"))
            if m.embeds and "·" in ((m.embeds[0].get("author") or {}).get("name") or "")]


async def restart_at(world, when: str) -> None:
    world.bot.extra_env["TUTOR_CLOCK_START"] = when
    await world.bot.restart(kill=True, timeout=30)
    await world.double.wait_for_sync(count=world.bot.starts, timeout=30)


async def settle(seconds: float = 2.0) -> None:
    await asyncio.sleep(seconds)


async def sent_at(database: str, day: str) -> str | None:
    rows = await fetch(database, "SELECT sent_at FROM daily_posts WHERE local_date = ?", day)
    return rows[0][0] if rows else None


async def test_daily_quote_on_time_late_once_and_stopped(tmp_path, database):
    async with running_world(tmp_path, TUTOR_DATABASE=database, TUTOR_CLOCK_START="2026-03-02T08:00:00Z") as world:
        double, mod = world.double, world.moderator
        general = double.guild.channel_named("general")

        it = await double.slash("daily set", {"channel": general, "time": "09:00", "timezone": "UTC"}, user=mod)
        reply = await it.reply()
        assert reply.ephemeral and "Next post: 2026-03-02 09:00 UTC" in reply.content, reply.content
        status = await (await double.slash("daily status", user=mod, locale="es-ES")).reply()
        assert "Próxima publicación: 2026-03-02 09:00 UTC" in status.content

        # Down until five seconds before the time: it waits, then posts at 09:00 in the server's language.
        double.guild.preferred_locale = "es-ES"
        await restart_at(world, "2026-03-02T08:59:55Z")
        await double.wait_until(lambda: daily_posts(world), timeout=30)
        (post,) = daily_posts(world)
        assert post.embeds[0]["author"]["name"] == "Cita del día · 2026-03-02"
        assert await eventually(lambda: sent_at(database, "2026-03-02")) >= "2026-03-02T09:00:00"
        ids = post.custom_ids
        assert any(i.startswith("l:") for i in ids) and any(i.startswith("lq:") for i in ids)

        # The buttons work for any member, in their own language, after a restart.
        learn = next(i for i in ids if i.startswith("l:"))
        reply = await (await double.click(post, learn, user=world.learner)).reply()
        assert reply.accepted and reply.ephemeral and reply.embeds

        # Restarted the same day: nothing more.
        await restart_at(world, "2026-03-02T09:30:00Z")
        await settle()
        assert len(daily_posts(world)) == 1

        # Down at 09:00 the next day, back at 12:00: within the six-hour grace, posted late, once.
        await restart_at(world, "2026-03-03T12:00:00Z")
        await double.wait_until(lambda: len(daily_posts(world)) == 2, timeout=30)
        await restart_at(world, "2026-03-03T12:00:10Z")
        await settle()
        assert [p.embeds[0]["author"]["name"] for p in daily_posts(world)] == [
            "Cita del día · 2026-03-02", "Cita del día · 2026-03-03"]
        # the rotation moved on: another quote (the title, who said it and where, may be the same for two)
        quotes = {(p.embeds[0]["title"], p.embeds[0]["description"]) for p in daily_posts(world)}
        assert len(quotes) == 2, quotes

        # The channel is deleted: the next post fails once, the schedule stops, a moderator is told.
        del double.guild.channels[general.id]
        await restart_at(world, "2026-03-04T08:59:58Z")
        await settle(4)
        assert [r for r in double.refusals if r[2].code == 10003]
        assert await sent_at(database, "2026-03-04") is None
        reply = await (await double.slash("daily preview", user=mod)).reply()
        assert reply.content.startswith("⚠️ The quote of the day has stopped: its channel was deleted")
        reply = await (await double.slash("daily preview", user=mod)).reply()
        assert not reply.content.startswith("⚠️")  # told once
        status = await (await double.slash("daily status", user=mod)).reply()
        assert "has stopped" in status.content
        assert world.bot.output().count("daily quote stopped for server") == 1

        # Setting it again in a channel where the bot may not post: saved, with a warning that says why.
        quiet = double.guild.add_channel("quiet")
        quiet.set_permissions(double.bot_user, deny=Perm.SEND_MESSAGES | Perm.EMBED_LINKS)
        await restart_at(world, "2026-03-04T10:00:00Z")  # the bot learns of the new channel on connecting
        options = {"channel": quiet, "time": "09:00", "timezone": "UTC"}
        reply = await (await double.slash("daily set", options, user=mod, locale="es-ES")).reply()
        assert "le falta Enviar mensajes, Insertar enlaces" in reply.content, reply.content
        assert "Próxima publicación: 2026-03-05 09:00 UTC" in reply.content
        double.assert_no_mass_mentions()


def empty_topic(world, topic: str, into: str) -> None:
    """Edit the bot's course so that `topic` has no quotes (they move to `into`); read at its next start."""
    for path in (world.content / "quotes").glob("*.yaml"):
        path.write_text(path.read_text().replace(f"topics: [{topic}]", f"topics: [{into}]"))


def restore_quotes(world) -> None:
    for path in (world.content / "quotes").glob("*.yaml"):
        path.write_text((SHIPPED_COURSE / "quotes" / path.name).read_text())


async def test_a_topic_without_quotes_is_refused_and_one_emptied_later_stops_once(tmp_path, database):
    async with running_world(tmp_path, TUTOR_DATABASE=database, TUTOR_CLOCK_START="2026-03-02T08:00:00Z") as world:
        double, mod = world.double, world.moderator
        general = double.guild.channel_named("general")
        options = {"channel": general, "time": "09:00", "timezone": "UTC", "topic": "cuba-1959"}
        empty_topic(world, "cuba-1959", "legacy")
        await restart_at(world, "2026-03-02T08:00:05Z")

        reply = await (await double.slash("daily set", options, user=mod)).reply()
        assert reply.ephemeral and reply.content.startswith("There are no quotes on the topic 'cuba-1959'"), \
            reply.content
        reply = await (await double.slash("daily set", options, user=mod, locale="es-ES")).reply()
        assert reply.content.startswith("En el curso no hay citas sobre el tema «cuba-1959»"), reply.content
        assert "There is no quote of the day" in (await (await double.slash("daily status", user=mod)).reply()).content

        restore_quotes(world)
        await restart_at(world, "2026-03-02T08:00:20Z")
        reply = await (await double.slash("daily set", options, user=mod)).reply()
        assert "Next post: 2026-03-02 09:00 UTC" in reply.content, reply.content

        # A course change leaves the topic without quotes: seen at once, before the post is due.
        empty_topic(world, "cuba-1959", "legacy")
        await restart_at(world, "2026-03-02T08:30:00Z")
        status = await (await double.slash("daily status", user=mod)).reply()
        assert "⚠️ The quote of the day has stopped: the course has no quotes left for it (topic: " in status.content
        assert "Next post" not in status.content
        preview = await (await double.slash("daily preview", user=mod, locale="es-ES")).reply()
        assert preview.ephemeral and preview.content.startswith("En el curso no hay citas sobre el tema «cuba-1959»")

        # At the time: nothing posted, one log line, no retry every five minutes.
        await restart_at(world, "2026-03-02T08:59:58Z")
        await settle(4)
        assert daily_posts(world) == [] and await sent_at(database, "2026-03-02") is None
        log = world.bot.output(since_start=True)
        assert log.count("daily quote stopped for server") == 1 and "Traceback" not in log, log
        preview = await (await double.slash("daily preview", {"topic": "legacy"}, user=mod)).reply()
        assert preview.content.startswith("⚠️ The quote of the day has stopped: the course has no quotes left")
        preview = await (await double.slash("daily preview", {"topic": "legacy"}, user=mod)).reply()
        assert not preview.content.startswith("⚠️")  # told once
        assert preview.embeds

        # The quotes come back: it stays stopped until a moderator sets it again, as for the other problems.
        restore_quotes(world)
        await restart_at(world, "2026-03-03T08:00:00Z")
        status = await (await double.slash("daily status", user=mod, locale="es-ES")).reply()
        assert "⚠️ La cita del día se ha detenido: el curso ya no tiene citas para ella" in status.content
        reply = await (await double.slash("daily set", options, user=mod)).reply()
        assert "Next post: 2026-03-03 09:00 UTC" in reply.content and "⚠️" not in reply.content
        await restart_at(world, "2026-03-03T08:59:58Z")
        await double.wait_until(lambda: daily_posts(world), timeout=30)
        assert not double.refusals, double.refusals
