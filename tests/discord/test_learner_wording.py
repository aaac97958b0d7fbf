"""What a learner reads on /learn's misconceptions page and in /progress, in English and Spanish, over the
loopback Discord double."""

from __future__ import annotations

import pytest

from tests.services.test_quiz_service import right_response

MISCONCEPTIONS_PAGE = 4  # alpha (fixture course): a summary page, three sections, then its misconceptions

WORDS = {
    "en-US": ("Myth: A myth about alpha", "**What the sources say:** The fact.", "1 answer, 100% right, a streak of "
              "1 day, 0 reviews due.", "Mastered: answered right at reviews spaced over days"),
    "es-ES": ("Mito: Un mito sobre alpha", "**Lo que dicen las fuentes:** El hecho.", "1 respuesta, 100 % "
              "correctas, racha de 1 día, 0 repasos pendientes.", "Dominada: respondida bien en repasos espaciados"),
}


@pytest.mark.parametrize("locale", WORDS)
async def test_a_misconception_is_labelled_as_a_myth_and_what_the_sources_say(bot_and_double, locale):
    _, double = bot_and_double
    myth, sources_say, _, _ = WORDS[locale]
    it = await double.slash("learn", {"topic": "alpha"}, locale=locale)
    message = await it.response_message()
    for page in range(1, MISCONCEPTIONS_PAGE + 1):
        reply = await (await double.click(message, f"l:alpha:{page}", locale=locale)).reply()
    (field,) = reply.embeds[0]["fields"]
    assert (field["name"], field["value"]) == (myth, sources_say)


@pytest.mark.parametrize("locale", WORDS)
async def test_progress_counts_in_words_and_says_what_mastered_means(bot_and_double, locale):
    bot, double = bot_and_double
    _, _, line, means = WORDS[locale]
    app = bot.app
    view = await app.quiz.start(user_id=double.user.id, lang="en", length=1)
    await app.quiz.answer(view.session_id, 0, double.user.id, right_response(view))
    reply = await (await double.slash("progress", locale=locale)).reply()
    embed = reply.embeds[0]
    assert embed["description"] == line
    assert embed["footer"]["text"].startswith(means)
