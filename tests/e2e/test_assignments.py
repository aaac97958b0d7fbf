"""Assignments over the double, the bot's clock set by TUTOR_CLOCK_START, in English and Spanish: a moderator sets a
two-question quiz on a topic for a role, due the next day at 09:00 UTC (a learner's try and a bad due time are
refused); two learners with the role start it from /assignments (each told that the moderators see their
completion and score): one finishes it (one right, one wrong), the other answers one question and stops; the
finished learner's second start is refused with their result; /assign list counts who started and finished and
/assign results names them; a member without the role neither sees it nor may start it. The bot is down until
just before the day-before reminder, which comes once in the channel with the role's mention, and not again after
another restart. After the due time the moderator gets the summary by DM in their language, with the figures
worked out below, and a late start is refused as closed."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from bot.content import load_course
from tests.e2e.conftest import running_world
from tests.e2e.test_daily_quote import restart_at
from tests.e2e.test_quiz_messages import TOPIC, Player, ids, shown_item
from tests.e2e.test_self_rated_review import answer

pytestmark = [pytest.mark.slow, pytest.mark.asyncio(loop_scope="function")]

DUE = datetime(2026, 3, 3, 9, 0, tzinfo=UTC)
REMINDER = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
TEXT = {
    "en": {"set": "Assignment #1 is set: **", "visible": "visible to this server's moderators",
           "done": "Your first result, 1 of 2 right, is the one that counts; “Practise” in /assignments",
           "other_role": "not yours to take",
           "reminder": "Reminder: assignment #1 on **", "closed": "This assignment closed at",
           "title": "Assignment #1 is over: ", "finished": "Finished", "unfinished": "Started but not finished",
           "score": "1 of 2", "answered": "1 of 2 answered", "average": "Average score", "fifty": "50% (1.0 of 2",
           "hardest": "Hardest question", "missed": ": missed by 1 of 1", "empty": "You have no open assignments",
           "start": "Start #1", "go_on": "Go on with #1", "not_mod": "Only moderators",
           "bad_due": "'next friday' is not a due time", "listed": "2 started, 1 finished"},
    "es": {"set": "Tarea #1 asignada: **", "visible": "La moderación de este servidor ve si la terminas y tu nota",
           "done": "Tu primer resultado, 1 de 2 aciertos, es el que cuenta; «Practicar» en /tareas",
           "other_role": "no te toca hacerla",
           "reminder": "Recordatorio: la tarea #1 sobre **", "closed": "Esta tarea se cerró el",
           "title": "La tarea #1 ha terminado: ", "finished": "Terminada", "unfinished": "Empezada pero sin terminar",
           "score": "1 de 2", "answered": "1 de 2 respondidas", "average": "Nota media", "fifty": "50 % (1.0 de 2",
           "hardest": "Pregunta más difícil", "missed": ": la fallaron 1 de 1", "empty": "No tienes tareas abiertas",
           "start": "Empezar #1", "go_on": "Seguir con #1", "not_mod": "Solo los moderadores",
           "bad_due": "«next friday» no es una fecha de entrega", "listed": "2 la empezaron, 1 la terminaron"},
}


def fields(embed: dict) -> dict[str, str]:
    return {f["name"]: f["value"] for f in embed.get("fields", [])}


async def take(player: Player, catalog, marks: str):
    """/assignments, its Start, and the questions answered as `marks` says (r right, w wrong): the listing and the
    start's message."""
    double = player.double
    listing = await (await double.slash("assignments", user=player.user, locale=player.locale)).response_message()
    assert listing.ephemeral and "as:s:1" in ids(listing) and any(i.startswith("l:") for i in ids(listing))
    message = await (await double.click(listing, "as:s:1", user=player.user, locale=player.locale)
                     ).response_message()
    started = message
    for n, mark in enumerate(marks):
        await answer(player, message, shown_item(catalog, message.embeds[0], player.lang), right=mark == "r")
        message = player.now(message)
        if n + 1 < len(marks):
            (nxt,) = [i for i in ids(message) if i.startswith("q:n:")]
            await player.click(message, nxt)
            message = player.now(message)
    return listing, started


