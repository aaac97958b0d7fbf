from hypothesis import given
from hypothesis import strategies as st

from bot.domain.matching import edit_distance, match_answer, normalize


def test_forgives_case_accents_punctuation_and_articles():
    m = match_answer("  the saint-petersburg SOVIÉT! ", ["Saint Petersburg Soviet"])
    assert m.correct and m.exact and m.accepted == "Saint Petersburg Soviet"
    assert match_answer("el sóviet de san petersburgo", ["Sóviet de San Petersburgo"]).exact


def test_small_typos_forgiven_and_reported():
    m = match_answer("Trotksy", ["Trotsky"])
    assert m.correct and not m.exact and m.accepted == "Trotsky"
    assert match_answer("Petrogad", ["Saint Petersburg", "Petrograd"]).accepted == "Petrograd"


def test_wrong_answers_refused():
    assert not match_answer("Stalin", ["Trotsky"]).correct
    assert not match_answer("Lenin", ["Lenin's return"]).correct
    assert not match_answer("", ["Trotsky"]).correct
    assert not match_answer("!!!", ["Trotsky"]).correct


def test_numbers_are_never_typos():
    assert not match_answer("1906", ["1905"]).correct
    assert match_answer("1905", ["1905"]).correct
    assert not match_answer("Results 1907", ["Results 1906"]).correct


def test_short_answers_need_exact_spelling():
    assert not match_answer("Mao", ["Mar"]).correct


def test_listed_variants_accepted():
    assert match_answer("St Petersburg", ["Saint Petersburg", "St Petersburg"]).accepted == "St Petersburg"


@given(st.text(max_size=30), st.text(max_size=30))
def test_edit_distance_symmetric_and_bounded(a, b):
    d = edit_distance(a, b, 100)
    assert d == edit_distance(b, a, 100)
    assert abs(len(a) - len(b)) <= d <= max(len(a), len(b))


@given(st.text(max_size=300))
def test_normalize_never_fails_and_is_idempotent(text):
    once = normalize(text)
    assert normalize(once) == once
