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


SCHEDULE = {
    "en-US": "Reviews due now: 0\nDue by the end of today (UTC): 1\nNext review due: <t:{due}:R>",
    "es-ES": "Repasos pendientes ahora: 0\nPendientes antes de que acabe el día (UTC): 1\nPróximo repaso: <t:{due}:R>",
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
    # then the schedule: the right answer's card is due ten minutes later (FSRS's second step), as a Discord
    # timestamp each reader sees in their own zone and language
    assert embed["description"] == line + "\n" + SCHEDULE[locale].format(due=int(bot.app.clock.now().timestamp()) + 600)
    assert embed["footer"]["text"].startswith(means)


def _option(command: dict, name: str) -> dict:
    return next(o for o in command["options"] if o["name"] == name)


async def test_spanish_pickers_show_spanish_labels_and_accented_names(bot_and_double):
    _, double = bot_and_double
    spanish = {c["name"]: c["name_localizations"]["es-ES"] for c in double.commands.list()}
    assert spanish["timeline"] == "cronología" and spanish["leaderboard"] == "clasificación"
    assert _option(double.commands.get("glossary"), "term")["name_localizations"]["es-ES"] == "término"
    period = _option(double.commands.get("leaderboard"), "period")["choices"]
    assert [(c["name"], c["name_localizations"]["es-ES"], c["value"]) for c in period] == [
        ("week", "semana", "week"), ("all", "todo", "all")]
    quiz = double.commands.get("quiz")
    assert [c["name_localizations"]["es-ES"] for c in _option(quiz, "difficulty")["choices"]] == [
        "1 · recordar", "2 · comprender", "3 · relacionar ideas"]
    assert [c["name_localizations"]["es-ES"] for c in _option(quiz, "mode")["choices"]] == ["solo", "en grupo"]


async def test_a_labelled_choice_still_reaches_the_command_as_its_value(bot_and_double):
    _, double = bot_and_double
    reply = await (await double.slash("leaderboard", {"period": "all"}, locale="es-ES")).reply()
    assert reply.embeds[0]["title"] == "Clasificación: desde siempre"


async def test_a_topics_key_quote_in_spanish_is_marked_as_our_translation(bot_and_double):
    _, double = bot_and_double
    reply = await (await double.slash("learn", {"topic": "alpha"}, locale="es-ES")).reply()
    key_quote = next(f for f in reply.embeds[0]["fields"] if f["name"] == "Cita clave")
    assert key_quote["value"] == "“La cita alfa.” (traducción nuestra) — Speaker One, Work One (1905)"


async def test_a_moderators_course_counts_are_worded_in_spanish(bot_and_double):
    from tests.discord_double import Perm

    _, double = bot_and_double
    mods = double.guild.add_role("Moderators", Perm.MEMBER_DEFAULT | Perm.MANAGE_GUILD)
    moderator = double.add_user("mod")
    double.guild.add_member(moderator, roles=[mods])
    reply = await (await double.slash("content status", user=moderator, locale="es-ES")).reply()
    assert "1 fuente, 2 temas, 2 citas, " in reply.content
    assert "términos del glosario" in reply.content


async def test_a_who_said_question_marks_a_translated_quote(app):
    from bot.discord import render

    item = next(i for i in app.course.catalog.items.values() if i.type == "who_said")
    view = await app.quiz.start(user_id=1, lang="es", length=1, items=[item])
    assert "“La cita alfa.” *(traducción nuestra)*" in render.question(view).description


FLASHCARDS_ONLY = {
    "en-US": ("Flashcards", "Last 4 weeks", "Where to begin", "Topic mastery comes from quiz answers"),
    "es-ES": ("Tarjetas", "Últimas 4 semanas", "Por dónde empezar", "El dominio de cada tema se mide con las"),
}


@pytest.mark.parametrize("locale", FLASHCARDS_ONLY)
async def test_progress_of_a_learner_with_flashcards_only_counts_them_and_points_to_a_quiz(bot_and_double, locale):
    """Flashcards rated but no quiz answered: /progress shows the cards and the days they were rated, and says
    mastery comes from quizzes, not that there is nothing to measure."""
    bot, double = bot_and_double
    app = bot.app
    shown = await app.flashcards.open(double.user.id, "en", "alpha")
    await app.flashcards.rate(double.user.id, double.user.id, shown.card_id, 3)
    reply = await (await double.slash("progress", locale=locale)).reply()
    fields = {f["name"]: f["value"] for f in reply.embeds[0]["fields"]}
    cards, days, begin, hint = FLASHCARDS_ONLY[locale]
    assert list(fields) == [cards, days, begin]
    assert fields[begin].startswith(hint) and "/learn" not in fields[begin] and "/aprender" not in fields[begin]
