"""Spanish replies with nothing left in English, over the loopback Discord double: a period the bot does not know
(sent by a client with an old copy of /leaderboard), and a quiz summary that lists a missed who-said question
whose quote is our translation."""

from __future__ import annotations

import pytest

from tests.e2e.test_quiz_flow import buttons


@pytest.mark.parametrize("locale, refusal", [
    ("en-US", "The period must be one of: week, all."),
    ("es-ES", "El periodo debe ser uno de estos valores: semana, todo."),
])
async def test_an_unknown_leaderboard_period_is_refused_in_the_readers_language(bot_and_double, locale, refusal):
    _, double = bot_and_double
    it = await double.slash("leaderboard", [{"type": 3, "name": "period", "value": "month"}], locale=locale)
    reply = await it.reply()
    assert reply.ephemeral and reply.content == refusal


@pytest.mark.parametrize("locale, refusal", [
    ("en-US", "'mode' must be one of: solo."),
    ("es-ES", "«modo» debe ser uno de estos valores: solo."),
])
async def test_an_option_refused_is_named_as_the_reader_sees_it(bot_and_double, locale, refusal):
    """A group quiz asked for in a direct message: only a solo one can run there."""
    _, double = bot_and_double
    it = await double.slash("quiz", [{"type": 3, "name": "mode", "value": "group"}], guild=None, locale=locale)
    reply = await it.reply()
    assert reply.ephemeral and reply.content == refusal


def wrong_click(message) -> str:
    """The custom id of a wrong answer to the question shown (the fixture course's topic alpha)."""
    description = message.embeds[0]["description"]
    ids = [b["custom_id"] for b in buttons(message)]
    false = [i for i in ids if i.startswith("q:t:") and i.endswith(":0")]
    if false:  # "Alpha comes first." is true
        return false[0]
    line = next(ln for ln in description.splitlines() if "· Speaker Two" in ln or "· Incorrecta" in ln
                or "· Wrong" in ln)
    letter = line.split("**")[1]
    return next(i for i in ids if i.startswith("q:a:") and buttons(message)[ids.index(i)]["label"] == letter)


@pytest.mark.parametrize("locale, asked", [
    ("en-US", "❌ “The alpha quotation.”"),
    ("es-ES", "❌ “La cita alfa.” (traducción nuestra)"),
])
async def test_the_quiz_summary_marks_a_translated_quote_as_ours(bot_and_double, locale, asked):
    _, double = bot_and_double
    message = await (await double.slash("quiz", {"topic": "alpha", "length": 3}, locale=locale)).response_message()
    for _ in range(3):
        await (await double.click(message, wrong_click(message), locale=locale)).reply()
        message = double.message(message.id)
        (nxt,) = [b["custom_id"] for b in buttons(message) if b["custom_id"].startswith("q:n:")]
        await (await double.click(message, nxt, locale=locale)).reply()
        message = double.message(message.id)
    names = [f["name"] for f in message.embeds[0]["fields"]]
    assert asked in names, names
