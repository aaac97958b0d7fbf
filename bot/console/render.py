"""Plain-text rendering of service results for the console."""

from __future__ import annotations

import textwrap
from datetime import datetime, tzinfo
from zoneinfo import ZoneInfo

from bot.domain.catalog import Catalog
from bot.domain.content import GlossaryTerm, Quote, TimelineEvent, Topic, note_in
from bot.domain.quiz_items import LETTERS, Ordering, TrueFalse, WhoSaidIt
from bot.i18n import plural, t
from bot.i18n.names import attribution, language_name
from bot.services import activity, flashcards
from bot.services.ask import AskResult
from bot.services.progress import MASTERED_DAYS
from bot.services.views import Feedback, Progress, QuestionView, Summary

WIDTH = 88


def wrap(text: str) -> str:
    return "\n".join(textwrap.fill(p, WIDTH) if p.strip() else "" for p in text.split("\n"))


def note(text: str, lang: str, indent: str = "") -> list[str]:
    """An item's correction of a source (its `note` in `lang`), as a line of its own, 'Note: ...'; none for ''."""
    if not text:
        return []
    return [textwrap.fill(f"{t('note.title', lang)}: {text}", WIDTH, initial_indent=indent, subsequent_indent=indent)]


def topic(topic: Topic, lang: str) -> str:
    parts = [f"== {topic.title.get(lang)} ==", wrap(topic.summary.get(lang)), ""]
    for section in topic.sections:
        parts += [f"-- {section.title.get(lang)} --", wrap(section.body.get(lang)), ""]
    for m in topic.misconceptions:  # labelled, so a myth is never read as the course's own claim
        parts += [wrap(f"* {t('learn.myth', lang)}: {m.myth.get(lang)}"),
                  wrap(f"  {t('learn.sources_say', lang)}: {m.fact.get(lang)}"), ""]
    for d in topic.debates:
        parts += [f"> {d.who.get(lang)}: {d.view.get(lang)}"]
    return "\n".join(parts)


def quote(q: Quote, lang: str) -> str:
    text, translated = q.text_in(lang)
    marker = f" {t('quote.translation', lang)}" if translated else ""
    return "\n".join([f"“{wrap(text)}”{marker}", f"   — {attribution(q.speaker, q.work, q.year, lang)}",
                      wrap(q.context.get(lang)), *note(note_in(q, lang), lang)])


def question(view: QuestionView, lang: str) -> str:
    item = view.item
    head = t("quiz.question", lang, number=view.number, total=view.total)
    lines = [head]
    if isinstance(item, WhoSaidIt):  # the words only: their attribution and context would give the answer away
        if view.quote is not None:
            text, translated = view.quote.text_in(lang)
            lines.append(f"“{wrap(text)}”" + (f" {t('quote.translation', lang)}" if translated else ""))
        lines.append(item.prompt.get(lang) if item.prompt else t("quiz.who_said", lang))
    else:
        lines.append(wrap(item.prompt.get(lang)))
    if isinstance(item, TrueFalse):
        lines.append(t("quiz.tf_prompt", lang))
    elif view.choices:
        lines += [f"  {LETTERS[i]}) {c}" for i, c in enumerate(view.choices)]
        lines.append(t("quiz.order_prompt" if isinstance(item, Ordering) else "quiz.choice_prompt", lang))
    else:
        lines.append(t("quiz.open_prompt", lang))
    return "\n".join(lines)


def feedback(fb: Feedback, lang: str) -> str:
    g = fb.grade
    lines = [t("quiz.right" if g.correct else "quiz.close" if g.close else "quiz.wrong", lang)]
    if g.forgiven:
        lines.append(t("quiz.forgiven_contains" if g.contained else "quiz.forgiven", lang, accepted=g.forgiven))
    if not g.correct:
        lines.append(t("quiz.answer_was", lang, answer=_tf(g.expected, lang)))
    lines.append(wrap(fb.explanation))
    lines += note(fb.note, lang)
    lines.append(t("quiz.sources", lang, sources="; ".join(s.title for s in fb.sources)))
    return "\n".join(lines)


def _tf(text: str, lang: str) -> str:
    return {"true": t("quiz.true", lang), "false": t("quiz.false", lang)}.get(text, text)


def summary(s: Summary, lang: str, steps: list[str]) -> str:
    """The score, each missed question with the learner's answer and the right one, and `steps`, numbered: what
    can come next ('review' the misses, 'another' quiz, 'learn' the weakest topic), as Discord's buttons."""
    lines = [t("quiz.summary", lang, correct=s.correct, total=s.total, percent=s.percent)]
    if s.missed:
        lines += ["", t("quiz.missed_title", lang)]
    for m in s.missed:
        asked = m.asked or t("quiz.who_said", lang)
        if m.quote:
            asked = (f"“{m.quote}”" + (f" {t('quote.translation', lang)}" if m.translated else "")
                     + (f" {m.asked}" if m.asked else ""))
        lines.append(textwrap.fill(asked, WIDTH, initial_indent="  x ", subsequent_indent="    "))
        if m.given:
            lines.append("    " + t("quiz.you_said", lang, answer=_tf(m.given, lang)))
        lines.append("    " + t("quiz.answer_was", lang, answer=_tf(m.expected, lang)))
    labels = {"review": t("quiz.review_missed", lang), "another": t("quiz.another", lang),
              "learn": t("quiz.learn_weakest", lang, topic=s.weakest.title.get(lang)) if s.weakest else ""}
    lines += ["", t("console.next_title", lang)]
    lines += [f"  {number}) {labels[step]}" for number, step in enumerate(steps, 1)]
    return "\n".join(lines)


