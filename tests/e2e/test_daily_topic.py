"""/daily set and /daily preview find the topic a moderator types as every other command does (a title in
either language, part of it, without accents, a letter off), ask which when it fits several, and say "not
found" with where to look when it fits none."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.asyncio(loop_scope="module")]


def options(world, topic: str) -> dict:
    return {"channel": world.double.guild.channel_named("general"), "time": "09:00", "timezone": "UTC",
            "topic": topic}


@pytest.mark.parametrize("locale, typed, shown", [
    ("en-US", "cuba", "topic: Cuba 1959: a revolution pushed beyond its first aim"),
    ("en-US", "Socialism in one country", "topic: Socialism in one country: Stalin against Trotsky"),
    ("es-ES", "socialismo en un pais", "tema: El socialismo en un solo país: Stalin frente a Trotsky"),
    ("es-ES", "internacionalsmo", "tema: Internacionalismo: por qué la revolución tenía que extenderse"),
])
async def test_daily_set_finds_a_typed_topic(world, locale, typed, shown):
    reply = await (await world.double.slash("daily set", options(world, typed), user=world.moderator,
                                            locale=locale)).reply()
    assert reply.ephemeral and shown in reply.content, reply.content
    status = await (await world.double.slash("daily status", user=world.moderator, locale=locale)).reply()
    assert shown in status.content


@pytest.mark.parametrize("locale, typed, asked, listed", [
    ("en-US", "Trotsky", "'Trotsky' fits more than one; which did you mean?",
     ("Trotsky's legacy: ", "Trotsky's method: ", "Socialism in one country: ")),
    ("es-ES", "revolucion", "«revolucion» coincide con más de uno; ¿cuál querías?",
     ("Cuba 1959: ", "Marx y Engels: ")),
])
async def test_daily_set_asks_which_topic_when_the_name_fits_several(world, locale, typed, asked, listed):
    reply = await (await world.double.slash("daily set", options(world, typed), user=world.moderator,
                                            locale=locale)).reply()
    assert reply.ephemeral and reply.content.startswith(asked), reply.content
    assert all(f"\n• {title}" in reply.content for title in listed), reply.content


@pytest.mark.parametrize("locale, said", [
    ("en-US", "No topic called 'pizza' in the course. Try autocomplete or /topics."),
    ("es-ES", "El curso no tiene ningún tema llamado «pizza». Prueba el autocompletado o /temas."),
])
async def test_daily_set_says_a_topic_it_cannot_find_is_not_found(world, locale, said):
    reply = await (await world.double.slash("daily set", options(world, "pizza"), user=world.moderator,
                                            locale=locale)).reply()
    assert reply.ephemeral and reply.content == said


@pytest.mark.parametrize("locale, typed", [("en-US", "China"), ("es-ES", "china")])
async def test_daily_preview_finds_a_typed_topic(world, locale, typed):
    message = await (await world.double.slash("daily preview", {"topic": typed}, user=world.moderator,
                                              locale=locale)).response_message()
    assert message.embeds, message.content
    assert "lq:china-1927" in message.custom_ids  # "Quiz me" on the topic asked for
