"""A read-eval-print loop over the services, for one local learner."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import threading
from typing import TextIO

from bot.app import App
from bot.console import flashcards, next_steps, render
from bot.console.keys import command_key, rating_of
from bot.domain import lookup
from bot.domain.days import local_date
from bot.domain.errors import DomainError, ItemRemoved
from bot.domain.flashcards import AGAIN, GOOD
from bot.domain.quiz_items import LETTERS, Ordering, TrueFalse
from bot.i18n import EN, error_text, t
from bot.services.notes import review_note, shorter_note
from bot.services.views import QuestionView, Summary

LOCAL_USER = 1  # the console learner's id
# each command's name in English and in Spanish; either works in either language, help shows the learner's; case
# and accents are forgiven ("cronologia" finds cronología)
NAMES = {
    "topics": ("topics", "temas"),
    "learn": ("learn", "aprender"),
    "quote": ("quote", "cita"),
    "quiz": ("quiz", "cuestionario"),
    "review": ("review", "repaso"),
    "flashcards": ("flashcards", "tarjetas"),
    "progress": ("progress", "progreso"),
    "timezone": ("timezone", "zona"),
    "ask": ("ask", "preguntar"),
    "glossary": ("glossary", "glosario"),
    "timeline": ("timeline", "cronología"),
    "sources": ("sources", "fuentes"),
    "help": ("help", "ayuda"),
    "quit": ("quit", "salir"),
}


@contextlib.contextmanager
def without_ctrl_c():
    """Ctrl-C (SIGINT) blocked for this thread meanwhile: a thread started here inherits the block. Ctrl-C is
    the main thread's to handle; delivered to the input thread instead, it cut the read short, which looked
    like the end of the input (and the event loop's cancel then landed in the database's close)."""
    try:
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    except (AttributeError, OSError):  # a platform without thread signal masks
        yield
        return
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)


COMMANDS = {command_key(name): command for command, names in NAMES.items() for name in names} | {
    "?": "help", "exit": "quit"}
QUIT_WORDS = {"quit", "exit", "salir"}
TRUE_WORDS = {"true", "t", "verdadero", "v", "yes", "si", "sí"}
FALSE_WORDS = {"false", "f", "falso", "no"}


class ConsoleSession:
    def __init__(self, app: App, stdin: TextIO, stdout: TextIO, lang: str = "en", user_id: int = LOCAL_USER,
                 line_editing: bool = False):
        self.app = app
        self.stdin = stdin
        self.stdout = stdout
        self.lang = lang
        self.user_id = user_id
        self.line_editing = line_editing  # read with input(), so readline's editing and history apply
        self.pending: list[str] = []  # a command typed at a "more" prompt, run next

    def say(self, text: str = "") -> None:
        self.stdout.write(text + "\n")
        self.stdout.flush()

    async def ask(self, prompt: str = "> ") -> str | None:
        """The next line (None at the end of input). Read in a daemon thread, so that Ctrl-C ends the session
        at once rather than waiting for a line that a blocked worker thread would still be reading."""
        if self.pending:
            return self.pending.pop(0)
        loop = asyncio.get_running_loop()
        done: asyncio.Future[str | None] = loop.create_future()

        def settle(line: str | None) -> None:
            if not done.done():
                done.set_result(line)

        def read() -> None:
            if self.line_editing:
                try:
                    line: str | None = input(prompt)
                except EOFError:
                    line = None
            else:
                self.stdout.write(prompt)
                self.stdout.flush()
                text = self.stdin.readline()
                line = None if text == "" else text
            loop.call_soon_threadsafe(settle, line)

        reader = threading.Thread(target=read, name="console-input", daemon=True)
        with without_ctrl_c():  # the thread starts with Ctrl-C blocked, and keeps it so
            reader.start()
        line = await done
        return None if line is None else line.strip()

    async def run(self) -> None:
        await self.app.learners.ensure(self.user_id, self.lang)
        self.say(t("console.welcome", self.lang, title=self.app.course.catalog.course.title.get(self.lang)))
        try:
            while True:
                line = await self.ask()
                if line is None:
                    break
                if not line:
                    continue
                word, *args = line.split()
                command = COMMANDS.get(command_key(word))
                if command == "quit":
                    break
                try:
                    await self.dispatch(command, word, args)
                except DomainError as exc:
                    self.say(console_error(exc, self.lang))
        except asyncio.CancelledError:  # Ctrl-C: goodbye, at once
            self.say()
            self.say(t("console.bye", self.lang))
            raise
        self.say(t("console.bye", self.lang))

    async def dispatch(self, command: str | None, word: str, args: list[str]) -> None:
        catalog, rest = self.app.course.catalog, " ".join(args)
        if command == "help":
            self.say(t("console.help", self.lang))
        elif command == "topics":
            self.say(f"== {t('topics.title', self.lang)} ==")
            for topic in catalog.topics.values():
                self.say(f"  {topic.id:<24} {topic.title.get(self.lang)}")
        elif command in ("learn", "glossary", "ask") and not rest:
            self.say(t(f"console.usage_{command}", self.lang))
        elif command == "learn":
            await self.page(render.topic(await self.app.learn.learn(self.user_id, rest, self.lang), self.lang))
        elif command == "quote":
            quote = await self.app.learn.quote(self.user_id, topic=rest or None, lang=self.lang)
            self.say(render.quote(quote, self.lang))
        elif command == "glossary":
            self.say(render.glossary(lookup.term(catalog, rest, self.lang), self.lang, catalog))
        elif command == "timeline":
            await self.timeline(rest)
        elif command == "sources":
            await self.page(render.sources(catalog, self.lang))
        elif command == "ask":
            self.say(render.answer(self.app.ask.ask(rest, self.lang), self.lang, catalog))
        elif command == "quiz":
            topic, length = _quiz_args(args)
            if length is None:
                self.say(t("console.bad_length", self.lang))
                return
            topic_id = lookup.topic(catalog, topic, self.lang).id if topic else None
            view = await self.app.quiz.start(user_id=self.user_id, lang=self.lang, topic=topic_id, length=length)
            if note := shorter_note(view.total, length, topic_id, None, self.lang):
                self.say(note)
            await self.play(view)
        elif command == "review":
            plan = await self.app.review.plan(self.user_id)
            view = await self.app.review.start(user_id=self.user_id, lang=self.lang, plan=plan)
            zone = await self.app.learners.zone(self.user_id)  # the next review's time on the learner's clock
            self.say(review_note(plan, catalog, self.lang, lambda when: render.local_time(when, zone)))
            await self.play(view)
        elif command == "flashcards":
            await flashcards.play(self, rest or None)
        elif command == "progress":
            progress = await self.app.progress.progress(self.user_id)
            self.say(render.progress(progress, self.lang))
            if not progress.answered:  # all zeros say nothing: say what to do first
                flashcards_only = progress.flashcards.seen > 0  # they count, but mastery needs a quiz
                self.say(t("console.progress_quiz_next" if flashcards_only else "console.progress_empty", self.lang))
        elif command == "timezone":  # the zone the learner's days are counted in: set (or BadTimezone), or shown
            chosen = await self.app.reminders.set_zone(self.user_id, rest) if rest else None  # a reminder follows
            zone = chosen or await self.app.learners.zone(self.user_id)
            self.say(render.time_zone(zone, self.lang, changed=chosen is not None))
        else:
            self.say(t("console.unknown", self.lang, command=word))

    async def timeline(self, typed: str) -> None:
        catalog = self.app.course.catalog
        topic = lookup.topic(catalog, typed, self.lang) if typed else None
        events = catalog.events_for(topic.id if topic else None)
        if topic is not None and not events:
            self.say(t("console.timeline_empty", self.lang, topic=topic.title.get(self.lang)))
            return
        title = t("timeline.title", self.lang) + (f": {topic.title.get(self.lang)}" if topic else "")
        await self.page(render.timeline(events, self.lang, title))

    async def page(self, text: str) -> None:
        """Long text a screen at a time: Enter shows more; anything else stops, and a command typed there runs."""
        screens = render.pages(text)
        for number, screen in enumerate(screens, 1):
            self.say(screen)
            if number == len(screens):
                return
            line = await self.ask(t("console.more", self.lang, page=number, total=len(screens)))
            if line is None:
                return
            if line:
                if line.lower() not in ("q", *QUIT_WORDS):
                    self.pending.append(line)
                return

    async def play(self, view: QuestionView | None) -> None:
        """A quiz, then what its end offers (which may be another quiz), until the learner goes back."""
        while view is not None:
            summary = await self.questions(view)
            view = await next_steps.offer(self, summary) if summary is not None else None

    async def questions(self, view: QuestionView | Summary) -> Summary | None:
        """The quiz's questions, answered in turn: its summary, or None if the learner left it."""
        while isinstance(view, QuestionView):
            self.say()
            self.say(render.question(view, self.lang))
            while True:
                line = await self.ask("? ")
                if line is None:
                    return None
                if line.lower() in QUIT_WORDS:  # leaves the quiz, unanswered: not an answer
                    self.say(t("console.quiz_left", self.lang))
                    return None
                response = _parse(view, line)
                if response is None:
                    self.say(t(f"hint.{_kind(view)}", self.lang))
                    continue
                try:
                    fb = await self.app.quiz.answer(view.session_id, view.position, self.user_id, response)
                except ItemRemoved as exc:  # changed in the course meanwhile: skipped, unscored
                    self.say(error_text(exc, self.lang))
                    fb = None
                except DomainError as exc:
                    self.say(error_text(exc, self.lang))
                    continue
                break
            if fb is not None:
                self.say(render.feedback(fb, self.lang))
                if view.mode == "review" and fb.grade.correct and not fb.again and not await self.rate(view):
                    return None
            view = await self.app.quiz.next(view.session_id, view.position, self.user_id)
        return view

    async def rate(self, view: QuestionView) -> bool:
        """A right answer in a review rated Hard, Good or Easy (Enter: Good, as it was stored), with the keys
        flashcards rate with (bot.console.keys); Again is a miss's, so it is refused with the three offered.
        False when the learner left instead."""
        while True:
            line = await self.ask(t("console.rate_prompt", self.lang))
            if line is None or line.lower() in QUIT_WORDS:
                if line is not None:
                    self.say(t("console.quiz_left", self.lang))
                return False
            rating = rating_of(line) if line else None
            if rating == AGAIN:
                self.say(t("console.rate_not_again", self.lang))
                continue
            if line and rating is None:
                continue
            if rating is None or rating == GOOD:  # Good: as the answer was stored
                return True
            try:
                rated = await self.app.review.rate(view.session_id, view.position, self.user_id, rating)
            except DomainError as exc:
                self.say(error_text(exc, self.lang))
                return True
            zone = await self.app.learners.zone(self.user_id)  # the date on the learner's clock, not UTC's
            self.say(t("review.rated", self.lang, rating=t(f"review.rate_{rating}", self.lang),
                       when=local_date(rated.due, zone).isoformat()))
            return True


