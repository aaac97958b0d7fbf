"""A quiz's summary on Discord: every miss with the learner's answer and the right one, cut with "+N more" so
the embed stays inside Discord's limits however long the questions and answers are."""

from __future__ import annotations

import pytest

from bot.content import load_course
from bot.discord.render import summary
from bot.domain import limits as L
from bot.services.views import Missed, Summary
from tests.conftest import FIXTURE_COURSE

ITEM = load_course(FIXTURE_COURSE).items["b-open"]


def missed(n: int, size: int) -> list[Missed]:
    return [Missed(ITEM, f"Question {i} " + "word " * (size // 5), "given " * 40, "right " * 16) for i in range(n)]


@pytest.mark.parametrize("lang, more", [("en", "+{count} more"), ("es", "+{count} más")])
def test_twenty_long_misses_fit_the_embed_and_say_how_many_more(lang, more):
    embed = summary(Summary(1, 20, 20, 0, missed(20, L.PROMPT_MAX)), lang)
    assert len(embed) <= L.EMBED_TOTAL and len(embed.fields) <= L.EMBED_FIELDS
    assert 1 <= len(embed.fields) < 20
    assert embed.footer.text == more.format(count=20 - len(embed.fields))
    assert all(f.name.startswith("❌ Question ") and len(f.name) <= L.EMBED_FIELD_NAME for f in embed.fields)
    assert all(len(f.value) <= L.EMBED_FIELD_VALUE for f in embed.fields)


def test_a_few_short_misses_are_all_listed_with_both_answers():
    embed = summary(Summary(1, 5, 5, 2, [Missed(ITEM, "Name the city.", "Moscow", "Petrograd"),
                                         Missed(ITEM, "Alpha comes first.", "false", "true")]), "en")
    assert [f.name for f in embed.fields] == ["❌ Name the city.", "❌ Alpha comes first."]
    assert [f.value for f in embed.fields] == ["You answered: Moscow\nAnswer: Petrograd",
                                               "You answered: False\nAnswer: True"]
    assert embed.footer.text is None
