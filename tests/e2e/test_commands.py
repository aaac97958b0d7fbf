"""Every command, in English and in Spanish, answered in time and within Discord's limits."""

from __future__ import annotations

import pytest

from tests.discord_double import Perm

pytestmark = [pytest.mark.slow, pytest.mark.asyncio(loop_scope="module")]

LEARNER_COMMANDS = [
    ("help", None), ("topics", None), ("learn", {"topic": "revolution-1905"}), ("quote", None),
    ("quote", {"topic": "china-1927"}), ("glossary", {"term": "g-soviet-1905"}), ("timeline", None),
    ("timeline", {"topic": "revolution-1917"}), ("sources", None), ("quiz", {"length": 3}),
    ("review", None), ("progress", None), ("leaderboard", {"period": "all"}), ("mydata export", None),
    ("remind status", None), ("flashcards", None), ("mydata timezone", None),
    ("mydata leaderboard", {"visible": True}), ("mydata delete", None),
    ("ask", {"question": "permanent revolution"}), ("ask", {"question": "pizza"}),
]


async def test_sync_registers_localized_commands(world):
    names = set(world.double.commands.names())
    assert {"help", "topics", "learn", "quote", "quiz", "review", "progress", "leaderboard", "glossary",
            "timeline", "sources", "mydata", "content", "daily", "ask"} <= names
    learn = world.double.commands.get("learn")
    assert learn["name_localizations"]["es-ES"] == "aprender"
    assert learn["name_localizations"]["es-419"] == "aprender"


NOT_IN_HELP = {"help", "content", "daily", "config", "assign", "class"}  # itself, and the moderators' commands


@pytest.mark.parametrize("locale", ["en-US", "es-ES"])
async def test_help_names_every_learner_command_in_the_learners_language(world, locale):
    reply = await (await world.double.slash("help", locale=locale)).reply()
    text = reply.embeds[0]["description"]
    for name in set(world.double.commands.names()) - NOT_IN_HELP:
        shown = world.double.commands.get(name)["name_localizations"].get(locale, name) if locale != "en-US" else name
        assert f"**/{shown}**" in text, (shown, text)
    assert ("Anki" in text) and (("time zone" in text) if locale == "en-US" else ("zona horaria" in text))


@pytest.mark.parametrize("locale", ["en-US", "es-ES"])
@pytest.mark.parametrize("name, options", LEARNER_COMMANDS, ids=[f"{n}-{o}" for n, o in LEARNER_COMMANDS])
async def test_every_learner_command_answers(world, locale, name, options):
    it = await world.double.slash(name, options, locale=locale)
    reply = await it.reply()
    assert reply.accepted, it.describe()
    if reply.type_name.startswith("DEFERRED"):  # "thinking…", then the answer (/mydata export's file)
        (reply,) = await it.followups()
    assert reply.embeds or reply.content
    if name == "help":
        expected = "Estudia el curso" if locale == "es-ES" else "Study the course"
        assert expected in reply.embeds[0]["description"]
    assert not world.double.refusals, world.double.refusals


@pytest.mark.parametrize("locale", ["en-US", "es-ES"])
@pytest.mark.parametrize("name", ["content status", "content reload"])
async def test_moderator_commands_answer(world, locale, name):
    it = await world.double.slash(name, user=world.moderator, locale=locale)
    reply = await it.reply()
    assert "moderators" not in (reply.content or "").lower()
    if name == "content status":
        assert ("Versión del curso" if locale == "es-ES" else "Course version") in reply.content
    else:
        (msg,) = await it.followups()
        assert ("Curso recargado" if locale == "es-ES" else "Course reloaded") in msg.content
    assert not world.double.refusals, world.double.refusals


async def test_autocomplete_topics_in_spanish(world):
    choices = await world.double.autocomplete("learn", {"topic": "china"}, focused="topic", locale="es-ES")
    assert choices and all(len(c["name"]) <= 100 for c in choices) and len(choices) <= 25
    assert any(c["value"] == "china-1927" for c in choices)