def console_error(error: DomainError, lang: str) -> str:
    """A domain error's text, in the console's own words where Discord's point at what a terminal lacks (an
    autocomplete list, a slash command): "timezone Europe/Madrid", not "pick one from the list"."""
    key = f"console.{error.key}"
    if key not in EN:
        return error_text(error, lang)
    worded = DomainError(**error.params)
    worded.key = key
    return error_text(worded, lang)


def _quiz_args(args: list[str]) -> tuple[str | None, int | None]:
    """A topic (any words) and a length (a number), in either order."""
    words, length = [], 5
    for arg in args:
        if arg.isdigit() and len(arg) <= 3:  # a year ("quiz 1917") is a topic's name, not a length
            length = int(arg)
        else:
            words.append(arg)
    return " ".join(words) or None, (length if 1 <= length <= 20 else None)


def _kind(view: QuestionView) -> str:
    if isinstance(view.item, TrueFalse):
        return "true_false"
    if isinstance(view.item, Ordering):
        return "ordering"
    return "choice" if view.choices else "open"


def _parse(view: QuestionView, line: str) -> object | None:
    kind = _kind(view)
    if kind == "true_false":
        word = line.lower()
        return True if word in TRUE_WORDS else False if word in FALSE_WORDS else None
    if kind == "choice":
        letter = line.strip().upper()
        return LETTERS.index(letter) if len(letter) == 1 and letter in LETTERS[: len(view.choices)] else None
    if kind == "ordering":
        letters = [c for c in line.upper() if c.isalpha()]
        indices = [LETTERS.index(c) for c in letters if c in LETTERS[: len(view.choices)]]
        return indices if sorted(indices) == list(range(len(view.choices))) else None
    return line or None
