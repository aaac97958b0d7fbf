"""An item's note (its correction of a source) is shown to learners wherever the item is shown, in their language,
over the loopback Discord double: a quote's card (/quote, /learn's key quote, the daily quote), a question's
answer feedback (solo and group), a glossary term, a timeline event and /ask's answer. The fixture course has a
note on q-alpha, a-mc, g-alpha and t-one, and none on their neighbours."""

from __future__ import annotations

from datetime import date

import pytest

from bot.discord.cogs.ask import ask_message
from bot.discord.daily import daily_message
from bot.discord.group_quiz import group_results
from tests.discord.test_spanish_replies import wrong_click
from tests.e2e.test_quiz_flow import buttons
from tests.services.test_group_quiz import Channel, start
from tests.services.test_quiz_service import wrong_response

NOTES = {
    "en-US": {"title": "Note", "quote": "Source A dates it 1904; it was said in 1905.",
              "item": "Source A calls it the wrong one.", "term": "Source A calls it the second.",
              "event": "Source A puts it in 1904.", "prompt": "Which is right?", "alpha": "Alpha",
              "context": "Said in a test.", "ask": "the first letter"},
    "es-ES": {"title": "Nota", "quote": "La fuente A lo fecha en 1904; se dijo en 1905.",
              "item": "La fuente A la llama la incorrecta.", "term": "La fuente A la llama la segunda.",
              "event": "La fuente A lo sitúa en 1904.", "prompt": "¿Cuál es la correcta?", "alpha": "Alfa",
              "context": "Dicho en una prueba.", "ask": "la primera letra"},
}
LANG = {"en-US": "en", "es-ES": "es"}


def fields(embed) -> list[tuple[str, str]]:
    return [(f["name"], f["value"]) for f in embed.get("fields", [])]


@pytest.mark.parametrize("locale", NOTES)
async def test_a_quote_card_shows_its_note_after_its_context(bot_and_double, locale):
    _, double = bot_and_double
    words = NOTES[locale]
    reply = await (await double.slash("quote", {"topic": "alpha"}, locale=locale)).reply()
    shown = fields(reply.embeds[0])
    assert shown[-1] == (words["title"], words["quote"]) and shown[-2][1] == words["context"]
    beta = await (await double.slash("quote", {"topic": "beta"}, locale=locale)).reply()
    assert words["title"] not in [name for name, _ in fields(beta.embeds[0])]  # q-beta has no note


@pytest.mark.parametrize("locale", NOTES)
async def test_learn_shows_the_key_quotes_note_under_it(bot_and_double, locale):
    _, double = bot_and_double
    words = NOTES[locale]
    reply = await (await double.slash("learn", {"topic": "alpha"}, locale=locale)).reply()
    names = [name for name, _ in fields(reply.embeds[0])]
    assert fields(reply.embeds[0])[names.index(words["title"])] == (words["title"], words["quote"])
    assert names.index(words["title"]) == 1  # right after the key quote it corrects


@pytest.mark.parametrize("locale", NOTES)
async def test_a_glossary_term_and_a_timeline_event_show_their_notes(bot_and_double, locale):
    _, double = bot_and_double
    words = NOTES[locale]
    term = await (await double.slash("glossary", {"term": words["alpha"]}, locale=locale)).reply()
    assert fields(term.embeds[0]) == [(words["title"], words["term"])]
    timeline = await (await double.slash("timeline", locale=locale)).reply()
    one, two = fields(timeline.embeds[0])  # t-one (1905) first, t-two (1917-10) after
    assert one[1].endswith(f"\n**{words['title']}:** {words['event']}") and words["title"] not in two[1]


@pytest.mark.parametrize("locale", NOTES)
async def test_a_questions_feedback_shows_its_note_after_why(bot_and_double, locale):
    _, double = bot_and_double
    words = NOTES[locale]
    message = await (await double.slash("quiz", {"topic": "alpha", "length": 3}, locale=locale)).response_message()
    seen = {}
    for _ in range(3):
        await (await double.click(message, wrong_click(message), locale=locale)).reply()
        message = double.message(message.id)
        question, feedback = message.embeds
        seen[words["prompt"] in question["description"]] = fields(feedback)
        (nxt,) = [b["custom_id"] for b in buttons(message) if b["custom_id"].startswith("q:n:")]
        await (await double.click(message, nxt, locale=locale)).reply()
        message = double.message(message.id)
    assert seen[True][-1] == (words["title"], words["item"])  # a-mc, right after its explanation
    assert words["title"] not in [name for name, _ in seen[False]]  # a-tf and a-who have none


@pytest.mark.parametrize("locale", NOTES)
async def test_a_group_questions_results_show_its_note(app, clock, locale):
    words, lang, channel = NOTES[locale], LANG[locale], Channel()
    sid = await start(app, lang=lang, topic="alpha")
    results = {}
    for position in range(3):
        await app.group.step(sid, channel)
        view = channel.current()
        await app.quiz.answer(sid, position, 11, wrong_response(view), **channel.here())
        clock.advance(seconds=21)
        await app.group.step(sid, channel)
        result = channel.results[max(channel.questions)]
        results[result.question.item.id] = fields(group_results(result)[1].to_dict())
    assert (words["title"], words["item"]) in results.pop("a-mc")
    assert all(words["title"] not in [name for name, _ in shown] for shown in results.values())


@pytest.mark.parametrize("locale", NOTES)
async def test_the_daily_quote_and_ask_show_the_note(app, locale):
    words, lang, catalog = NOTES[locale], LANG[locale], app.course.catalog
    embed, _ = daily_message(catalog.quotes["q-alpha"], date(2026, 3, 2), lang, catalog, None)
    assert fields(embed.to_dict())[-1] == (words["title"], words["quote"])
    result = app.ask.ask(words["ask"], lang)
    assert result.best is not None and result.best.ref == "g-alpha"
    embed, _ = ask_message(result, lang, lambda topic: topic)
    assert (words["title"], words["term"]) in fields(embed.to_dict())
