"""/review with nothing due, over the loopback Discord double: the next review's date is a Discord timestamp
(<t:...:D>), which each reader's client shows on their own clock and in their language, where the service's
plain date is the one the console shows (tests/services/test_review_next_date.py)."""

from __future__ import annotations

import pytest

from tests.services.test_review_next_date import NEXT_DUE, TOKYO, answer_every_question_right

REPLIES = {
    "en-US": "Nothing to review now: you got every question you have answered right, and none is due yet. The next"
             " review is due on <t:{}:D>. Meanwhile, try a /quiz on a topic you have not done.",
    "es-ES": "No hay nada que repasar ahora: acertaste todas las preguntas que has respondido y ninguna toca"
             " todavía. El próximo repaso es el <t:{}:D>. Mientras tanto, prueba un /cuestionario de un tema que no"
             " hayas hecho.",
}


@pytest.mark.parametrize("locale", REPLIES)
async def test_nothing_due_gives_the_next_review_as_a_discord_date(bot_and_double, clock, locale):
    bot, double = bot_and_double
    user = double.user.id
    await bot.app.learners.set_zone(user, TOKYO)  # 00:05 on Tuesday there, still Monday in UTC
    await answer_every_question_right(bot.app, clock, user)
    reply = await (await double.slash("review", locale=locale)).reply()
    assert reply.ephemeral and reply.content == REPLIES[locale].format(int(NEXT_DUE.timestamp()))
