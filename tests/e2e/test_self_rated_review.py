"""/review over the Discord double: after a right answer the learner rates it Hard, Good or Easy, and the
feedback then says when the question is next due: later for Easy than for Good, as FSRS schedules them."""

from __future__ import annotations

import re
import time

import pytest

from bot.content import load_course
from bot.domain.quiz_items import MultipleChoice, OpenAnswer, Ordering, TrueFalse, WhoSaidIt
from tests.e2e.test_quiz_messages import TOPIC, Player, choose, field, ids, listed, shown_item

pytestmark = [pytest.mark.slow, pytest.mark.asyncio(loop_scope="module")]

RATED = {"en": ("Good", "Easy", "Rated {}: next review <t:(\\d+):D>."),
         "es": ("Bien", "Fácil", "Valorada como {}: próximo repaso <t:(\\d+):D>.")}


async def answer(player: Player, message, item, right: bool):
    """Answer the question shown, right or wrong, whatever its kind; the feedback's reply."""
    first, lang = ids(message)[0], player.lang
    if isinstance(item, MultipleChoice | WhoSaidIt):
        return await choose(player, message, item, wrong=not right)
    if isinstance(item, TrueFalse):
        reply, _ = await player.click(message, first[:-1] + str(int(item.answer if right else not item.answer)))
        return reply
    if isinstance(item, Ordering):
        events = listed(field(message.embeds[0], player.text["events"]))
        letter = {text: letter for letter, text in events.items()}
        order = [letter[e.get(lang)] for e in item.items]
        if not right:
            order[0], order[1] = order[1], order[0]
        for which in order:
            message = player.now(message)
            (custom_id,) = [b for b in ids(message) if b.startswith("q:o:") and b.endswith(
                ":" + str("ABCDE".index(which)))]
            reply, _ = await player.click(message, custom_id)
        return reply
    assert isinstance(item, OpenAnswer)
    _, it = await player.click(message, first)
    modal = await it.modal()
    typed = item.accept.get(lang)[0] if right else "zzz"
    submit = await player.double.submit_modal(modal["custom_id"], {"answer": typed}, user=player.user,
                                              locale=player.locale)
    return await submit.reply()


async def review_rated(world, catalog, lang: str, name: str, rating: int) -> int:
    """A learner misses a question in /quiz, answers /review's first question right and rates it: the
    next review's time the feedback then shows (seconds since the epoch)."""
    double = world.double
    user = double.add_user(name)
    double.guild.add_member(user)
    player = Player(double, user, lang)
    message = await (await double.slash("quiz", {"topic": TOPIC, "length": 1}, user=user,
                                        locale=player.locale)).response_message()
    await answer(player, message, shown_item(catalog, message.embeds[0], lang), right=False)
    assert not [i for i in ids(player.now(message)) if i.startswith("q:h:")]  # a wrong answer: not rated
    message = await (await double.slash("review", user=user, locale=player.locale)).response_message()
    reply = await answer(player, message, shown_item(catalog, message.embeds[0], lang), right=True)
    message = player.now(message)
    rate = {i.rsplit(":", 1)[1]: i for i in ids(message) if i.startswith("q:h:")}
    assert sorted(rate) == ["2", "3", "4"] and reply.embeds[-1]["title"] == player.text["right"]
    labels = {b: [c["label"] for row in message.components for c in row["components"] if c.get("custom_id") == i][0]
              for b, i in rate.items()}
    rated, _ = await player.click(message, rate[str(rating)])
    message = player.now(message)
    assert [i for i in ids(message) if i.startswith("q:h:")] == []  # rated once: the buttons give way
    assert [i for i in ids(message) if i.startswith("q:n:")]  # and Next stays
    text = RATED[lang][2].format(labels[str(rating)])
    found = [re.fullmatch(text, f["value"]) for f in message.embeds[-1].get("fields", [])]
    (due,) = [int(m[1]) for m in found if m]
    return due


@pytest.mark.parametrize("lang", ["en", "es"])
async def test_a_review_rated_easy_is_next_due_later_than_one_rated_good(world, lang):
    catalog = load_course(world.content)
    good = await review_rated(world, catalog, lang, f"good-{lang}", 3)
    easy = await review_rated(world, catalog, lang, f"easy-{lang}", 4)
    assert good < time.time() + 86400 < easy  # Good: again within minutes, as a learning step; Easy: days later
    assert not world.double.refusals
