"""/flashcards end to end: the real bot (`python -m bot`) over the loopback Discord double, with the shipped course,
in English and Spanish. A learner opens a topic's deck, turns its first card with Show, rates it Good, and the
message moves on to the next card, saying when the rated one comes back (FSRS's ten-minute step); someone else's
click on the deck is refused in a short ephemeral reply and changes nothing; Stop closes the deck."""

from __future__ import annotations

import re
import time

import pytest

from bot.content import load_course
from bot.domain.flashcards import TERM, deck
from bot.i18n.names import attribution
from tests.e2e.test_quiz_flow import buttons

pytestmark = [pytest.mark.slow, pytest.mark.asyncio(loop_scope="module")]

TOPIC = "revolution-1905"
WORDS = {
    "en": {"locale": "en-US", "show": "Show", "good": "Good", "stop": "Stop", "meaning": "Meaning",
           "said_by": "Said by", "rated": r"Rated Good: due again <t:(\d+):R>\.",
           "not_yours": "These flashcards belong to someone else.", "stopped": "Deck closed: 1 card rated."},
    "es": {"locale": "es-ES", "show": "Mostrar", "good": "Bien", "stop": "Parar", "meaning": "Significado",
           "said_by": "Lo dijo", "rated": r"Valorada como Bien: vuelve <t:(\d+):R>\.",
           "not_yours": "Estas tarjetas son de otra persona.", "stopped": "Mazo cerrado. Valoradas: 1 tarjeta."},
}


def labelled(message) -> dict[str, str]:
    """Each button's custom_id by its label, a rating's without how soon it brings the card back."""
    return {b["label"].split(" · ")[0]: b["custom_id"] for b in buttons(message)}


def front_text(card, lang: str) -> str:
    return card.entry.term.get(lang) if card.kind == TERM else card.entry.text_in(lang)[0]


def back_field(card, lang: str, words: dict) -> tuple[str, str]:
    if card.kind == TERM:
        return words["meaning"], card.entry.definition.get(lang)
    return words["said_by"], attribution(card.entry.speaker, card.entry.work, card.entry.year, lang)


@pytest.mark.parametrize("lang", ["en", "es"])
async def test_open_show_rate_next_card_and_a_stranger_refused(world, lang):
    double, words = world.double, WORDS[lang]
    first, second = deck(load_course(world.content), TOPIC)[:2]
    learner, stranger = double.add_user(f"cards-{lang}"), double.add_user(f"stranger-{lang}")
    for user in (learner, stranger):
        double.guild.add_member(user)

    it = await double.slash("flashcards", {"topic": TOPIC}, user=learner, locale=words["locale"])
    message = await it.response_message()
    assert message.ephemeral and front_text(first, lang) in message.embeds[0]["description"]
    assert list(labelled(message)) == [words["show"], words["stop"]]

    refused = await (await double.click(message, labelled(message)[words["show"]], user=stranger,
                                        locale=words["locale"])).reply()
    assert refused.ephemeral and refused.content.startswith(words["not_yours"])
    assert "fields" not in double.message(message.id).embeds[0]  # still its front

    await (await double.click(message, labelled(message)[words["show"]], user=learner,
                              locale=words["locale"])).reply()
    message = double.message(message.id)
    assert (message.embeds[0]["fields"][0]["name"], message.embeds[0]["fields"][0]["value"]) == back_field(
        first, lang, words)
    good = labelled(message)[words["good"]]
    assert [b["label"] for b in buttons(message) if b["custom_id"] == good] == [f"{words['good']} · 10 min"]
    refused = await (await double.click(message, good, user=stranger, locale=words["locale"])).reply()
    assert refused.ephemeral and refused.content.startswith(words["not_yours"])

    rated_at = time.time()
    await (await double.click(message, good, user=learner, locale=words["locale"])).reply()
    message = double.message(message.id)
    due = int(re.fullmatch(words["rated"], message.content)[1])
    assert rated_at + 590 <= due <= time.time() + 610  # Good on a new card: back in ten minutes
    assert front_text(second, lang) in message.embeds[0]["description"] and "fields" not in message.embeds[0]

    await (await double.click(message, labelled(message)[words["stop"]], user=learner,
                              locale=words["locale"])).reply()
    message = double.message(message.id)
    assert message.embeds[0]["description"].startswith(words["stopped"]) and buttons(message) == []
    assert not double.refusals
