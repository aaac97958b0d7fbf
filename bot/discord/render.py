"""Service results -> embeds. Every text is fitted to Discord's limits; nothing is cut mid-word."""

from __future__ import annotations

import discord

from bot.domain import limits as L
from bot.domain.catalog import Catalog
from bot.domain.content import GlossaryTerm, Quote, Source, TimelineEvent, Topic, note_in
from bot.domain.quiz_items import LETTERS, Ordering, TrueFalse, WhoSaidIt
from bot.i18n import plural, t
from bot.i18n.names import attribution, language_name
from bot.services import activity, flashcards
from bot.services.progress import MASTERED_DAYS
from bot.services.views import Feedback, LeaderEntry, Progress, QuestionView, Summary

from .text import fit

BLUE, GREEN, RED, GOLD = 0x3B6FB6, 0x2E8B57, 0xB22222, 0xC9A227
MISSED_SHOWN, MISSED_QUESTION, MISSED_ANSWERS = 10, 200, 400  # a quiz's summary: misses listed, and their sizes


def _embed(title: str, description: str = "", colour: int = BLUE) -> discord.Embed:
    return discord.Embed(title=fit(title, L.EMBED_TITLE), description=fit(description, L.EMBED_DESCRIPTION),
                         colour=colour)


def notice(title: str, text: str) -> discord.Embed:
    return _embed(title, text, GOLD)


def add_note(embed: discord.Embed, entry: object, lang: str) -> None:
    """An item's correction of a source, as a field of its own under what it corrects (none without one)."""
    if note := note_in(entry, lang):
        embed.add_field(name=t("note.title", lang), value=fit(note, L.EMBED_FIELD_VALUE), inline=False)


def topic_pages(topic: Topic) -> int:
    """Summary page, one page per section, then misconceptions and debates if any."""
    return 1 + len(topic.sections) + bool(topic.misconceptions) + bool(topic.debates)


def topic_page(topic: Topic, page: int, lang: str, catalog: Catalog) -> discord.Embed:
    total = topic_pages(topic)
    page = max(0, min(page, total - 1))
    title = topic.title.get(lang)
    if page == 0:
        embed = _embed(title, topic.summary.get(lang))
        if topic.key_quotes and topic.key_quotes[0] in catalog.quotes:
            q = catalog.quotes[topic.key_quotes[0]]
            text, translated = q.text_in(lang)
            marker = f" {t('quote.translation', lang)}" if translated else ""
            embed.add_field(name=t("learn.key_quote", lang), value=fit(f"“{text}”{marker} — {_attribution(q, lang)}",
                                                                        L.EMBED_FIELD_VALUE), inline=False)
            add_note(embed, q, lang)
        related = [catalog.topics[r].title.get(lang) for r in topic.related if r in catalog.topics]
        if related:
            embed.add_field(name=t("learn.related", lang), value=fit(" · ".join(related), L.EMBED_FIELD_VALUE))
        terms = [catalog.glossary[g].term.get(lang) for g in topic.key_terms if g in catalog.glossary]
        if terms:
            embed.add_field(name=t("learn.key_terms", lang), value=fit(", ".join(terms), L.EMBED_FIELD_VALUE))
    elif page <= len(topic.sections):
        section = topic.sections[page - 1]
        embed = _embed(f"{title}: {section.title.get(lang)}", section.body.get(lang))
    elif page == len(topic.sections) + 1 and topic.misconceptions:
        embed = _embed(f"{title}: {t('learn.misconceptions', lang)}")
        for m in topic.misconceptions:  # labelled, so a myth is never read as the course's own claim
            embed.add_field(name=fit(f"{t('learn.myth', lang)}: {m.myth.get(lang)}", L.EMBED_FIELD_NAME),
                            value=fit(f"**{t('learn.sources_say', lang)}:** {m.fact.get(lang)}",
                                      L.EMBED_FIELD_VALUE), inline=False)
    else:
        embed = _embed(f"{title}: {t('learn.debates', lang)}")
        for d in topic.debates:
            embed.add_field(name=fit(d.who.get(lang), L.EMBED_FIELD_NAME),
                            value=fit(d.view.get(lang), L.EMBED_FIELD_VALUE), inline=False)
    sources = ", ".join(catalog.sources[s].title for s in topic.sources if s in catalog.sources)
    embed.set_footer(text=fit(t("learn.footer", lang, page=page + 1, total=total, sources=sources), 2048))
    return embed