async def test_nothing_sent_can_ping_everyone_or_a_role(world):
    await world.double.slash("quote", {"speaker": "Leon Trotsky"})
    world.double.assert_no_mass_mentions()


DAILY_WORDS = {
    "en-US": ("The quote of the day is set.", "Every day at 07:30 (Europe/Madrid)", "Quote of the day ·",
              "The quote of the day is off", "Turned off"),
    "es-ES": ("La cita del día está programada.", "Cada día a las 07:30 (Europe/Madrid)", "Cita del día ·",
              "La cita del día está desactivada", "Desactivada"),
}


@pytest.mark.parametrize("locale", ["en-US", "es-ES"])
async def test_daily_commands_answer(world, locale):
    double, mod = world.double, world.moderator
    saved, where, header, off, is_off = DAILY_WORDS[locale]
    general = double.guild.channel_named("general")
    options = {"channel": general, "time": "7:30", "timezone": "europe/madrid", "topic": "cuba-1959"}
    reply = await (await double.slash("daily set", options, user=mod, locale=locale)).reply()
    assert reply.ephemeral and reply.content.startswith(saved) and where in reply.content, reply.content
    status = await (await double.slash("daily status", user=mod, locale=locale)).reply()
    assert where in status.content and "<t:" in status.content
    preview = await (await double.slash("daily preview", user=mod, locale=locale)).reply()
    assert preview.ephemeral and preview.embeds[0]["author"]["name"].startswith(header)
    reply = await (await double.slash("daily off", user=mod, locale=locale)).reply()
    assert reply.content.startswith(off)
    status = await (await double.slash("daily status", user=mod, locale=locale)).reply()
    assert is_off in status.content
    assert not double.refusals, double.refusals


async def test_daily_refuses_bad_input_and_non_moderators(world):
    double, mod = world.double, world.moderator
    general = double.guild.channel_named("general")
    reply = await (await double.slash("daily set", {"channel": general, "time": "25:00", "timezone": "UTC"},
                                      user=mod)).reply()
    assert reply.ephemeral and "'25:00' is not a time" in reply.content
    reply = await (await double.slash("daily set", {"channel": general, "time": "09:00", "timezone": "Madrid"},
                                      user=mod, locale="es-ES")).reply()
    assert reply.ephemeral and "«Madrid» no es una zona horaria" in reply.content
    reply = await (await double.slash_unchecked("daily off", user=double.user)).reply()
    assert reply.ephemeral and "Only moderators" in reply.content


async def test_time_zone_autocomplete(world):
    choices = await world.double.autocomplete("daily set", {"timezone": "buenos"}, focused="timezone",
                                              user=world.moderator)
    assert "America/Argentina/Buenos_Aires" in [c["value"] for c in choices]
    assert all("buenos" in c["value"].casefold() for c in choices)
    start = await world.double.autocomplete("daily set", {"timezone": ""}, focused="timezone", user=world.moderator)
    assert len(start) <= 25 and {"UTC", "Europe/Madrid", "America/Mexico_City"} <= {c["value"] for c in start}


@pytest.mark.parametrize("locale, started, title", [("en-US", "started a group quiz", "Question 1 of 1"),
                                                     ("es-ES", "empezó un cuestionario en grupo", "Pregunta 1 de 1")])
async def test_group_quiz_starts_in_both_languages(world, locale, started, title):
    double = world.double
    room = double.guild.add_channel(f"room-{locale}")
    host = double.add_user(f"host-{locale}")  # a learner of their own: the quiz cooldown is per user
    double.guild.add_member(host)
    options = {"mode": "group", "length": 1, "seconds": 10}
    reply = await (await double.slash("quiz", options, channel=room, user=host, locale=locale)).reply()
    assert not reply.ephemeral and started in reply.content
    posted = await double.wait_until(lambda: [m for m in double.messages(room) if m.source == "channel"])
    assert posted[0].embeds[0]["title"] == title


