"""Reports of a problem over the Discord double, in English and Spanish: a learner reports the question they
just answered from its feedback (a reason from a list, their words, "tell me when it is fixed"); the server's
moderator sees it in /content reports with the question's file:line, edits the file and reloads (the queue then
points at the item's new line), resolves it with a note, and the learner gets a direct message saying it was
fixed."""

from __future__ import annotations

import pytest

from bot.content import load_course
from tests.e2e.test_quiz_messages import TOPIC, Player, shown_item
from tests.e2e.test_self_rated_review import answer

pytestmark = [pytest.mark.slow, pytest.mark.asyncio(loop_scope="module")]

TEXT = {
    "en": {"button": "Report a problem", "reason": "What is wrong?", "wrong": "The answer is wrong",
           "thanks": "you will get a direct message when it is fixed", "one": "1 report",
           "where": "In the course: `content/", "resolved": "resolved (1 report). Told it was fixed: 1;",
           "dm": "Fixed, thank you! The problem you reported in the question ", "reloaded": "Course reloaded"},
    "es": {"button": "Informar de un problema", "reason": "¿Qué falla?", "wrong": "La respuesta es incorrecta",
           "thanks": "recibirás un mensaje directo cuando se corrija", "one": "1 aviso",
           "where": "En el curso: `content/", "resolved": "resuelto (1 aviso). Avisados de la corrección: 1;",
           "dm": "¡Corregido, gracias! El problema del que informaste en la pregunta ", "reloaded": "Curso recargado"},
}


@pytest.mark.parametrize("lang", ["en", "es"])
async def test_a_reported_question_reaches_the_moderator_with_its_line_and_the_learner_is_told(world, lang):
    double, text = world.double, TEXT[lang]
    catalog = load_course(world.content)
    user = double.add_user(f"reporter-{lang}")
    double.guild.add_member(user)
    player = Player(double, user, lang)
    message = await (await double.slash("quiz", {"topic": TOPIC, "length": 1}, user=user,
                                        locale=player.locale)).response_message()
    item = shown_item(catalog, message.embeds[0], lang)
    await answer(player, message, item, right=False)
    feedback = player.now(message)
    (button,) = [c for row in feedback.components for c in row["components"]
                 if c.get("custom_id", "").startswith("rp:")]
    assert button["label"] == text["button"] and button["custom_id"] == f"rp:question:{item.id}:{lang}"

    _, it = await player.click(feedback, button["custom_id"])
    modal = await it.modal()
    labels = {top["label"]: top["component"] for top in modal["components"]}
    reasons = {o["label"]: o["value"] for o in labels[text["reason"]]["options"]}
    assert reasons[text["wrong"]] == "wrong" and len(reasons) == 6
    submit = await double.submit_modal(modal["custom_id"], {"reason": ["wrong"], "note": "B looks right to me",
                                                            "notify": ["yes"]}, user=user, locale=player.locale)
    thanks = await submit.reply()
    assert thanks.ephemeral and text["thanks"] in thanks.content

    mod_locale = player.locale

    async def reported_at() -> tuple[str, int]:
        """Where /content reports says the item is (quizzes/FILE.yaml, LINE); that line holds its id."""
        queue = await double.slash("content reports", user=world.moderator, locale=mod_locale)
        (listing,) = await queue.followups()
        (entry,) = [f for f in listing.embeds[0]["fields"] if f["name"].startswith(f"question:{item.id} ·")]
        assert entry["name"] == f"question:{item.id} · {text['one']}"
        assert text["wrong"] in entry["value"] and "B looks right to me" in entry["value"]
        path, line = entry["value"].split(text["where"], 1)[1].split("`", 1)[0].rsplit(":", 1)
        lines = (world.content / path).read_text(encoding="utf-8").splitlines()
        assert lines[int(line) - 1].strip() == f"- id: {item.id}"
        return path, int(line)

    path, line = await reported_at()
    # the moderator fixes the file (a line above the item moves it down one) and reloads
    lines = (world.content / path).read_text(encoding="utf-8").splitlines(keepends=True)
    lines.insert(line - 1, f"# {item.id}: reworded after a report\n")
    (world.content / path).write_text("".join(lines), encoding="utf-8")
    reload = await double.slash("content reload", user=world.moderator, locale=mod_locale)
    (reloaded,) = await reload.followups()
    assert reloaded.content.startswith(text["reloaded"])
    assert await reported_at() == (path, line + 1)

    done = await double.slash("content resolve", {"item": f"question:{item.id}", "note": "Choice B reworded"},
                              user=world.moderator, locale=mod_locale)
    (closed,) = await done.followups()
    assert text["resolved"] in closed.content
    (dm,) = await double.wait_until(lambda: double.dm_messages(user), timeout=10, what="the fixed DM")
    assert dm.content.startswith(text["dm"]) and "Choice B reworded" in dm.content
    again = await double.slash("content reports", user=world.moderator, locale=mod_locale)
    (listing,) = await again.followups()
    assert not [f for f in listing.embeds[0].get("fields", []) if f["name"].startswith(f"question:{item.id} ·")]
