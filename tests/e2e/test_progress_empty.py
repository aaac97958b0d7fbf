"""A learner with no answers yet asks for their progress: the reply says where to begin, in their language,
instead of a row of zeros and an empty chart."""

from __future__ import annotations

import asyncio

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.asyncio(loop_scope="module")]


@pytest.mark.parametrize("locale, title, text", [
    ("en-US", "Where to begin", "read a topic with /learn, then take its quiz with /quiz"),
    ("es-ES", "Por dónde empezar", "lee un tema con /aprender y luego haz su cuestionario con /cuestionario"),
])
async def test_progress_with_no_answers_says_where_to_begin(world, locale, title, text):
    double = world.double
    newcomer = double.add_user(f"newcomer-{locale}")
    double.guild.add_member(newcomer)
    it = await double.slash("progress", user=newcomer, locale=locale)
    reply = await it.reply()
    (field,) = reply.embeds[0]["fields"]
    assert field["name"] == title and text in field["value"]
    await asyncio.sleep(0.3)  # no chart follows
    assert not double.message((await it.response_message()).id).attachments
