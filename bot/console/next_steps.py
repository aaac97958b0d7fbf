"""What the console offers at the end of a quiz: what Discord's summary buttons offer (the missed questions again,
another quiz like this one, the topic most misses belong to), chosen by number. Anything else goes back to the
prompt, and a command typed there runs, so a learner is never held by the offer and loses nothing they type."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.console import render
from bot.i18n import t
from bot.services.notes import shorter_note
from bot.services.views import QuestionView, Summary

if TYPE_CHECKING:
    from bot.console.session import ConsoleSession


def steps(summary: Summary) -> list[str]:
    """The choices, in the order they are numbered: only those that lead somewhere for this quiz."""
    return (["review"] if summary.missed else []) + ["another"] + (["learn"] if summary.weakest else [])


async def offer(session: ConsoleSession, summary: Summary) -> QuestionView | None:
    """Show the summary with its choices and act on the one taken: a quiz to play next, or None for the prompt."""
    app, lang, user = session.app, session.lang, session.user_id
    choices = steps(summary)
    session.say()
    session.say(render.summary(summary, lang, choices))
    line = await session.ask(t("console.next_prompt", lang))
    if line is None:
        return None
    if not (line.isdigit() and 1 <= int(line) <= len(choices)):
        if line and not line.isdigit():
            session.pending.append(line)
        return None
    step = choices[int(line) - 1]
    if step == "review":  # exactly the questions missed, as Discord's "Review these now" serves them
        items = list({m.item.id: m.item for m in summary.missed}.values())
        return await app.quiz.start(user_id=user, lang=lang, length=len(items), mode="review", items=items)
    if step == "another":
        view = await app.quiz.start(user_id=user, lang=lang, topic=summary.topic, difficulty=summary.difficulty,
                                    length=summary.total)
        if note := shorter_note(view.total, summary.total, summary.topic, summary.difficulty, lang):
            session.say(note)
        return view
    if summary.weakest is not None:  # "learn" is offered only with one
        await session.page(render.topic(await app.learn.learn(user, summary.weakest.id, lang), lang))
    return None
