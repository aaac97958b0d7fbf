"""A typed answer phrased as a learner would phrase it, over the Discord double (issue 26, point 3): the
answer is accepted and the feedback says why; a near miss is called close. English and Spanish."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.slow


def buttons(message) -> list[str]:
    return [c["custom_id"] for row in message.components for c in row.get("components", []) if c.get("type") == 2]


async def type_into_the_open_question(double, typed: str, locale: str):
    """Start a quiz on the fixture course's topic `beta`, pass the other question, type `typed` into the open
    answer's form; the feedback embed."""
    start = await double.slash("quiz", {"topic": "beta", "length": 2}, locale=locale)
    message = await start.response_message()
    for _ in range(2):
        ids = buttons(message)
        if ids[0].startswith("q:m:"):
            form = await (await double.click(message, ids[0], locale=locale)).modal()
            submit = await double.submit_modal(form["custom_id"], {"answer": typed}, locale=locale)
            return (await submit.reply()).embeds[-1]
        while any(i.startswith("q:o:") for i in ids):  # the ordering question: click its events in turn
            await (await double.click(message, next(i for i in ids if i.startswith("q:o:")), locale=locale)).reply()
            message = double.message(message.id)
            ids = buttons(message)
        nxt = next(i for i in ids if i.startswith("q:n:"))
        await (await double.click(message, nxt, locale=locale)).reply()
        message = double.message(message.id)
    pytest.fail("no open question was asked")


@pytest.mark.parametrize(("locale", "typed", "title", "why"), [
    ("en-US", "the city of Saint Petersburg", "Right!", "Accepted: your answer contains 'Saint Petersburg'."),
    ("es-ES", "la ciudad de San Petersburgo", "¡Correcto!", "Aceptada: tu respuesta contiene «San Petersburgo»."),
    ("en-US", "in Petrograd", "Right!", None),  # a leading preposition is as silent as an article
    ("en-US", "Petersburg", "Close, but not quite.", None),
    ("es-ES", "Petersburgo", "Cerca, pero no exactamente.", None),
])
async def test_a_natural_answer_typed_into_the_form(bot_and_double, locale, typed, title, why):
    _, double = bot_and_double
    feedback = await type_into_the_open_question(double, typed, locale)
    assert feedback["title"] == title
    if why:
        assert why in feedback["description"]
    else:
        assert "contains" not in feedback["description"] and "contiene" not in feedback["description"]
