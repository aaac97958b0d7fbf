"""Every command, in English and in Spanish, answered in time and within Discord's limits."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.asyncio(loop_scope="module")]

LEARNER_COMMANDS = [
    ("help", None), ("topics", None), ("learn", {"topic": "revolution-1905"}), ("quote", None),
    ("quote", {"topic": "china-1927"}), ("glossary", {"term": "g-soviet-1905"}), ("timeline", None),
    ("timeline", {"topic": "revolution-1917"}), ("sources", None), ("quiz", {"length": 3}),
    ("review", None), ("progress", None), ("leaderboard", {"period": "all"}), ("mydata export", None),
    ("mydata leaderboard", {"visible": True}), ("mydata delete", None),
]


async def test_sync_registers_localized_commands(world):
    names = set(world.double.commands.names())
    assert {"help", "topics", "learn", "quote", "quiz", "review", "progress", "leaderboard", "glossary",
            "timeline", "sources", "mydata", "content"} <= names
    learn = world.double.commands.get("learn")
    assert learn["name_localizations"]["es-ES"] == "aprender"
    assert learn["name_localizations"]["es-419"] == "aprender"


@pytest.mark.parametrize("locale", ["en-US", "es-ES"])
@pytest.mark.parametrize("name, options", LEARNER_COMMANDS, ids=[f"{n}-{o}" for n, o in LEARNER_COMMANDS])
async def test_every_learner_command_answers(world, locale, name, options):
    it = await world.double.slash(name, options, locale=locale)
    reply = await it.reply()
    assert reply.accepted, it.describe()
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
