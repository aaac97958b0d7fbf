"""What a learner types for a topic, a term or a speaker finds the course's entry, or asks which one."""

import pytest

from bot.content import load_course
from bot.domain import lookup
from bot.domain.errors import Ambiguous, NotFound
from bot.i18n import error_text
from tests.conftest import SHIPPED_COURSE


@pytest.fixture(scope="module")
def catalog():
    return load_course(SHIPPED_COURSE)


@pytest.mark.parametrize("typed, expected", [
    ("soviet", "g-soviet-1905"),  # the head of "Soviet (St Petersburg Soviet, 1905)", not "Soviets (...)"
    ("Sóviet", "g-soviet-1905"),
    ("SOVIETS", "g-soviets-1917"),
    ("doble poder", "g-dual-power-1917"),  # the Spanish term
    ("Dual power", "g-dual-power-1917"),
    ("g-dual-power-1917", "g-dual-power-1917"),  # ids still work
    ("kerenski", "g-kerensky-1917"),  # a letter off
    ("transcrecimiento", "g-growing-over"),
])
def test_a_typed_term_finds_its_entry(catalog, typed, expected):
    assert lookup.term(catalog, typed).id == expected


@pytest.mark.parametrize("typed, expected", [
    ("1917", "revolution-1917"), ("1905", "revolution-1905"), ("Marx", "marx-engels"),
    ("china", "china-1927"), ("desarrollo desigual", "uneven-combined"), ("revolution-1917", "revolution-1917"),
    ("socialismo en un solo país", "socialism-one-country"), ("LEGACY", "legacy"),
])
def test_a_typed_topic_finds_its_entry(catalog, typed, expected):
    assert lookup.topic(catalog, typed).id == expected


@pytest.mark.parametrize("typed, expected", [
    ("marx", "Karl Marx and Friedrich Engels"), ("trotsky", "Leon Trotsky"), ("Trotski", "Leon Trotsky"),
    ("lenin", "Vladimir Lenin"), ("löwy", "Michael Löwy"), ("lowy", "Michael Löwy"),
])
def test_a_typed_speaker_finds_the_name_the_course_uses(catalog, typed, expected):
    assert lookup.speaker(catalog, typed) == expected


def test_a_name_that_fits_several_asks_which_listing_five_at_most(catalog):
    with pytest.raises(Ambiguous) as raised:
        lookup.topic(catalog, "revolution", "es")
    text = error_text(raised.value, "es")
    assert "¿cuál querías?" in text
    assert "• 1905: el sóviet, la derrota y las preguntas que dejó" in text  # named in the learner's language
    assert text.count("\n• ") == 6 and text.endswith("\n• …")  # five, and a sign there are more

    with pytest.raises(Ambiguous) as raised:
        lookup.term(catalog, "sovi")
    text = error_text(raised.value, "en")
    assert "which did you mean?" in text and "• Soviets (workers' councils)" in text


@pytest.mark.parametrize("typed", ["pizza", "", "2001", "xyzzy"])
def test_nothing_close_is_not_found(catalog, typed):
    with pytest.raises(NotFound):
        lookup.topic(catalog, typed)


def test_ranking_puts_a_whole_name_before_a_partial_one(catalog):
    ranked = [g.id for _, g in lookup.rank("soviet", lookup.term_entries(catalog))]
    assert ranked[:2] == ["g-soviet-1905", "g-bureaucracy-soviet-stalin"]
    assert "g-soviets-1917" in ranked
