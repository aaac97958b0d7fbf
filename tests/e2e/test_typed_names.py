"""What a learner types into /glossary, /quiz, /learn and /timeline finds the entry (a title, part of it, in
either language, without accents), or asks which one; and the quiz and review replies say what they serve."""

from __future__ import annotations

import pytest

from tests.e2e.test_quiz_flow import answer_current, buttons

pytestmark = [pytest.mark.slow, pytest.mark.asyncio(loop_scope="module")]


def learner(world, name: str):
    user = world.double.add_user(name)
    world.double.guild.add_member(user)
    return user


@pytest.mark.parametrize("locale, term, title", [
    ("en-US", "soviet", "Soviet (St Petersburg Soviet, 1905)"),
    ("es-ES", "sóviet", "Sóviet (Sóviet de San Petersburgo, 1905)"),
    ("es-ES", "Doble poder", "Doble poder"),
])
async def test_glossary_finds_a_typed_term(world, locale, term, title):
    reply = await (await world.double.slash("glossary", {"term": term}, locale=locale)).reply()
    assert reply.embeds and reply.embeds[0]["title"].startswith(title), reply.content


@pytest.mark.parametrize("locale, expected", [("en-US", "which did you mean?"), ("es-ES", "¿cuál querías?")])
async def test_glossary_asks_which_when_a_name_fits_several(world, locale, expected):
    reply = await (await world.double.slash("glossary", {"term": "sovi"}, locale=locale)).reply()
    assert reply.ephemeral and expected in reply.content
    assert "\n• " in reply.content and ("Soviets (workers' councils)" in reply.content
                                        or "Sóviets (consejos obreros)" in reply.content)


@pytest.mark.parametrize("locale, topic, title", [
    ("en-US", "1905", "1905: the soviet"), ("es-ES", "desarrollo desigual", "Desarrollo desigual y combinado"),
])
async def test_learn_finds_a_typed_topic(world, locale, topic, title):
    reply = await (await world.double.slash("learn", {"topic": topic}, locale=locale)).reply()
    assert reply.embeds and title in reply.embeds[0]["title"], reply.content


async def test_quiz_finds_a_typed_topic(world):
    start = await world.double.slash("quiz", {"topic": "1917", "length": 3}, user=learner(world, "ana"))
    message = await start.response_message()
    assert "Question 1 of 3" in message.embeds[0]["title"], message.content


@pytest.mark.parametrize("locale, why", [
    ("en-US", "Questions in this quiz: 2 of the 20 asked, because that is all the course has on this topic at "
              "this difficulty."),
    ("es-ES", "Preguntas en este cuestionario: 2 de las 20 pedidas, porque es todo lo que tiene el curso sobre "
              "este tema con esta dificultad."),
])
async def test_a_quiz_shorter_than_asked_says_why(world, locale, why):
    start = await world.double.slash("quiz", {"topic": "revolution-1917", "difficulty": 3, "length": 20},
                                     user=learner(world, f"short-{locale}"), locale=locale)
    message = await start.response_message()
    assert message.content == why
    assert message.embeds[0]["title"].endswith(("1 of 2", "1 de 2"))


async def test_a_full_quiz_has_no_note(world):
    start = await world.double.slash("quiz", {"topic": "revolution-1905", "length": 3}, user=learner(world, "full"))
    assert not (await start.response_message()).content


@pytest.mark.parametrize("locale, expected", [
    ("en-US", "Nothing to review yet: take a /quiz first."),
    ("es-ES", "Aún no hay nada que repasar: haz primero un /cuestionario."),
])
async def test_a_new_learners_review_says_to_take_a_quiz_first(world, locale, expected):
    reply = await (await world.double.slash("review", user=learner(world, f"new-{locale}"), locale=locale)).reply()
    assert reply.ephemeral and reply.content.startswith(expected), reply.content
    assert "no questions matching" not in reply.content


async def test_timeline_of_a_topic_without_events_says_so(world):
    reply = await (await world.double.slash("timeline", {"topic": "uneven-combined"})).reply()
    assert reply.content.startswith("No dated events in the timeline for this topic yet: Uneven and combined")


async def test_review_says_what_it_serves_and_when_the_next_is_due(world):
    double, user = world.double, learner(world, "reviewer")
    start = await double.slash("quiz", {"topic": "revolution-1905", "length": 3}, user=user)
    message = await start.response_message()
    for _ in range(3):
        await answer_current(double, message, user)
        message = double.message(message.id)
        (nxt,) = [b for b in buttons(message) if b["custom_id"].startswith("q:n:")]
        await (await double.click(message, nxt["custom_id"], user=user)).reply()
        message = double.message(message.id)
    reply = await (await double.slash("review", user=user)).reply()
    if reply.embeds:  # something was missed: the weakest topic is served (nothing is due minutes later)
        assert reply.content.startswith("Nothing is due yet, so this review is on your weakest topic, ")
        assert "\nNext review due: <t:" in reply.content
    else:  # all three right: nothing to review, and when that changes
        assert reply.content.startswith("Nothing to review now: you got every question you have answered right")
        assert "The next review is due on 20" in reply.content


async def test_autocomplete_offers_first_what_a_typed_name_finds(world):
    choices = await world.double.autocomplete("glossary", {"term": "soviet"}, focused="term", locale="es-ES")
    assert choices[0] == {"name": "Sóviet (Sóviet de San Petersburgo, 1905)", "value": "g-soviet-1905"}
    assert "g-soviets-1917" in [c["value"] for c in choices]
    choices = await world.double.autocomplete("learn", {"topic": "1917"}, focused="topic")
    assert choices[0]["value"] == "revolution-1917"
