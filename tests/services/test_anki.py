"""/mydata anki's decks, read back as Anki reads them: a zip holding collection.anki2, a SQLite database whose
notes table has each note's guid, its fields (separated by 0x1f) and its tags."""

from __future__ import annotations

import io
import sqlite3
import zipfile
from pathlib import Path

import pytest

from bot.services.anki import TopicNeeded, course_notes, deck_spec
from bot.services.views import QuestionView
from tests.services.test_quiz_service import right_response, wrong_response

USER, OTHER = 111, 222


def notes(data: bytes, tmp_path: Path) -> dict[str, tuple[list[str], str]]:
    """The package's notes: guid -> (fields, tags). Also checks it is a package Anki opens: the collection and
    the media index are in the zip, and the collection holds one deck of ours and one note type."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert set(archive.namelist()) == {"collection.anki2", "media"}
        path = tmp_path / "collection.anki2"
        path.write_bytes(archive.read("collection.anki2"))
    with sqlite3.connect(path) as db:
        rows = db.execute("SELECT guid, flds, tags FROM notes").fetchall()
        cards = db.execute("SELECT COUNT(*) FROM cards").fetchone()[0]
    assert cards == len(rows)
    return {guid: (fields.split("\x1f"), tags.split()) for guid, fields, tags in rows}


def by_front(found: dict[str, tuple[list[str], str]], text: str) -> list[str]:
    (fields,) = [f for f, _ in found.values() if text in f[0]]
    return fields


async def test_a_topic_deck_in_english_has_every_card_with_its_answer_explanation_and_source(app, tmp_path):
    deck = await app.anki.deck(USER, "topic", "alpha", "en")
    found = notes(deck.data, tmp_path)
    # alpha's three quiz items, its glossary term and its quote
    assert deck.cards == len(found) == 5
    front, back, why, source = by_front(found, "Which is right?")
    assert "Right one" in front and "Wrong two" in front and back == "B · Right one"
    # the item's correction of a source travels with the card, under the explanation
    assert why == "Because it is.<br><br><b>Note:</b> Source A calls it the wrong one."
    assert source == "Sources: Source A (Author A, 2024)"
    front, back, why, _ = by_front(found, "Alpha comes first.")
    assert "True or false?" in front and back == "True" and why == "It does."
    _, back, why, _ = by_front(found, "Speaker Three")
    assert back == "B · Speaker One" and why == "Speaker One said it."
    assert [f for f, tags in found.values() if "term" in tags] == [
        ["Alpha", "The first letter.", "<b>Note:</b> Source A calls it the second.",
         "Sources: Source A (Author A, 2024)"]]
    quote = [f for f, tags in found.values() if "quote" in tags]
    assert quote == [["<blockquote>“The alpha quotation.”</blockquote>Who said this?", "Speaker One, Work One (1905)",
                      "Said in a test.<br><br><b>Note:</b> Source A dates it 1904; it was said in 1905.",
                      "Quoted in: Source A (Author A, 2024)"]]
    assert deck.filename == "fixture-course-alpha-en.apkg"


async def test_a_topic_deck_in_spanish_is_in_spanish(app, tmp_path):
    found = notes((await app.anki.deck(USER, "topic", "alpha", "es")).data, tmp_path)
    front, back, why, source = by_front(found, "¿Cuál es la correcta?")
    assert "Incorrecta dos" in front and back == "B · Correcta"
    assert why == "Porque sí.<br><br><b>Nota:</b> La fuente A la llama la incorrecta."
    assert source == "Fuentes: Source A (Author A, 2024)"
    assert by_front(found, "Alfa va primero.")[1] == "Verdadero"
    quote = [f for f, tags in found.values() if "quote" in tags]
    assert quote[0][0] == "<blockquote>“La cita alfa.” <i>(traducción nuestra)</i></blockquote>¿Quién lo dijo?"
    assert quote[0][2] == "Dicho en una prueba.<br><br><b>Nota:</b> La fuente A lo fecha en 1904; se dijo en 1905."
    assert quote[0][3] == "Citado en: Source A (Author A, 2024)"


async def test_guids_stay_the_same_from_one_export_to_the_next_and_differ_by_language(app, clock, tmp_path):
    first = notes((await app.anki.deck(USER, "all", None, "en")).data, tmp_path)
    clock.advance(days=3)
    again = notes((await app.anki.deck(OTHER, "all", None, "en")).data, tmp_path)
    spanish = notes((await app.anki.deck(USER, "all", None, "es")).data, tmp_path)
    assert set(first) == set(again) and len(first) == len(app.course.catalog.items) + 2 + 2
    assert not set(first) & set(spanish) and len(spanish) == len(first)
    catalog = app.course.catalog
    assert deck_spec(catalog, "en") == deck_spec(catalog, "en")
    assert deck_spec(catalog, "en").deck_id != deck_spec(catalog, "es").deck_id
    assert deck_spec(catalog, "en").model_id == deck_spec(catalog, "es").model_id


def front_with_prompt(catalog, prompt: str) -> str:
    """The front of fixture item a-mc's note when its English prompt is `prompt`."""
    item = catalog.items["a-mc"]
    catalog.items["a-mc"] = item.model_copy(update={"prompt": item.prompt.model_copy(update={"en": prompt})})
    try:
        (note,) = [n for n in course_notes(catalog, "en", "alpha") if n.key[2] == "a-mc"]
    finally:
        catalog.items["a-mc"] = item
    return note.front