def quote(q: Quote, lang: str, catalog: Catalog) -> discord.Embed:
    text, translated = q.text_in(lang)
    body = f"“{text}”"
    if translated:
        body += f"\n*{t('quote.translation', lang)}*"
    embed = _embed(_attribution(q, lang), body, GOLD)
    embed.add_field(name=t("quote.context", lang), value=fit(q.context.get(lang), L.EMBED_FIELD_VALUE), inline=False)
    add_note(embed, q, lang)
    sources = "; ".join(f"{s.title} ({s.author})" for s in (catalog.sources.get(i) for i in q.sources) if s)
    embed.set_footer(text=fit(t("quote.source", lang, sources=sources), 2048))
    return embed


def _attribution(q: Quote, lang: str) -> str:
    return attribution(q.speaker, q.work, q.year, lang)


def question(view: QuestionView, marks: dict[int, str] | None = None) -> discord.Embed:
    """The question with its choices listed once (the buttons carry only their letters). `marks`: after an
    answer, a mark before some choices (display index -> ✅ the right one, ❌ the learner's wrong pick)."""
    lang, item = view.lang, view.item
    marks = marks or {}
    if isinstance(item, WhoSaidIt):
        text = ""
        if view.quote is not None:
            quoted, translated = view.quote.text_in(lang)
            marker = f" *{t('quote.translation', lang)}*" if translated else ""
            text = f"“{quoted}”{marker}\n\n"
        text += item.prompt.get(lang) if item.prompt else t("quiz.who_said", lang)
    else:
        text = item.prompt.get(lang)
    if isinstance(item, Ordering):
        text += "\n\n" + t("quiz.order_click", lang)
    elif isinstance(item, TrueFalse):
        pass
    elif view.choices:
        text += "\n\n" + "\n".join(f"{marks[i] + ' ' if i in marks else ''}**{LETTERS[i]}** · {c}"
                                    for i, c in enumerate(view.choices))
    else:
        text += "\n\n" + t("quiz.open_click", lang)
    embed = _embed(t("quiz.question", lang, number=view.number, total=view.total), text)
    embed.set_footer(text=t("quiz.difficulty", lang, level="★" * item.difficulty))
    return embed


def feedback(fb: Feedback) -> discord.Embed:
    """The verdict; for an ordering, the learner's order marked place by place; the running score."""
    lang, g = fb.question.lang, fb.grade
    lines = [t("quiz.again", lang)] if fb.again else []
    if g.forgiven:
        lines.append(t("quiz.forgiven_contains" if g.contained else "quiz.forgiven", lang, accepted=g.forgiven))
    places = _places(fb)
    if places is None:
        lines.append(t("quiz.you_said", lang, answer=answer_text(g.given, lang)))
    if not g.correct:
        lines.append(t("quiz.answer_was", lang, answer=answer_text(g.expected, lang)))
    right, answered = fb.score
    if answered:
        lines.append(t("quiz.so_far", lang, correct=right, answered=answered))
    title = "quiz.right" if g.correct else "quiz.close" if g.close else "quiz.wrong"
    embed = _embed(t(title, lang), "\n".join(lines),
                   GREEN if g.correct else RED)
    if places is not None:
        embed.add_field(name=t("quiz.your_order", lang), value=fit(places, L.EMBED_FIELD_VALUE), inline=False)
    embed.add_field(name=t("quiz.why", lang), value=fit(fb.explanation, L.EMBED_FIELD_VALUE), inline=False)
    if fb.note:
        embed.add_field(name=t("note.title", lang), value=fit(fb.note, L.EMBED_FIELD_VALUE), inline=False)
    embed.set_footer(text=fit(t("quiz.sources", lang, sources="; ".join(s.title for s in fb.sources)), 2048))
    return embed


def choice_marks(fb: Feedback) -> dict[int, str]:
    """For a choice question: ✅ on the right choice and ❌ on the learner's wrong pick, by display index."""
    choices, g = fb.question.choices, fb.grade
    if isinstance(fb.question.item, Ordering) or not choices:
        return {}
    marks = {choices.index(g.given): "❌"} if g.given in choices and not g.correct else {}
    if g.expected in choices:
        marks[choices.index(g.expected)] = "✅"
    return marks


