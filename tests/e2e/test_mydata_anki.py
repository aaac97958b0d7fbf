"""/mydata anki over the double: the deck arrives as an ephemeral attachment that opens as an Anki package
holding exactly the questions the learner missed; before any miss, a message and no file; a topic's deck in the
reader's language."""

from __future__ import annotations

import pytest

from bot.content import load_course
from bot.storage.anki import guid
from tests.conftest import SHIPPED_COURSE
from tests.e2e.conftest import fetch
from tests.e2e.test_mydata import member
from tests.e2e.test_quiz_flow import answer_current, buttons
from tests.services.test_anki import notes

pytestmark = [pytest.mark.slow, pytest.mark.asyncio(loop_scope="module")]
COURSE = load_course(SHIPPED_COURSE).course.id


async def quiz(double, user, length: int) -> None:
    """A quiz on 1905 answered by the first button of each question (the events to order in the order shown,
    never the right one): some answers are wrong."""
    start = await double.slash("quiz", {"topic": "revolution-1905", "length": length}, user=user)
    message = await start.response_message()
    for _ in range(length):
        await answer_current(double, message, user)
        message = double.message(message.id)
        (nxt,) = [b for b in buttons(message) if b["custom_id"].startswith("q:n:")]
        await (await double.click(message, nxt["custom_id"], user=user)).reply()
        message = double.message(message.id)


async def test_the_missed_deck_arrives_as_an_anki_package_of_the_questions_missed(world, tmp_path):
    double = world.double
    learner = member(double, "ankifan")
    empty = await double.slash("mydata anki", user=learner)
    (message,) = await empty.followups()
    assert message.flags & 64 and not message.attachments
    assert message.content.startswith("You have not missed any question yet")

    await quiz(double, learner, 10)
    missed = {row[0] for row in await fetch(world.database, "SELECT item_id FROM attempts"
                                                            " WHERE user_id = ? AND correct = 0", learner.id)}
    assert missed  # ten first clicks, orderings among them, are not all right
    it = await double.slash("mydata anki", {"scope": "missed"}, user=learner)
    (message,) = await it.followups()
    assert message.flags & 64  # only the learner sees it
    assert message.content.startswith(f"Your Anki deck ({len(missed)} card") and "File > Import" in message.content
    (attachment,) = message.attachments
    assert attachment.filename == f"{COURSE}-missed-en.apkg"
    found = notes(attachment.data, tmp_path)
    assert set(found) == {guid((COURSE, "item", item_id, "en")) for item_id in missed}
    assert all(fields[1] and fields[2] and fields[3].startswith("Sources: ") for fields, _ in found.values())


async def test_a_topic_deck_in_spanish(world, tmp_path):
    double = world.double
    learner = member(double, "mazo")
    it = await double.slash("mydata anki", {"scope": "topic", "topic": "revolution-1905"}, user=learner,
                            locale="es-ES")
    (message,) = await it.followups()
    assert message.flags & 64 and message.content.startswith("Tu mazo de Anki (")
    (attachment,) = message.attachments
    assert attachment.filename == f"{COURSE}-revolution-1905-es.apkg"
    found = notes(attachment.data, tmp_path)
    catalog = load_course(SHIPPED_COURSE)
    assert len(found) == (len(catalog.items_for("revolution-1905")) + len(catalog.quotes_for("revolution-1905"))
                          + sum("revolution-1905" in g.topics for g in catalog.glossary.values()))
    assert any(fields[3].startswith("Fuentes: ") for fields, _ in found.values())
    refused = await double.slash("mydata anki", {"scope": "topic"}, user=learner)
    assert (await refused.followups())[0].content.startswith("Choose the topic too")
