"""/ask over the Discord double (issue 26, point 4), in English and Spanish: a quote between quotation marks
with the course's context outside them and the translation marked; a misspelt word searched as the course's
word, and said so; an off-topic question told the course does not cover it."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


async def ask(double, question: str, locale: str, name: str) -> dict:
    asker = double.add_user(name)  # the /ask budget is per user
    double.guild.add_member(asker)
    reply = await (await double.slash("ask", {"question": question}, user=asker, locale=locale)).reply()
    assert reply.ephemeral
    return reply.embeds[0]


async def test_ask_as_a_learner_would(bot_and_double):
    _, double = bot_and_double
    quote = await ask(double, "cita alfa", "es-ES", "ana")
    assert quote["description"] == "“La cita alfa.” *(traducción nuestra)*\n\nDicho en una prueba."
    quote = await ask(double, "the alpha quotation", "en-US", "bob")
    assert quote["description"] == "“The alpha quotation.”\n\nSaid in a test."

    term = await ask(double, "what is alpah", "en-US", "cy")
    assert term["title"] == "Alpha" and term["description"].endswith("*Searched for: alpah → alpha*")
    term = await ask(double, "¿qué es alffa?", "es-ES", "di")
    assert term["title"] == "Alfa" and term["description"].endswith("*Se buscó: alffa → alfa*")

    nothing = await ask(double, "pizza recipe", "en-US", "ed")
    assert nothing["description"].startswith("The course does not cover that")
    nothing = await ask(double, "receta de pizza", "es-ES", "flo")
    assert nothing["description"].startswith("El curso no trata eso")