@pytest.mark.parametrize("lang", ["en", "es"])
async def test_an_assignment_is_taken_by_two_reminded_once_and_summarised(tmp_path, database, lang):
    other = "es" if lang == "en" else "en"
    async with running_world(tmp_path, TUTOR_DATABASE=database, TUTOR_CLOCK_START="2026-03-02T08:00:00Z") as world:
        double, catalog, text = world.double, load_course(world.content), TEXT[lang]
        guild, general = double.guild, double.guild.channel_named("general")
        guild.preferred_locale = "es-ES" if lang == "es" else "en-US"  # the reminder's language, from the restart
        klass = guild.add_role("Class")
        await double.dispatch("GUILD_ROLE_CREATE", {"guild_id": str(guild.id), "role": klass.payload()})
        first = Player(double, double.add_user(f"first-{lang}"), lang)
        second = Player(double, double.add_user(f"second-{lang}"), other)
        outsider = Player(double, double.add_user(f"outsider-{lang}"), lang)
        for player in (first, second):
            guild.add_member(player.user, roles=[klass])
        guild.add_member(outsider.user)
        mod_locale = first.locale

        # refused on the server side: a learner (the command opened to everyone by an admin), a bad due time
        options = {"topic": TOPIC, "due": "2026-03-03 09:00", "timezone": "UTC", "length": 2, "role": klass,
                   "channel": general}
        learner_try = await (await double.slash_unchecked("assign create", options, user=first.user,
                                                          locale=first.locale)).reply()
        assert learner_try.ephemeral and learner_try.content.startswith(text["not_mod"])
        bad = await (await double.slash("assign create", {**options, "due": "next friday"}, user=world.moderator,
                                        locale=first.locale)).reply()
        assert bad.ephemeral and text["bad_due"] in bad.content
        created = await (await double.slash(
            "assign create", {"topic": TOPIC, "due": "2026-03-03 09:00", "timezone": "UTC", "length": 2,
                              "role": klass, "channel": general}, user=world.moderator, locale=mod_locale)).reply()
        assert created.ephemeral and created.content.startswith(text["set"]), created.content
        assert f"<t:{int(DUE.timestamp())}:F>" in created.content and f"<t:{int(REMINDER.timestamp())}:F>" in \
            created.content and f"<@&{klass.id}>" in created.content

        listing, started = await take(first, catalog, "rw")
        assert started.ephemeral and text["visible"] in started.content
        await take(second, catalog, "w")
        again = await (await double.click(listing, "as:s:1", user=first.user, locale=first.locale)).reply()
        assert again.ephemeral and text["done"] in again.content
        open_ones = await (await double.slash("assign list", user=world.moderator, locale=mod_locale)).reply()
        assert open_ones.ephemeral and text["listed"] in open_ones.embeds[0]["description"]
        results = await (await double.slash("assign results", {"assignment": 1}, user=world.moderator,
                                            locale=mod_locale)).reply()
        assert fields(results.embeds[0])[text["finished"]] == f"<@{first.user.id}> · {text['score']}"
        nothing = await (await double.slash("assignments", user=outsider.user, locale=outsider.locale)
                         ).response_message()
        assert text["empty"] in nothing.embeds[0]["description"] and "as:s:1" not in ids(nothing)

        # down until five seconds before the reminder, a day before the due time: it comes once, in the channel
        await restart_at(world, "2026-03-02T08:59:55Z")

        def reminders():
            return [m for m in double.messages(general) if m.author is double.bot_user and m.source == "channel"]

        (reminder,) = await double.wait_until(reminders, timeout=30, what="the reminder")
        assert reminder.content.startswith(f"<@&{klass.id}> {text['reminder']}"), reminder.content
        assert [int(r) for r in reminder.allowed_mentions.get("roles", [])] == [klass.id]  # only the role pinged
        assert ids(reminder)[0] == "as:s:1"
        refused = await (await double.click(reminder, "as:s:1", user=outsider.user, locale=outsider.locale)).reply()
        assert refused.ephemeral and text["other_role"] in refused.content
        await restart_at(world, "2026-03-02T09:00:30Z")
        await asyncio.sleep(2)
        assert len(reminders()) == 1

        # past the due time: the summary, by DM, in the moderator's language
        await restart_at(world, "2026-03-03T08:59:58Z")
        (summary,) = await double.wait_until(lambda: double.dm_messages(world.moderator), timeout=30,
                                             what="the summary DM")
        embed = summary.embeds[0]
        assert embed["title"].startswith(text["title"])
        figures = fields(embed)
        assert figures[text["finished"]] == f"<@{first.user.id}> · {text['score']}"
        assert figures[text["unfinished"]] == f"<@{second.user.id}> · {text['answered']}"
        assert figures[text["average"]].startswith(text["fifty"])
        assert figures[text["hardest"]].endswith(text["missed"])  # the second question: missed by the only answer
        late = await (await double.click(reminder, "as:s:1", user=second.user, locale=second.locale)).reply()
        assert late.ephemeral and TEXT[other]["closed"] in late.content
        await asyncio.sleep(1)
        assert len(double.dm_messages(world.moderator)) == 1 and len(reminders()) == 1
