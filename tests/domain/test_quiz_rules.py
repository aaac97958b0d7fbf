import random

import pytest

from bot.content import load_course
from bot.domain import quiz as rules
from bot.domain.errors import BadAnswer
from tests.conftest import FIXTURE_COURSE


@pytest.fixture(scope="module")
def catalog():
    return load_course(FIXTURE_COURSE)


def test_multiple_choice_graded_through_the_shuffle(catalog):
    item = catalog.items["a-mc"]
    order = rules.shuffle_order(item, random.Random(3))
    shown = rules.labels(item, order, "en")
    right = shown.index("Right one")
    assert rules.grade(item, order, right, "en").correct
    wrong = rules.grade(item, order, (right + 1) % 4, "en")
    assert not wrong.correct and wrong.expected == "Right one" and wrong.stored in "ACD"
    assert rules.labels(item, order, "es")[right] == "Correcta"


def test_ordering_needs_every_item_once(catalog):
    item = catalog.items["b-order"]
    order = rules.shuffle_order(item, random.Random(1))
    assert list(order) != sorted(order)
    right = [order.index(i) for i in range(3)]
    assert rules.grade(item, order, right, "en").correct
    assert not rules.grade(item, order, list(reversed(right)), "en").correct
    for bad in ([0, 0, 1], [0, 1], "abc", [0, 1, 5]):
        with pytest.raises(BadAnswer):
            rules.grade(item, order, bad, "en")


def test_open_answer_in_either_language(catalog):
    item = catalog.items["b-open"]
    assert rules.grade(item, (), "san petersburgo", "es").correct
    assert rules.grade(item, (), "Petrograd", "es").correct  # English variants are accepted too
    graded = rules.grade(item, (), "Moscow", "en")
    assert not graded.correct and graded.expected == "Saint Petersburg"
    assert rules.grade(item, (), "Saint Peterburg", "en").forgiven == "Saint Petersburg"
    with pytest.raises(BadAnswer):
        rules.grade(item, (), "   ", "en")


def test_true_false_and_bad_index(catalog):
    assert rules.grade(catalog.items["a-tf"], (), True, "en").correct
    assert not rules.grade(catalog.items["a-tf"], (), False, "en").correct
    with pytest.raises(BadAnswer):
        rules.grade(catalog.items["a-tf"], (), "yes", "en")
    with pytest.raises(BadAnswer):
        rules.grade(catalog.items["a-mc"], (0, 1, 2, 3), 4, "en")


def test_choose_items_prefers_unseen_then_missed(catalog):
    items = list(catalog.items.values())
    history = {"a-mc": True, "a-tf": False, "a-who": True, "b-order": True}
    chosen = rules.choose_items(items, 2, random.Random(0), history)
    assert {i.id for i in chosen} == {"b-open", "a-tf"}


def _variants(item, count: int, fact: str | None):
    return [item.model_copy(update={"id": f"{item.id}-{fact or 'own'}-{n}", "fact": fact}) for n in range(count)]


def test_a_quiz_never_shows_two_items_testing_the_same_fact(catalog):
    related = _variants(catalog.items["a-mc"], 3, "same-fact") + _variants(catalog.items["a-tf"], 2, "other-fact")
    unrelated = _variants(catalog.items["b-open"], 3, None)
    for seed in range(50):
        chosen = rules.choose_items(related + unrelated, 5, random.Random(seed))
        facts = [i.fact for i in chosen if i.fact]
        assert sorted(facts) == ["other-fact", "same-fact"], seed  # one of each fact, and the quiz still filled
        assert len(chosen) == 5
    everything = rules.choose_items(related + unrelated, 20, random.Random(1))
    assert len(everything) == 5  # no padding with a second item of a fact


def test_a_fact_seen_among_unseen_items_keeps_out_its_missed_twin(catalog):
    unseen, missed = _variants(catalog.items["a-mc"], 2, "same-fact")
    other = _variants(catalog.items["b-open"], 1, None)
    chosen = rules.choose_items([unseen, missed, *other], 3, random.Random(0), {missed.id: False})
    assert {i.id for i in chosen} == {unseen.id, other[0].id}
