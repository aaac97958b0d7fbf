"""Which texts of an item lack Spanish: what a moderator's reload warns about, by the field's path."""

from __future__ import annotations

from pydantic import TypeAdapter

from bot.domain.content import Quote, Topic
from bot.domain.quiz_items import QuizItem
from bot.domain.translations import complete_in, missing_in

BOTH = {"en": "Text", "es": "Texto"}
EN = {"en": "Text"}


def topic(**changes) -> Topic:
    data = {
        "id": "t", "order": 1, "title": BOTH, "summary": BOTH, "sources": ["s"],
        "sections": [{"title": BOTH, "body": BOTH}] * 3,
        "misconceptions": [{"myth": BOTH, "fact": BOTH}],
    }
    return Topic.model_validate(data | changes)


def quote(**changes) -> Quote:
    data = {"id": "q", "text": "Words.", "speaker": "A", "work": "W", "context": BOTH, "topics": ["t"],
            "sources": ["s"]}
    return Quote.model_validate(data | changes)


def open_item(accept: dict) -> object:
    return TypeAdapter(QuizItem).validate_python({
        "id": "o", "type": "open", "topics": ["t"], "sources": ["s"], "difficulty": 1, "prompt": BOTH,
        "explanation": BOTH, "accept": accept,
    })


def test_a_complete_item_has_no_gaps():
    assert missing_in(topic(), "es") == []
    assert complete_in(topic(), "es")


def test_each_gap_is_named_by_its_path_inside_the_item():
    sections = [{"title": BOTH, "body": BOTH}, {"title": BOTH, "body": EN}, {"title": BOTH, "body": BOTH}]
    item = topic(summary=EN, sections=sections, misconceptions=[{"myth": EN, "fact": BOTH}])
    assert missing_in(item, "es") == ["summary", "sections[1].body", "misconceptions[0].myth"]
    assert missing_in(item, "en") == []
    assert not complete_in(item, "es")


def test_accepted_answers_count_as_one_text():
    assert missing_in(open_item({"en": ["yes"]}), "es") == ["accept"]
    assert missing_in(open_item({"en": ["yes"], "es": ["sí"]}), "es") == []


def test_a_quote_needs_a_translation_only_into_a_language_it_was_not_written_in():
    assert missing_in(quote(), "es") == ["translation.es"]
    assert missing_in(quote(translation={"es": "Palabras."}), "es") == []
    assert missing_in(quote(lang="es"), "es") == []
    assert missing_in(quote(lang="es"), "en") == ["translation.en"]
    assert missing_in(quote(context=EN, translation={"es": "Palabras."}), "es") == ["context"]