async def test_html_in_course_text_is_shown_as_text(app):
    front = front_with_prompt(app.course.catalog, "Is 1 < 2 & <b>bold</b>?")
    assert front.startswith("Is 1 &lt; 2 &amp; &lt;b&gt;bold&lt;/b&gt;?")


async def test_the_courses_italics_are_italics_and_a_lone_asterisk_stays(app):
    """The course marks a title as Discord does (*1905*); Anki shows HTML, where the asterisks would stay."""
    front = front_with_prompt(app.course.catalog, "When did *1905* and *Results and Prospects* appear? (2 * 3 = 6)")
    assert front.startswith("When did <i>1905</i> and <i>Results and Prospects</i> appear? (2 * 3 = 6)")


async def answer_all(app, user: int, wrong: set[str]) -> None:
    """Answer every fixture item once: wrong for the items in `wrong`, right for the others."""
    view = await app.quiz.start(user_id=user, guild_id=None, lang="en", length=20)
    while isinstance(view, QuestionView):
        response = wrong_response(view) if view.item.id in wrong else right_response(view)
        await app.quiz.answer(view.session_id, view.position, user, response)
        view = await app.quiz.next(view.session_id, view.position, user)


async def test_the_missed_deck_holds_exactly_the_items_answered_wrong(app, clock, tmp_path):
    assert await app.anki.deck(USER, "missed", None, "en") is None  # nothing missed yet: no deck
    await answer_all(app, USER, wrong={"a-mc", "a-who"})
    clock.advance(days=1)
    await answer_all(app, USER, wrong={"b-order"})  # a-mc and a-who right this time: still missed once
    await answer_all(app, OTHER, wrong=set(app.course.catalog.items))  # someone else's misses are theirs
    deck = await app.anki.deck(USER, "missed", None, "en")
    found = notes(deck.data, tmp_path)
    missed = {"a-mc", "a-who", "b-order"}
    assert set(found) == {course_guid(app, i, "en") for i in missed}
    assert deck.cards == len(missed) and deck.filename == "fixture-course-missed-en.apkg"
    only_alpha = notes((await app.anki.deck(USER, "missed", "alpha", "en")).data, tmp_path)
    assert set(only_alpha) == {course_guid(app, i, "en") for i in ("a-mc", "a-who")}


def course_guid(app, item_id: str, lang: str) -> str:
    from bot.storage.anki import guid

    return guid((app.course.catalog.course.id, "item", item_id, lang))


async def test_scope_topic_needs_a_topic(app):
    with pytest.raises(TopicNeeded):
        await app.anki.deck(USER, "topic", None, "en")
