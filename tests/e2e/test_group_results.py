"""A group question's results, over the double: the question stays on its message with ✅ before the right
choice, so everyone sees at a glance which one it was, in English and Spanish."""

from __future__ import annotations

import pytest

from tests.e2e.test_group_quiz import questions

pytestmark = [pytest.mark.slow, pytest.mark.asyncio(loop_scope="function")]
ANSWER = {"en-US": "Answer: ", "es-ES": "Respuesta: "}


@pytest.mark.parametrize("locale", ["en-US", "es-ES"])
async def test_group_results_mark_the_right_choice(fresh_world, locale):
    double = fresh_world.double
    general = double.guild.channel_named("general")
    # marx-engels: 3 of its one-click questions are true or false, the others have choices, so five questions
    # always show one with choices (three could all be true or false: CI drew that once)
    start = await double.slash("quiz", {"mode": "group", "length": 5, "seconds": 10, "topic": "marx-engels"},
                               locale=locale)
    assert not (await start.reply()).ephemeral
    checked = 0
    for number in range(5):
        posted = (await double.wait_until(lambda n=number: questions(double, general)[n:], timeout=15))[0]
        message = await double.wait_until(lambda m=posted: (lambda now: now if len(now.embeds) == 2 else None)(
            double.message(m.id)), timeout=20, what=f"the results of question {number + 1}")
        question, results = message.embeds
        right = results["description"].removeprefix(ANSWER[locale])
        listed = [line for line in question["description"].splitlines() if " · " in line]
        if not listed:  # true or false: no choices listed, the answer line says it
            continue
        marked = [line for line in listed if line.startswith("✅ ")]
        assert len(marked) == 1 and marked[0].endswith(f" · {right}"), (right, listed)
        checked += 1
        if checked == 2:
            break
    assert checked, "no question with choices came up"
