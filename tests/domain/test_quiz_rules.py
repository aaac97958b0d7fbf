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