async def test_group_quiz_refused_where_the_bot_cannot_post(world):
    double = world.double
    closed = double.guild.add_channel("closed")
    closed.set_permissions(double.bot_user, deny=Perm.SEND_MESSAGES)
    host = double.add_user("host-closed")
    double.guild.add_member(host)
    reply = await (await double.slash("quiz", {"mode": "group"}, channel=closed, user=host)).reply()
    assert reply.ephemeral and "lacks Send Messages" in reply.content


async def test_ask_answers_in_the_askers_language_with_a_button_to_learn(world):
    double = world.double
    asker = double.add_user("asker")  # the /ask cooldown is per user
    double.guild.add_member(asker)
    it = await double.slash("ask", {"question": "revolucion permanente"}, user=asker, locale="es-ES")
    reply = await it.reply()
    assert reply.ephemeral and "permanente" in (reply.embeds[0]["title"] + reply.embeds[0]["description"]).lower()
    assert reply.embeds[0]["footer"]["text"].startswith(("Del tema", "Glosario", "Una cita", "Cronología"))
    (learn,) = [c for row in reply.components for c in row["components"]]
    message = await it.response_message()
    page = await (await double.click(message, learn["custom_id"], user=asker, locale="es-ES")).reply()
    assert page.embeds and page.embeds[0]["footer"]["text"].startswith("Página")
    nothing = await (await double.slash("ask", {"question": "pizza margherita"}, user=asker)).reply()
    assert nothing.embeds[0]["title"] == "Nothing in the course answers that yet"
    assert len([c for row in nothing.components for c in row["components"]]) == 3


async def test_a_moderator_role_set_by_an_admin(world):
    double, admin = world.double, world.moderator
    tutors = double.guild.add_role("Tutors", Perm.MEMBER_DEFAULT)
    await double.dispatch("GUILD_ROLE_CREATE", {"guild_id": str(double.guild.id), "role": tutors.payload()})
    tutor = double.add_user("tutor")
    double.guild.add_member(tutor, roles=[tutors])
    before = await (await double.slash_unchecked("content status", user=tutor)).reply()
    assert "Only moderators" in before.content

    reply = await (await double.slash("config modrole", {"role": tutors}, user=admin)).reply()
    assert reply.ephemeral and f"<@&{tutors.id}>" in reply.content and reply.content.startswith("Moderators here")
    status = await (await double.slash_unchecked("content status", user=tutor)).reply()
    assert "Course version" in status.content
    daily = await (await double.slash_unchecked("daily status", user=tutor)).reply()
    assert "Only moderators" not in daily.content
    escalate = await (await double.slash_unchecked("config modrole", user=tutor)).reply()
    assert "Only moderators" in escalate.content  # the role cannot change who moderates

    cleared = await (await double.slash("config modrole", user=admin, locale="es-ES")).reply()
    assert cleared.content.startswith("Ahora solo moderan")
    after = await (await double.slash_unchecked("content status", user=tutor)).reply()
    assert "Only moderators" in after.content
    double.assert_no_mass_mentions()


async def test_heavy_commands_have_a_per_user_cooldown_with_a_clear_message(world):
    double = world.double
    busy, other = double.add_user("busy"), double.add_user("other")
    for user in (busy, other):
        double.guild.add_member(user)
    replies = [await (await double.slash("progress", user=busy)).reply() for _ in range(6)]
    assert all(r.embeds for r in replies[:5])
    assert replies[5].ephemeral and replies[5].content.startswith("Easy there: try again in")
    spanish = await (await double.slash("progress", user=busy, locale="es-ES")).reply()
    assert spanish.content.startswith("Con calma")
    assert (await (await double.slash("progress", user=other)).reply()).embeds  # someone else is not held up


HOSTILE = ("@everyone <@&1234567890123456789> ```py\n**not bold**\n" + "x" * 6000)[:6000]