def progress(p: Progress, lang: str) -> str:
    lines = [f"== {t('progress.title', lang)} ==",
             t("progress.line", lang, answers=plural("n.answers", lang, p.answered),
               accuracy=round(100 * p.accuracy), streak=plural("n.days", lang, p.streak),
               due=plural("n.reviews_due", lang, p.due))]
    lines += schedule(p, lang)
    if cards := flashcards.summary(p.flashcards, lang):  # apart from the reviews: /review cannot show them
        lines.append(f"{t('flashcards.heading', lang)}: {cards}")
    for tp in p.topics:
        lines.append("  " + t("progress.topic", lang, title=tp.topic.title.get(lang), mastered=tp.mastered,
                              items=tp.items, read=t("progress.read", lang) if tp.read else ""))
    if p.answered:
        lines.append(wrap(activity.summary(p.activity, lang)))
    lines.append(wrap(t("progress.mastered_means", lang, days=MASTERED_DAYS)))
    return "\n".join(lines)


def schedule(p: Progress, lang: str) -> list[str]:
    """Reviews due now, by the end of the learner's day, and the next one's date and time in their zone."""
    if p.next_due is None and not p.due_today:
        return [wrap(t("schedule.none", lang))]
    lines = [t("schedule.due_now", lang, count=p.due), t("schedule.due_today", lang, zone=p.zone, count=p.due_today)]
    if p.next_due is not None:
        lines.append(t("schedule.next", lang, when=local_time(p.next_due, p.zone)))
    return lines


def local_time(when: datetime, zone: tzinfo) -> str:
    """A time as the learner's clock shows it: '2026-03-03 00:05 JST'."""
    local = when.astimezone(zone)
    return f"{local:%Y-%m-%d %H:%M} {local.tzname()}"


def time_zone(zone: ZoneInfo, lang: str, changed: bool = False) -> str:
    """The learner's zone, just set or as it is, and what it counts."""
    key = "set" if changed else "utc" if zone.key == "UTC" else "shown"
    return wrap(t(f"console.timezone_{key}", lang, zone=zone.key))


# console-only views of the reference commands (glossary, timeline, sources, ask) and paging

PAGE_LINES = 24  # about a terminal screen, with room for the prompt


def glossary(term: GlossaryTerm, lang: str, catalog: Catalog) -> str:
    topics = [catalog.topics[tp].title.get(lang) for tp in term.topics if tp in catalog.topics]
    return "\n".join([f"== {term.term.get(lang)} ==", wrap(term.definition.get(lang)), *note(note_in(term, lang), lang),
                      "  · ".join(topics)])


def timeline(events: list[TimelineEvent], lang: str, title: str) -> str:
    lines = [f"== {title} =="]
    for e in events:
        lines += [wrap(f"{e.date} · {e.title.get(lang)}"),
                  textwrap.fill(e.description.get(lang), WIDTH, initial_indent="    ", subsequent_indent="    "),
                  *note(note_in(e, lang), lang, "    ")]
    return "\n".join(lines)


def sources(catalog: Catalog, lang: str) -> str:
    """The course's word on its sources ("About these sources"), then each source: how to find it (author,
    publisher or site, date, language; its link where it has one), what it holds, and what it is and where it
    leans."""
    lines = [f"== {t('sources.title', lang)} =="]
    if about := catalog.course.about_sources:
        lines += [f"-- {t('sources.about_title', lang)} --", wrap(about.get(lang)), ""]
    for s in catalog.sources.values():
        found = " · ".join(part for part in (s.author, s.publisher, s.date, language_name(s.language, lang)) if part)
        lines += [wrap(s.title), _indented(found)]
        if s.url:
            lines.append(f"    {s.url}")
        lines.append(_indented(s.description.get(lang)))
        if s.about:
            lines.append(_indented(f"{t('sources.about', lang)}: {s.about.get(lang)}"))
    return "\n".join(lines)


def _indented(text: str) -> str:
    return textwrap.fill(text, WIDTH, initial_indent="    ", subsequent_indent="    ")


def answer(result: AskResult, lang: str, catalog: Catalog) -> str:
    """/ask's answer: the best match (a quote in quotation marks), where it comes from, and what else to read."""
    best = result.best
    if best is None:
        lines = [wrap(t("ask.nothing", lang, question=result.question[:200]))]
        lines += [f"  {tp.title.get(lang)} (learn {tp.id})" for tp in result.suggestions]
        return "\n".join(lines)
    body = f"“{best.body}”" if best.kind == "quote" else best.body
    lines = [f"== {best.title} ==", wrap(body), *note(best.note, lang)]
    if best.topic in catalog.topics:
        lines.append(t(f"ask.from.{best.kind}", lang, topic=catalog.topics[best.topic].title.get(lang)))
    if result.more:
        lines.append(t("ask.see_also", lang) + ": " + "; ".join(d.title for d in result.more))
    return "\n".join(lines)


def pages(text: str, size: int = PAGE_LINES) -> list[str]:
    """Text cut into screens of at most `size` lines, at blank lines where one is near (a paragraph stays
    whole unless it is longer than a screen)."""
    lines, out, start = text.split("\n"), [], 0
    while start < len(lines):
        end = min(start + size, len(lines))
        if end < len(lines):
            blank = max((i for i in range(start + size // 2, end) if not lines[i].strip()), default=None)
            end = blank + 1 if blank is not None else end
        out.append("\n".join(lines[start:end]).rstrip("\n"))
        start = end
    return out
