"""/class report's embed and participation chart, and /class export's CSV files, in the moderator's language.
Learners are named by mention, and only those the service lists (who share their progress); the chart's figures
are in the embed's text and its alt text too."""

from __future__ import annotations

import csv
import io
import logging
from functools import lru_cache

import discord
from PIL import Image, ImageDraw, ImageFont

from bot.domain import limits as L
from bot.domain.class_report import INACTIVE_DAYS, Reason
from bot.i18n import plural, t
from bot.services.class_report import ClassReport, LearnerLine, export_tables

from .chart import FONT_FILE
from .render import BLUE
from .text import fit

log = logging.getLogger(__name__)
CHART_FILE = "participation.png"
NAMED = 10  # learners named in the embed; the export lists every one who shares their progress
FIELD = 1024


def period_text(report: ClassReport, lang: str) -> str:
    return t(f"class.period.{report.period}", lang)


def percent(share: float) -> int:
    return round(100 * share)


def _packed(name: str, lines: list[str]) -> list[tuple[str, str]]:
    """Lines in as few fields as Discord's 1,024 characters a field allow, each field under `name`."""
    fields: list[tuple[str, str]] = []
    chunk = ""
    for line in lines:
        line = fit(line, FIELD)
        if chunk and len(chunk) + 1 + len(line) > FIELD:
            fields.append((name, chunk))
            chunk = line
        else:
            chunk = f"{chunk}\n{line}" if chunk else line
    if chunk:
        fields.append((name, chunk))
    return fields


def reason_text(line: LearnerLine, reason: Reason, today, lang: str) -> str:
    f = line.figures
    if reason is Reason.INACTIVE:
        days = (today - f.last_day).days if f.last_day else INACTIVE_DAYS
        return t("class.reason.inactive", lang, days=days)
    if reason is Reason.LOW_ACCURACY:
        return t("class.reason.low_accuracy", lang, share=percent(f.share_right), answers=f.answered)
    return t("class.reason.low_mastery", lang, mastered=f.mastered, questions=f.questions)


def _help_lines(report: ClassReport, named: int, lang: str) -> list[str]:
    """The first `named` visible learners who may need help, by mention with their reasons; how many more the
    export names; how many private learners may need help, as a count."""
    shown = report.needing_help[:named]
    lines = [t("class.help_line", lang, who=f"<@{line.figures.user_id}>",
               reasons="; ".join(reason_text(line, r, report.today, lang) for r in line.reasons)) for line in shown]
    if len(report.needing_help) > len(shown):
        lines.append(t("class.help_more", lang, count=len(report.needing_help) - len(shown)))
    if report.private_needing_help:
        lines.append(plural("n.class_private", lang, report.private_needing_help))
    return lines or [t("class.help_none", lang)]


def report_embed(report: ClassReport, lang: str) -> discord.Embed:
    title = t("class.title", lang) + f" · {period_text(report, lang)}"
    if report.topic is not None:
        title += f" · {report.topic.title.get(lang)}"
    lines = [t("class.since", lang, period=period_text(report, lang), since=report.since.isoformat())
             if report.since else t("class.since_all", lang)]
    if report.learners:
        lines.append(" · ".join((plural("n.class_learners", lang, report.learners),
                                 plural("n.class_answers", lang, report.answers),
                                 t("class.share", lang, share=percent(report.share_right)))))
    else:
        lines.append(t("class.nobody", lang))
    if report.topic is not None:
        lines.append(t("class.topic_note", lang))
    embed = discord.Embed(title=fit(title, L.EMBED_TITLE), description=fit("\n".join(lines), 4096), colour=BLUE)

    mastery = [t("class.mastery_line", lang, title=discord.utils.escape_markdown(fit(m.topic.title.get(lang), 40)),
                 q0=m.spread.quarters[0], q1=m.spread.quarters[1], q2=m.spread.quarters[2], q3=m.spread.quarters[3],
                 median=percent(m.spread.median)) for m in report.mastery]
    hardest = [t("class.hardest_line", lang, item=i.item_id, text=discord.utils.escape_markdown(fit(i.text, 80)),
                 share=percent(i.share_right), answers=i.answered,
                 place=f"`{i.place}`" if i.place else t("class.no_file", lang)) for i in report.hardest]
    weeks = [t("class.week_line", lang, week=w.week, learners=plural("n.class_week_learners", lang, w.learners),
               answers=plural("n.class_answers", lang, w.answers)) for w in report.weeks]
    embed.set_footer(text=fit(t("class.rules", lang), 2048))
    parts = [_packed(t("class.mastery", lang), mastery),
             _packed(t("class.hardest", lang), hardest or [t("class.hardest_none", lang)]),
             _packed(t("class.weeks", lang), weeks), []]

    def size() -> int:
        return len(embed) + sum(len(name) + len(value) for part in parts for name, value in part)

    # within Discord's 6,000 characters an embed: fewer learners named (the export lists them all), then the
    # hardest questions' and the weeks' second fields, and last of all the topics'
    for named in (NAMED, 5, 2, 0):
        parts[3] = _packed(t("class.help", lang), _help_lines(report, named, lang))
        if size() <= L.EMBED_TOTAL:
            break
    for part in (parts[1], parts[2], parts[0]):
        while size() > L.EMBED_TOTAL and len(part) > 1:
            part.pop()
    for name, value in (field for part in parts for field in part):
        embed.add_field(name=fit(name, 256), value=value, inline=False)
    embed.set_image(url=f"attachment://{CHART_FILE}")
    return embed


