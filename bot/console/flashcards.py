"""The console's flashcards: what /flashcards does on Discord, typed. A card's front, Enter for its back, then a
rating (1 Again to 4 Easy, or a letter or word: bot.console.keys, as the console's review rates), and the deck's
next card; 'stop' (or 'quit') ends the deck and goes back to the prompt."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import TYPE_CHECKING

from bot.console import keys
from bot.console.render import wrap
from bot.domain import flashcards as fc
from bot.i18n import plural, t
from bot.services.flashcards import CardView, DeckDone

if TYPE_CHECKING:
    from bot.console.session import ConsoleSession

STOP_WORDS = {"stop", "parar", "q", "quit", "exit", "salir"}


def front(view: CardView) -> str:
    lang = view.lang
    deck = t("flashcards.deck", lang, topic=view.topic or t("flashcards.all_topics", lang), due=view.due,
             new=view.new)
    if view.kind == fc.TERM:
        text, ask = view.front, t("flashcards.ask_term", lang)
    else:
        text = f"“{view.front}”" + (f" {t('quote.translation', lang)}" if view.translated else "")
        ask = t("flashcards.ask_quote", lang)
    return "\n".join([f"== {t('flashcards.title', lang)} · {deck} ==", wrap(text), ask])


def back(view: CardView) -> str:
    name = t("flashcards.meaning" if view.kind == fc.TERM else "flashcards.said_by", view.lang)
    lines = [wrap(f"{name}: {view.back}")]
    if view.context:
        lines.append(wrap(f"{t('flashcards.context', view.lang)}: {view.context}"))
    if view.note:
        lines.append(wrap(f"{t('note.title', view.lang)}: {view.note}"))
    if view.after:  # how soon the card comes back with each rating, as the Discord buttons say
        lines.append("  " + " · ".join(f"{t(f'flashcards.rate_{rating}', view.lang)} {fc.span(after)}"
                                       for rating, after in zip(fc.RATINGS, view.after, strict=True)))
    return "\n".join(lines)


def when(at: datetime, zone: tzinfo) -> str:
    local = at.astimezone(zone)
    return f"{local:%Y-%m-%d %H:%M} {local.tzname()}"


def done(deck: DeckDone, zone: tzinfo, closed: bool = False) -> str:
    lang, reviewed = deck.lang, plural("n.cards", deck.lang, deck.reviewed)
    lines = [t("flashcards.stopped", lang, reviewed=reviewed) if closed
             else t("flashcards.done", lang, reviewed=reviewed) if deck.reviewed else t("flashcards.none_yet", lang)]
    if deck.next_due is not None:
        lines.append(t("flashcards.next_due", lang, when=when(deck.next_due, zone)))
    return "\n".join(lines)


async def play(session: ConsoleSession, typed: str | None) -> None:
    """A deck (of the topic typed, or the whole course), card by card, until none is due or the learner stops."""
    app, lang, user = session.app, session.lang, session.user_id
    shown = await app.flashcards.open(user, lang, typed)
    zone = await app.learners.zone(user)
    while isinstance(shown, CardView):
        session.say()
        session.say(front(shown))
        line = await session.ask(t("console.flash_show", lang))
        if line is not None and line.casefold() not in STOP_WORDS:
            session.say(back(shown))
            rating = None
            while rating is None:
                line = await session.ask(t("console.flash_rate", lang))
                if line is None or line.casefold() in STOP_WORDS:
                    break
                rating = keys.rating_of(line)
            if rating is not None:
                rated = await app.flashcards.rate(user, user, shown.card_id, rating)
                session.say(t("flashcards.rated", lang, rating=t(f"flashcards.rate_{rating}", lang),
                              when=when(rated.due, zone)))
                shown = rated.next
                continue
        if line is not None:  # stopped: the deck is closed (at the end of the input, it is left as it is)
            session.say(done(await app.flashcards.stop(user, user, shown.card_id), zone, closed=True))
        return
    session.say(done(shown, zone))
