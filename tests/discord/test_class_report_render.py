"""/class report's embed for a large class, inside Discord's limits: the shipped course's 12 topics with their long
Spanish titles, five hardest questions of the longest text, twelve weeks and thirty visible learners who may need
help, every reason each. Every topic stays; at most ten are named, the rest pointed to the export; the
private learners are a count."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from bot.content import load_course
from bot.discord.class_report import alt_text, participation_chart, report_embed
from bot.domain import limits as L
from bot.domain.class_report import Distribution, LearnerFigures, Reason
from bot.i18n import t
from bot.services.class_report import ClassReport, ItemLine, LearnerLine, TopicMastery, WeekFigures
from tests.conftest import SHIPPED_COURSE

TODAY = date(2026, 12, 7)
IDS = [10**18 + 10**17 * 9 + n for n in range(30)]


def big_report() -> ClassReport:
    catalog = load_course(SHIPPED_COURSE)
    catalog = getattr(catalog, "catalog", catalog)
    mastery = [TopicMastery(t, 15, Distribution(100_000, (40_000, 30_000, 20_000, 10_000), 0.333))
               for t in catalog.topics.values()]
    hardest = [ItemLine(f"question-{n:02d}-with-a-long-id", "W" * 1000, 12_345, 1_234,
                        f"content/quizzes/a-rather-long-file-name-{n}.yaml:1234") for n in range(5)]
    weeks = [WeekFigures(f"2026-W{39 + n}", 14_000, 120_000) for n in range(12)]
    lines = [LearnerLine(LearnerFigures(i, True, 120, 12, 150, 3, date(2025, 1, 1), date(2026, 11, 1)),
                         (Reason.INACTIVE, Reason.LOW_ACCURACY, Reason.LOW_MASTERY)) for i in IDS]
    return ClassReport(guild_id=1, period="all", topic=None, today=TODAY, since=None, learners=100_000,
                       answers=5_000_000, correct=3_400_000, weeks=weeks, mastery=mastery, hardest=hardest,
                       items=hardest, needing_help=lines, private_needing_help=88_518, visible=lines)


@pytest.mark.parametrize("lang, private, more", [
    ("en", "…and 88518 more learners who keep their progress private may need help.",
     "…and {} more named in /class export."),
    ("es", "…y 88518 alumnos más que mantienen privado su progreso quizá necesiten ayuda.",
     "…y {} más con nombre en /clase exportar.")])
def test_a_large_class_fits_discords_limits_with_every_topic(lang, private, more):
    report = big_report()
    embed = report_embed(report, lang)
    assert len(embed) <= L.EMBED_TOTAL and len(embed.fields) <= L.EMBED_FIELDS
    assert all(len(f.value) <= L.EMBED_FIELD_VALUE and len(f.name) <= L.EMBED_FIELD_NAME for f in embed.fields)
    mastery = [line for f in embed.fields if f.name == t("class.mastery", lang) for line in f.value.splitlines()]
    assert len(mastery) == 12 and all(line.endswith("33 %") for line in mastery)  # every topic, whatever is cut
    help_lines = [line for f in embed.fields if f.name == t("class.help", lang) for line in f.value.splitlines()]
    named = help_lines[:-2]
    assert 0 < len(named) <= 10
    assert [line.split(">")[0] + ">" for line in named] == [f"<@{i}>" for i in IDS][:len(named)]
    assert help_lines[-2:] == [more.format(30 - len(named)), private]
    assert f"<@{IDS[len(named)]}>" not in str(embed.to_dict())
    assert len(alt_text(report, lang)) <= 1024
    assert participation_chart(report, lang).startswith(b"\x89PNG")


def test_a_small_class_names_ten_of_those_who_may_need_help():
    report = big_report()
    small = replace(report, mastery=report.mastery[:2], hardest=report.hardest[:1])
    help_lines = [line for f in report_embed(small, "en").fields if f.name == "May need help"
                  for line in f.value.splitlines()]
    assert len(help_lines) == 12 and help_lines[10] == "…and 20 more named in /class export."
