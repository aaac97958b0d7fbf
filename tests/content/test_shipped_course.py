"""The course shipped in content/: it loads, fits Discord, and meets the curriculum's minimums in both
languages."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from bot.content import load_course
from bot.domain.translations import missing_in
from tests.conftest import SHIPPED_COURSE

SEEDS = Path(__file__).resolve().parents[3] / "shared" / "seeds"
TOPICS = ["marx-engels", "revolution-1905", "results-and-prospects", "uneven-combined", "class-forces",
          "internationalism", "revolution-1917", "socialism-one-country", "china-1927", "cuba-1959",
          "trotsky-method", "legacy"]


@pytest.fixture(scope="module")
def course():
    return load_course(SHIPPED_COURSE)


def test_loads_without_errors_or_missing_spanish(course):
    assert course.warnings == ()
    for kind in (course.topics, course.quotes, course.items, course.glossary, course.sources):
        for item in kind.values():
            assert missing_in(item, "es") == [], item.id
    for event in course.timeline:
        assert missing_in(event, "es") == [], event.id


def test_minimums(course):
    formats = Counter(item.type for item in course.items.values())
    assert len(course.quotes) >= 40
    assert len(course.items) >= 120
    assert formats["multiple_choice"] >= 50 and formats["true_false"] >= 20 and formats["who_said"] >= 15
    assert formats["ordering"] >= 15 and formats["open"] >= 20
    assert len(course.glossary) >= 40 and len(course.timeline) >= 30
    assert len(course.sources) == 5


def test_every_topic_is_complete(course):
    assert list(course.topics) == TOPICS
    for topic in course.topics.values():
        assert len(topic.summary.en) <= 400 and len(topic.summary.es) <= 400
        assert 3 <= len(topic.sections) <= 6
        assert topic.misconceptions and topic.debates and topic.key_terms and topic.key_quotes and topic.related
        assert len(course.items_for(topic.id)) >= 8, topic.id


def test_quiz_items_teach(course):
    for item in course.items.values():
        assert 1 <= item.difficulty <= 3
        assert len(item.explanation.en) >= 60 and len(item.explanation.es) >= 60, item.id
        prompt = (item.prompt.en if item.prompt else "").lower() if hasattr(item, "prompt") else ""
        assert "all of the above" not in prompt and "none of the above" not in prompt
        for choice in getattr(item, "choices", []) or []:
            text = choice if isinstance(choice, str) else choice.en
            assert text.lower() not in ("all of the above", "none of the above"), item.id


def test_right_answers_are_spread_over_the_letters(course):
    letters = Counter(item.answer for item in course.items.values() if item.type == "multiple_choice")
    assert len(letters) >= 4 and max(letters.values()) <= 0.4 * sum(letters.values())


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed documents are not beside this checkout")
def test_quotes_appear_verbatim_in_a_cited_seed(course):
    seeds = {p.name: p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")}
    by_source = {"overview-es": "000", "study-guide": "001", "robertson-blog": "002", "idom-editorial": "003",
                 "results-prospects-article": "004"}

    def norm(text: str) -> str:
        text = text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
        return re.sub(r"\s+", " ", text)

    for quote in course.quotes.values():
        cited = [norm(text) for name, text in seeds.items()
                 if any(name.startswith(by_source[s]) for s in quote.sources)]
        pieces = [p.strip(" .…") for p in re.split(r"\[…\]|\[\.\.\.\]|\.\.\.|…", norm(quote.text)) if p.strip(" .…")]
        for piece in pieces:
            assert any(piece in text for text in cited), f"{quote.id}: {piece[:60]!r} not in its cited seed"
