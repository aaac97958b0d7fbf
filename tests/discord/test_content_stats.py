"""/content stats over the loopback Discord double, in English and Spanish: the service test's five learners (and
one Spanish one) give the figures and flags worked out there; a moderator sees them paged, each question with its
file:line; a member who is not a moderator is refused."""

from __future__ import annotations

import pytest

from tests.services.test_item_stats import LEARNERS, MC_PICKS, WHO_PICKS, take_quiz

TEXTS = {
    "en-US": {"title": "Item statistics", "flags": "too hard, a wrong choice nobody picks",
              "figures": "5 answers · 0% right · discrimination – · median 4 s",
              "wrong": "Most given wrong answer: Wrong three (4)", "unused": "Wrong choices nobody picked: C",
              "footer": "Page 1 of 2 · 6 (item, language) entries, the most flagged first", "easy": "too easy"},
    "es-ES": {"title": "Estadísticas de las preguntas",
              "flags": "demasiado difícil, una opción incorrecta que nadie elige",
              "figures": "5 respuestas · 0 % aciertos · discriminación – · mediana 4 s",
              "wrong": "Respuesta incorrecta más dada: Incorrecta tres (4)",
              "unused": "Opciones incorrectas que nadie eligió: C",
              "footer": "Página 1 de 2 · 6 entradas (pregunta, idioma), primero las más marcadas",
              "easy": "demasiado fácil"},
}


@pytest.mark.parametrize("locale", ["en-US", "es-ES"])
async def test_a_moderator_reads_the_figures_and_flags_paged_with_file_and_line(app, clock, bot_and_double, locale):
    _, double = bot_and_double
    text = TEXTS[locale]
    for n, user in enumerate(LEARNERS):
        await take_quiz(app, clock, user, "en", {"a-mc": MC_PICKS[n], "a-tf": True, "a-who": WHO_PICKS[n]}, n + 2)
    await take_quiz(app, clock, 506, "es", {"a-mc": "Correcta", "a-tf": True, "a-who": "Speaker One"}, 9)

    it = await double.slash("content stats", user=double.owner_user, locale=locale)
    (page,) = await it.followups()
    embed = page.embeds[0]
    assert embed["title"] == text["title"] and embed["footer"]["text"] == text["footer"]
    first = embed["fields"][0]
    assert first["name"] == f"⚠ a-mc [en]: {text['flags']}"
    assert first["value"].splitlines()[1:] == ["`course/quizzes/alpha.yaml:1`", text["figures"], text["wrong"],
                                               text["unused"]]
    assert [f["name"].split(":")[0] for f in embed["fields"]] == [
        "⚠ a-mc [en]", "⚠ a-tf [en]", "⚠ a-who [en]", "a-mc [es]", "a-tf [es]"]
    after = next(c["custom_id"] for row in page.components for c in row["components"] if c["label"] == "▶")
    turned = await double.click(page, after, user=double.owner_user, locale=locale)
    assert (await turned.reply()).accepted
    (last,) = double.message(page.id).embeds[0]["fields"]
    assert last["name"] == "a-who [es]" and "`course/quizzes/alpha.yaml:23`" in last["value"]

    easy = await double.slash("content stats", {"flag": "too_easy"}, user=double.owner_user, locale=locale)
    (listing,) = await easy.followups()
    assert [f["name"] for f in listing.embeds[0]["fields"]] == [f"⚠ a-tf [en]: {text['easy']}"]


async def test_a_member_who_is_not_a_moderator_is_refused(app, clock, bot_and_double):
    _, double = bot_and_double
    await take_quiz(app, clock, LEARNERS[0], "en", {"a-mc": "Wrong one", "a-tf": True, "a-who": "Speaker One"}, 3)
    it = await double.slash_unchecked("content stats", user=double.user)
    reply = await it.reply()
    assert reply.ephemeral and not reply.embeds and "a-mc" not in (reply.content or "")
