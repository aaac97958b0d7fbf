"""/flashcards over the loopback Discord double, in English and Spanish: the front with Show, the back with the
four ratings (each with how soon FSRS brings a new card back with it), a rating that moves the message on to the
next card and says when the rated one comes back, Stop; someone else's click, and a click on a card the deck has
moved on from, refused in a short ephemeral reply."""

from __future__ import annotations

import pytest

from bot.services.flashcards import CardView
from tests.e2e.test_quiz_flow import buttons

WORDS = {
    "en-US": {"show": "Show", "stop": "Stop", "report": "Report a problem", "term": "**Alpha**",
              "ratings": ["Again · 1 min", "Hard · 6 min", "Good · 10 min", "Easy · 8 d"],
              "ask": "*What does it mean?*", "deck": "Topic alpha · 0 due · 2 new", "meaning": "Meaning",
              "back": "The first letter.", "note": "Note", "term_note": "Source A calls it the second.",
              "quote_note": "Source A dates it 1904; it was said in 1905.", "quote": "“The alpha quotation.”",
              "said_by": "Said by",
              "speaker": "Speaker One, Work One (1905)", "rated": "Rated Good: due again <t:{}:R>.",
              "stopped": "Deck closed: 1 card rated.", "not_yours": "These flashcards belong to someone else.",
              "stale": "This card is no longer the one your deck shows"},
    "es-ES": {"show": "Mostrar", "stop": "Parar", "report": "Informar de un problema",
              "ratings": ["Otra vez · 1 min", "Difícil · 6 min", "Bien · 10 min", "Fácil · 8 d"],
              "term": "**Alfa**", "ask": "*¿Qué significa?*", "deck": "Tema alpha · pendientes: 0 · nuevas: 2",
              "meaning": "Significado", "back": "La primera letra.", "note": "Nota",
              "term_note": "La fuente A la llama la segunda.",
              "quote_note": "La fuente A lo fecha en 1904; se dijo en 1905.",
              "quote": "“La cita alfa.” (traducción nuestra)",
              "said_by": "Lo dijo", "speaker": "Speaker One, Work One (1905)",
              "rated": "Valorada como Bien: vuelve <t:{}:R>.", "stopped": "Mazo cerrado. Valoradas: 1 tarjeta.",
              "not_yours": "Estas tarjetas son de otra persona.", "stale": "Esta tarjeta ya no es la que muestra"},
}


def labelled(message) -> dict[str, str]:
    return {b["label"]: b["custom_id"] for b in buttons(message)}


@pytest.mark.parametrize("locale", WORDS)
async def test_a_deck_is_shown_turned_rated_and_stopped_by_its_learner_only(bot_and_double, locale):
    bot, double = bot_and_double
    words = WORDS[locale]
    it = await double.slash("flashcards", {"topic": "alpha"}, locale=locale)
    message = await it.response_message()
    assert message.ephemeral
    front = message.embeds[0]
    assert front["description"] == words["term"] + "\n\n" + words["ask"]
    assert front["footer"]["text"] == words["deck"] and list(labelled(message)) == [words["show"], words["stop"]]

    stranger = double.add_user(f"stranger-{locale}")
    refused = await (await double.click(message, labelled(message)[words["show"]], user=stranger,
                                        locale=locale)).reply()
    assert refused.ephemeral and refused.content.startswith(words["not_yours"])

    await (await double.click(message, labelled(message)[words["show"]], locale=locale)).reply()
    message = double.message(message.id)
    back = message.embeds[0]
    # the term's correction of a source on the back, after its meaning
    assert [(f["name"], f["value"]) for f in back["fields"]] == [(words["meaning"], words["back"]),
                                                                 (words["note"], words["term_note"])]
    assert list(labelled(message)) == [*words["ratings"], words["stop"], words["report"]]
    good = labelled(message)[words["ratings"][2]]
    refused = await (await double.click(message, good, user=stranger, locale=locale)).reply()
    assert refused.ephemeral and refused.content.startswith(words["not_yours"])

    rated_at = int(bot.app.clock.now().timestamp())
    await (await double.click(message, good, locale=locale)).reply()
    rated = double.message(message.id)
    assert rated.content == words["rated"].format(rated_at + 600)  # Good on a new card: FSRS's 10-minute step
    assert rated.embeds[0]["description"].startswith(words["quote"])  # the next card: the quote, speaker hidden
    assert words["speaker"] not in str(rated.embeds[0])
    # a second deck (the whole course) opens on the same card: turned, it names the speaker; rated, it moves on
    other = await (await double.slash("flashcards", locale=locale)).response_message()
    await (await double.click(other, labelled(other)[words["show"]], locale=locale)).reply()
    turned = double.message(other.id)
    assert (turned.embeds[0]["fields"][0]["name"], turned.embeds[0]["fields"][0]["value"]) == (
        words["said_by"], words["speaker"])
    assert (turned.embeds[0]["fields"][-1]["name"], turned.embeds[0]["fields"][-1]["value"]) == (
        words["note"], words["quote_note"])
    await (await double.click(turned, labelled(turned)[words["ratings"][2]], locale=locale)).reply()
    # the first message's card is no longer the deck's
    stale = await (await double.click(rated, labelled(rated)[words["show"]], locale=locale)).reply()
    assert stale.ephemeral and stale.content.startswith(words["stale"])
    other = double.message(other.id)
    await (await double.click(other, labelled(other)[words["stop"]], locale=locale)).reply()
    stopped = double.message(other.id)
    assert stopped.embeds[0]["description"].startswith(words["stopped"]) and buttons(stopped) == []


@pytest.mark.parametrize("locale, field", [
    ("en-US", ("Flashcards", "0 of 4 learned, 0 due now.")),
    ("es-ES", ("Tarjetas", "0 de 4 aprendidas; pendientes ahora: 0.")),
])
async def test_progress_shows_flashcards_on_a_line_of_their_own(bot_and_double, locale, field):
    """Rated Good once, a card is in FSRS's learning steps: seen, not learned, not due; and no review is due."""
    bot, double = bot_and_double
    user = double.user.id
    view = await bot.app.flashcards.open(user, "en")
    await bot.app.flashcards.rate(user, user, view.card_id, 3)
    reply = await (await double.slash("progress", locale=locale)).reply()
    embed = reply.embeds[0]
    assert [(f["name"], f["value"]) for f in embed["fields"]][0] == field  # before "where to begin"
    assert ("0 reviews due" if locale == "en-US" else "0 repasos pendientes") in embed["description"]


async def test_a_deck_with_nothing_due_says_when_the_next_card_is(bot_and_double):
    bot, double = bot_and_double
    user, app = double.user.id, bot.app
    shown = await app.flashcards.open(user, "en", "alpha")
    while isinstance(shown, CardView):
        shown = (await app.flashcards.rate(user, user, shown.card_id, 4)).next  # Easy: days away
    message = await (await double.slash("flashcards", {"topic": "alpha"})).response_message()
    embed = message.embeds[0]
    first_due = int(shown.next_due.timestamp())  # the first of the two Easy cards: 8 days away
    assert embed["title"] == "Nothing more due"
    assert embed["description"] == ("You have seen every card: come back when they fall due.\n"
                                    f"Next card due: <t:{first_due}:R>.")
    assert message.ephemeral and buttons(message) == []