@pytest.mark.parametrize("locale", ["en-US", "es-ES"])
@pytest.mark.parametrize("name, option", [("learn", "topic"), ("glossary", "term"), ("quote", "speaker"),
                                          ("quote", "topic"), ("quiz", "topic"), ("timeline", "topic")])
async def test_a_huge_free_text_value_gets_a_short_refusal_that_echoes_an_excerpt(world, locale, name, option):
    double = world.double
    user = double.add_user(f"long-{name}-{option}-{locale}")  # the cooldowns are per user
    double.guild.add_member(user)
    refused = len(double.refusals)
    it = await double.slash(name, {option: HOSTILE}, user=user, locale=locale)
    reply = await it.reply()
    assert reply.ephemeral and 0 < len(reply.content) <= 2000, it.describe()
    assert "x" * 61 not in reply.content  # an excerpt, not the whole value
    assert "```" not in reply.content and "\n" not in reply.content
    assert "@everyone" not in reply.content and "<@&" not in reply.content
    assert len(double.refusals) == refused, double.refusals[refused:]


async def test_a_huge_time_zone_or_topic_for_the_daily_quote_gets_a_short_refusal(world):
    double, mod = world.double, world.moderator
    general = double.guild.channel_named("general")
    for options in ({"channel": general, "time": "09:00", "timezone": HOSTILE},
                    {"channel": general, "time": HOSTILE, "timezone": "UTC"},
                    {"channel": general, "time": "09:00", "timezone": "UTC", "topic": HOSTILE}):
        reply = await (await double.slash("daily set", options, user=mod)).reply()
        assert reply.ephemeral and len(reply.content) <= 2000 and "@everyone" not in reply.content, reply.content


def removed_command(double, name: str) -> None:
    """Discord's client still offers a command the bot no longer has (until it reloads the list)."""
    stored = double.commands.guild_commands.setdefault(double.guild.id, [])
    stored.append({"id": str(double.ids.next()), "application_id": str(double.application_id), "type": 1,
                   "name": name, "description": "gone", "options": [
                       {"type": 3, "name": "what", "description": "x", "autocomplete": True}]})


STALE = [
    ("crossword", None),  # a command the bot removed
    ("content", [{"type": 1, "name": "purge", "options": []}]),  # a subcommand it removed
    ("daily", []),  # a group called as a command, as before it had subcommands
    ("learn", []),  # a required option it did not have then
    ("quiz", [{"type": 3, "name": "length", "value": "five"}]),  # an option whose type changed
    ("topics", [{"type": 3, "name": "sort", "value": "a-z"}]),  # an option it no longer has
]


@pytest.mark.parametrize("locale, text", [("en-US", "This command was updated; try again in a moment."),
                                          ("es-ES", "Este comando se ha actualizado; vuelve a intentarlo")])
@pytest.mark.parametrize("name, options", STALE, ids=[n for n, _ in STALE])
async def test_an_out_of_date_command_is_asked_to_try_again_without_a_traceback(world, locale, text, name,
                                                                                 options):
    double = world.double
    if double.commands.get("crossword", double.guild.id) is None:
        removed_command(double, "crossword")
    before = len(world.bot.output())
    reply = await (await double.slash_unchecked(name, options if options is not None else [],
                                                user=world.moderator, locale=locale)).reply()
    assert reply.ephemeral and reply.content.startswith(text), reply.content
    log = world.bot.output()[before:]
    assert "Traceback" not in log and "unexpected error" not in log, log
    assert "out-of-date command" in log


async def test_an_out_of_date_command_gets_no_choices_rather_than_an_error(world):
    double = world.double
    if double.commands.get("crossword", double.guild.id) is None:
        removed_command(double, "crossword")
    refused = len(double.refusals)
    assert await double.autocomplete("crossword", {"what": "x"}, focused="what") == []
    assert len(double.refusals) == refused, double.refusals[refused:]
