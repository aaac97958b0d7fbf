"""Plain-text rendering of service results for the console."""

from __future__ import annotations

import textwrap

from bot.domain.content import Quote, Topic
from bot.domain.quiz_items import LETTERS, Ordering, TrueFalse, WhoSaidIt
from bot.i18n import plural, t
from bot.services.progress import MASTERED_DAYS
from bot.services.views import Feedback, Progress, QuestionView, Summary

WIDTH = 88


def wrap(text: str) -> str:
    return "\n".join(textwrap.fill(p, WIDTH) if p.strip() else "" for p in text.split("\n"))


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
    return f"“{wrap(text)}”{marker}\n   — {q.attribution}\n{wrap(q.context.get(lang))}"


def question(view: QuestionView, lang: str) -> str:
    item = view.item
    head = t("quiz.question", lang, number=view.number, total=view.total)
    lines = [head]
    if isinstance(item, WhoSaidIt):
        lines.append(quote(view.quote, lang) if view.quote else "")
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
    lines.append(t("quiz.sources", lang, sources="; ".join(s.title for s in fb.sources)))
    return "\n".join(lines)


def _tf(text: str, lang: str) -> str:
    return {"true": t("quiz.true", lang), "false": t("quiz.false", lang)}.get(text, text)


def summary(s: Summary, lang: str) -> str:
    lines = [t("quiz.summary", lang, correct=s.correct, total=s.total, percent=s.percent)]
    if s.missed:
        lines.append(t("quiz.missed", lang, items=", ".join(i.id for i in s.missed)))
    return "\n".join(lines)


def progress(p: Progress, lang: str) -> str:
    lines = [f"== {t('progress.title', lang)} ==",
             t("progress.line", lang, answers=plural("n.answers", lang, p.answered),
               accuracy=round(100 * p.accuracy), streak=plural("n.days", lang, p.streak),
               due=plural("n.reviews_due", lang, p.due))]
    for tp in p.topics:
        lines.append("  " + t("progress.topic", lang, title=tp.topic.title.get(lang), mastered=tp.mastered,
                              items=tp.items, read=t("progress.read", lang) if tp.read else ""))
    lines.append(wrap(t("progress.mastered_means", lang, days=MASTERED_DAYS)))
    return "\n".join(lines)
