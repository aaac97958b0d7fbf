"""The group quiz's scoreboard and "got it right" list: cut with "+N more", inside Discord's embed limits."""

from __future__ import annotations

import pytest

from bot.discord.group_quiz import _people, scoreboard
from bot.domain import limits as L
from bot.services.group import Standing

IDS = [10**18 + 10**17 * 9 + n for n in range(40)]  # 19-digit ids, as Discord's are today
STANDINGS = [Standing(user_id=i, correct=40 - n, answered=40) for n, i in enumerate(IDS)]


@pytest.mark.parametrize("lang, more", [("en", "+15 more"), ("es", "+15 más")])
def test_forty_players_show_the_first_25_and_how_many_more(lang, more):
    embed = scoreboard(lang, 40, STANDINGS)
    lines = embed.description.split("\n")
    assert len(lines) == 26 and lines[-1] == more
    assert lines[0].startswith("🥇") and f"<@{IDS[0]}>" in lines[0] and f"<@{IDS[24]}>" in lines[24]
    assert f"<@{IDS[25]}>" not in embed.description
    assert len(embed.description) <= L.EMBED_DESCRIPTION and len(embed) <= L.EMBED_TOTAL


def test_25_players_or_fewer_need_no_more_line():
    assert "+" not in scoreboard("en", 10, STANDINGS[:25]).description
    assert scoreboard("en", 10, STANDINGS[:25]).description.count("\n") == 24


@pytest.mark.parametrize("lang, more", [("en", " +10 more"), ("es", " +10 más")])
def test_the_list_of_who_got_it_right_says_how_many_more(lang, more):
    text = _people(IDS, lang)
    assert text.endswith(more) and text.count("<@") == 30 and len(text) <= L.EMBED_FIELD_VALUE