def alt_text(report: ClassReport, lang: str) -> str:
    """The chart's figures in words, for who cannot see it (an attachment's description: 1,024 characters)."""
    weeks = "; ".join(t("class.chart_week", lang, week=w.week, answers=plural("n.class_answers", lang, w.answers),
                        learners=plural("n.class_week_learners", lang, w.learners)) for w in report.weeks)
    return fit(t("class.chart_alt", lang, weeks=weeks), 1024)


WIDTH, HEIGHT, PAD, TOP, BOTTOM = 760, 300, 20, 44, 40
BACKGROUND, AXIS, ANSWERS, LEARNERS, TEXT = "#2b2d31", "#404249", "#3b6fb6", "#2e8b57", "#f2f3f5"


@lru_cache(maxsize=2)
def _font(size: int) -> ImageFont.ImageFont | ImageFont.FreeTypeFont:
    try:
        return ImageFont.truetype(FONT_FILE, size)
    except OSError:  # bot.discord.chart logs the missing font once
        return ImageFont.load_default(size=size)


def participation_chart(report: ClassReport, lang: str) -> bytes:
    """PNG bytes: per week, a bar of answers and a bar of active learners (each to its own scale), with their
    counts, the weeks below and a legend above."""
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    small, label = _font(12), _font(14)
    draw.rectangle((PAD, 14, PAD + 12, 26), fill=ANSWERS)
    draw.text((PAD + 18, 20), t("class.legend_answers", lang), fill=TEXT, font=label, anchor="lm")
    draw.rectangle((PAD + 160, 14, PAD + 172, 26), fill=LEARNERS)
    draw.text((PAD + 178, 20), t("class.legend_learners", lang), fill=TEXT, font=label, anchor="lm")
    base = HEIGHT - BOTTOM
    draw.line((PAD, base, WIDTH - PAD, base), fill=AXIS, width=1)
    weeks = report.weeks or []
    slot = (WIDTH - 2 * PAD) / max(1, len(weeks))
    bar = max(4.0, min(28.0, slot / 3))
    top_answers = max([w.answers for w in weeks] + [1])
    top_learners = max([w.learners for w in weeks] + [1])
    room = base - TOP - 16
    for i, w in enumerate(weeks):
        middle = PAD + slot * (i + 0.5)
        for value, top, colour, left in ((w.answers, top_answers, ANSWERS, middle - bar - 1),
                                         (w.learners, top_learners, LEARNERS, middle + 1)):
            height = round(room * value / top)
            if height:
                draw.rectangle((left, base - height, left + bar, base - 1), fill=colour)
            draw.text((left + bar / 2, base - height - 3), str(value), fill=TEXT, font=small, anchor="mb")
        draw.text((middle, base + 8), w.week.split("-", 1)[-1], fill=TEXT, font=small, anchor="mt")
    out = io.BytesIO()
    image.save(out, format="PNG", compress_level=1)
    return out.getvalue()


def report_message(report: ClassReport, lang: str) -> tuple[discord.Embed, discord.File]:
    """The embed and its chart, drawn (a worker thread may call this: it only draws)."""
    png = participation_chart(report, lang)
    return report_embed(report, lang), discord.File(io.BytesIO(png), filename=CHART_FILE,
                                                    description=alt_text(report, lang))


def export_files(report: ClassReport, catalog, lang: str) -> list[discord.File]:
    """The report's tables as CSV files (UTF-8 with a byte-order mark, which spreadsheets read as UTF-8)."""
    files = []
    for name, rows in export_tables(report, catalog, lang).items():
        out = io.StringIO()
        csv.writer(out).writerows(rows)
        files.append(discord.File(io.BytesIO(out.getvalue().encode("utf-8-sig")), filename=name))
    return files