def _places(fb: Feedback) -> str | None:
    """An ordering's answer, place by place, each marked right or wrong, then how many are in their place (the
    answer still counts as right only when all are). None for other questions, or when the learner's order can
    no longer be named (its events changed since)."""
    if not isinstance(fb.question.item, Ordering):
        return None
    given, expected = fb.grade.given.split(" → "), fb.grade.expected.split(" → ")
    if len(given) != len(expected) or len(given) < 2:
        return None
    right = [a == b for a, b in zip(given, expected, strict=True)]
    lines = [f"{'✅' if ok else '❌'} {n}. {event}" for n, (event, ok) in enumerate(zip(given, right, strict=True), 1)]
    lang = fb.question.lang
    return "\n".join([*lines, t("quiz.in_place", lang, right=sum(right), total=len(right))])


def answer_text(text: str, lang: str) -> str:
    """'true'/'false' as the words in `lang`; any other answer as it is."""
    return t(f"quiz.{text}", lang) if text in ("true", "false") else text


def summary(s: Summary, lang: str) -> discord.Embed:
    embed = _embed(t("quiz.summary_title", lang),
                   t("quiz.summary", lang, correct=s.correct, total=s.total, percent=s.percent),
                   GREEN if s.percent >= 70 else GOLD)
    # each miss as a field: the question, the learner's answer, the right one, as many as fit the embed
    room = L.EMBED_TOTAL - len(embed.title or "") - len(embed.description or "") - 100  # 100: the "+N more"
    shown = 0
    for m in s.missed[:MISSED_SHOWN]:
        if m.quote:  # a long quote is cut, not its translation marker or the prompt after it
            tail = (f" {t('quote.translation', lang)}" if m.translated else "") + (f" {m.asked}" if m.asked else "")
            quoted = fit(m.quote, max(MISSED_QUESTION // 2, MISSED_QUESTION - len(tail) - 4))
            name = fit(f"❌ “{quoted}”{tail}", MISSED_QUESTION)
        else:
            name = fit(f"❌ {m.asked or t('quiz.who_said', lang)}", MISSED_QUESTION)
        lines = [t("quiz.you_said", lang, answer=answer_text(m.given, lang))] if m.given else []
        lines.append(t("quiz.answer_was", lang, answer=answer_text(m.expected, lang)))
        value = fit("\n".join(lines), MISSED_ANSWERS)
        if len(name) + len(value) > room:
            break
        embed.add_field(name=name, value=value, inline=False)
        room -= len(name) + len(value)
        shown += 1
    if shown < len(s.missed):
        embed.set_footer(text=t("quiz.more_missed", lang, count=len(s.missed) - shown))
    return embed


def progress(p: Progress, lang: str, name: str) -> discord.Embed:
    embed = _embed(t("progress.title_for", lang, name=name), progress_line(p, lang) + "\n" + schedule(p, lang))
    rows = []
    for tp in p.topics:
        bar = _bar(tp.mastery)
        read = " 📖" if tp.read else ""
        rows.append(f"`{bar}` {tp.mastered}/{tp.items} {tp.topic.title.get(lang)}{read}")
    cards = flashcards.summary(p.flashcards, lang)  # a line of their own: /review cannot show them
    if not p.answered:  # no quiz answer: say where to begin rather than show a row of zeros
        if cards and p.flashcards.seen:  # flashcards only: they and their days count; mastery needs a quiz
            embed.add_field(name=t("flashcards.heading", lang), value=cards, inline=False)
            embed.add_field(name=t("activity.title", lang), value=activity.summary(p.activity, lang), inline=False)
            embed.add_field(name=t("progress.begin_title", lang), value=t("progress.quiz_next", lang), inline=False)
        else:
            embed.add_field(name=t("progress.begin_title", lang), value=t("progress.begin", lang), inline=False)
        return embed
    embed.add_field(name=t("progress.mastery", lang), value=fit("\n".join(rows) or "-", L.EMBED_FIELD_VALUE),
                    inline=False)
    embed.add_field(name=t("activity.title", lang), value=activity.summary(p.activity, lang), inline=False)
    if cards:
        embed.add_field(name=t("flashcards.heading", lang), value=cards, inline=False)
    embed.set_footer(text=t("progress.mastered_means", lang, days=MASTERED_DAYS))
    return embed


def schedule(p: Progress, lang: str) -> str:
    """Reviews due now, by the end of the learner's day, and when the next falls due (a Discord timestamp,
    shown in the reader's own zone and language, 'in 3 hours')."""
    if p.next_due is None and not p.due_today:
        return t("schedule.none", lang)
    lines = [t("schedule.due_now", lang, count=p.due), t("schedule.due_today", lang, zone=p.zone, count=p.due_today)]
    if p.next_due is not None:
        lines.append(t("schedule.next", lang, when=discord.utils.format_dt(p.next_due, "R")))
    return "\n".join(lines)


def activity_embed(p: Progress, lang: str, image_url: str) -> discord.Embed:
    """The second embed of /progress: the four-week calendar's image (the first embed gives its figures)."""
    embed = _embed(t("activity.title", lang))
    embed.set_image(url=image_url)
    return embed


def progress_line(p: Progress, lang: str) -> str:
    """Answers, accuracy, streak and reviews due, each count with its noun in the right number."""
    return t("progress.line", lang, answers=plural("n.answers", lang, p.answered), accuracy=round(100 * p.accuracy),
             streak=plural("n.days", lang, p.streak), due=plural("n.reviews_due", lang, p.due))


def _bar(share: float, width: int = 10) -> str:
    filled = round(share * width)
    return "█" * filled + "░" * (width - filled)


def leaderboard(entries: list[LeaderEntry], names: dict[int, str], lang: str, period: str) -> discord.Embed:
    lines = [t("board.line", lang, rank=e.rank, name=names.get(e.user_id, str(e.user_id)), correct=e.correct,
               answered=e.answered) for e in entries]
    return _embed(t(f"board.title_{period}", lang), "\n".join(lines) or t("board.empty", lang), GOLD)


def glossary(term: GlossaryTerm, lang: str, catalog: Catalog) -> discord.Embed:
    embed = _embed(term.term.get(lang), term.definition.get(lang))
    add_note(embed, term, lang)
    topics = [catalog.topics[tp].title.get(lang) for tp in term.topics if tp in catalog.topics]
    embed.set_footer(text=fit(" · ".join(topics), 2048))
    return embed


def timeline(events: list[TimelineEvent], page: int, per_page: int, lang: str, title: str) -> discord.Embed:
    pages = max(1, -(-len(events) // per_page))
    page = max(0, min(page, pages - 1))
    embed = _embed(title)
    for e in events[page * per_page:(page + 1) * per_page]:
        # the note in the event's own field, after its description, which is cut first if the two are too long
        note = f"\n**{t('note.title', lang)}:** {note_in(e, lang)}" if e.note else ""
        embed.add_field(name=fit(f"{e.date} · {e.title.get(lang)}", L.EMBED_FIELD_NAME),
                        value=fit(e.description.get(lang), L.EMBED_FIELD_VALUE - len(note)) + note, inline=False)
    embed.set_footer(text=t("page", lang, page=page + 1, total=pages))
    return embed


def source_pages(catalog: Catalog, lang: str) -> list[discord.Embed]:
    """/sources: the course's word on its sources ("About these sources") at the top of the first page, then each
    source in a field of its own, as many to a page as Discord's embed total allows."""
    about = catalog.course.about_sources
    head = f"**{t('sources.about_title', lang)}**\n{about.get(lang)}" if about else ""
    pages = [_embed(t("sources.title", lang), head)]
    room = L.EMBED_TOTAL - 100  # the page's footer
    for source in catalog.sources.values():
        name, value = fit(source.title, L.EMBED_FIELD_NAME), fit(source_text(source, lang), L.EMBED_FIELD_VALUE)
        page = pages[-1]
        holds_text = page.fields or (len(pages) == 1 and head)  # else a page of its own could not hold it either
        if holds_text and (len(page) + len(name) + len(value) > room or len(page.fields) >= L.EMBED_FIELDS):
            page = _embed(t("sources.title", lang))
            pages.append(page)
        page.add_field(name=name, value=value, inline=False)
    for number, page in enumerate(pages, 1):
        if len(pages) > 1:
            page.set_footer(text=t("page", lang, page=number, total=len(pages)))
    return pages


def source_text(source: Source, lang: str) -> str:
    """How to find a source (author, publisher or site, date, language; its link where it has one), what it
    holds, and what it is and where it leans."""
    language = language_name(source.language, lang)
    found = " · ".join(part for part in (source.author, source.publisher, source.date, language) if part)
    lines = [found, *([source.url] if source.url else []), source.description.get(lang)]
    if source.about:
        lines.append(f"*{t('sources.about', lang)}:* {source.about.get(lang)}")
    return "\n".join(lines)

