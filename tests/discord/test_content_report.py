"""The /content reply's list of problems: the first ones whole, then how many more, in the reader's language."""

from __future__ import annotations

from bot.discord.cogs.moderation import REPORT_LINES, report


def test_a_long_report_counts_the_problems_it_leaves_out_in_the_readers_language():
    problems = [f"content/quizzes/q.yaml:{n}: problem {n}" for n in range(1, REPORT_LINES + 4)]
    english, spanish = report(problems, "en"), report(problems, "es")
    assert "content/quizzes/q.yaml:1: problem 1\n" in english
    assert english.endswith("\n… and 3 more problems\n```") and spanish.endswith("\n… y 3 problemas más\n```")
    one_more = problems[: REPORT_LINES + 1]
    assert report(one_more, "en").endswith("… and 1 more problem\n```")
    assert report(one_more, "es").endswith("… y 1 problema más\n```")
    assert "más" not in report(problems[:REPORT_LINES], "es")
