"""/ask over the shipped course: the best match in the asker's language, accents folded, and topic
suggestions when nothing matches; a reloaded course is searched at once."""

from types import SimpleNamespace

import pytest

from bot.content import load_course
from bot.domain.search import query_terms
from bot.services.ask import AskService
from tests.conftest import SHIPPED_COURSE


@pytest.fixture(scope="module")
def shipped():
    """Only the search: the shipped course, loaded once for the module."""
    course = SimpleNamespace(catalog=load_course(SHIPPED_COURSE))
    return SimpleNamespace(ask=AskService(course))


def test_questions_become_search_terms():
    assert query_terms("What is the theory of permanent revolution?") == ["theory", "permanent", "revolution"]
    assert query_terms("¿Qué es la Revolución Permanente?") == ["revolucion", "permanente"]
    assert query_terms("1905") == ["1905"]
    assert query_terms("the of and ¿?") == []


async def test_the_best_match_is_the_term_asked_about(shipped):
    result = shipped.ask.ask("what does uneven and combined development mean", "en")
    assert result.best is not None and result.best.lang == "en"
    assert result.best.kind in ("term", "section")
    assert "uneven" in result.best.title.lower() and result.best.topic == "uneven-combined"


async def test_spanish_without_accents_finds_spanish_text_with_them(shipped):
    result = shipped.ask.ask("teoria de la revolucion permanente", "es")
    assert result.best is not None and result.best.lang == "es"
    assert "revolución permanente" in (result.best.title + result.best.body).lower()


async def test_a_dated_event_is_found_by_its_year(shipped):
    result = shipped.ask.ask("what happened in 1927 in Shanghai", "en")
    found = [result.best, *result.more]
    assert any("1927" in d.title or "1927" in d.body for d in found)
    assert any(d.topic == "china-1927" for d in found)


async def test_nothing_matches_and_topics_are_suggested(shipped):
    result = shipped.ask.ask("best pizza recipe", "en")
    assert result.best is None and len(result.suggestions) == 3
    result = shipped.ask.ask("zzz cuba qqq", "en")  # one word of three is not enough to answer...
    assert result.best is None and result.suggestions[0].id == "cuba-1959"  # ...but it points the way
    assert shipped.ask.ask("cuba", "en").best.topic == "cuba-1959"


async def test_a_reloaded_course_is_searched_at_once(app, course_copy):
    assert app.ask.ask("zebra", "en").best is None
    path = course_copy / "glossary" / "terms.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("Alpha", "Zebra alpha", 1), encoding="utf-8")
    assert (await app.course.reload(user_id=1)).ok
    assert app.ask.ask("zebra", "en").best.kind == "term"
