"""A read-eval-print loop over the services, for one local learner."""

from __future__ import annotations

import asyncio
from typing import TextIO

from bot.app import App
from bot.console import render
from bot.domain.errors import DomainError, ItemRemoved
from bot.domain.quiz_items import LETTERS, Ordering, TrueFalse
from bot.i18n import error_text, t
from bot.services.views import QuestionView, Summary

LOCAL_USER = 1  # the console learner's id
COMMANDS = {
    "topics": "topics", "temas": "topics",
    "learn": "learn", "aprender": "learn",
    "quote": "quote", "cita": "quote",
    "quiz": "quiz",
    "review": "review", "repaso": "review",
    "progress": "progress", "progreso": "progress",
    "help": "help", "ayuda": "help", "?": "help",
    "quit": "quit", "exit": "quit", "salir": "quit",
}
TRUE_WORDS = {"true", "t", "verdadero", "v", "yes", "si", "sí"}
FALSE_WORDS = {"false", "f", "falso", "no"}


class ConsoleSession:
    def __init__(self, app: App, stdin: TextIO, stdout: TextIO, lang: str = "en", user_id: int = LOCAL_USER):
        self.app = app
        self.stdin = stdin
        self.stdout = stdout
        self.lang = lang
        self.user_id = user_id

    def say(self, text: str = "") -> None:
        self.stdout.write(text + "\n")
        self.stdout.flush()

    async def ask(self, prompt: str = "> ") -> str | None:
        self.stdout.write(prompt)
        self.stdout.flush()
        line = await asyncio.to_thread(self.stdin.readline)
        return None if line == "" else line.strip()

    async def run(self) -> None:
        await self.app.learners.ensure(self.user_id, self.lang, self.app.clock.now())
        self.say(t("console.welcome", self.lang, title=self.app.course.catalog.course.title.get(self.lang)))
        while True:
            line = await self.ask()
            if line is None:
                break
            if not line:
                continue
            word, *args = line.split()
            command = COMMANDS.get(word.lower())
            if command == "quit":
                break
            try:
                await self.dispatch(command, word, args)
            except DomainError as exc:
                self.say(error_text(exc, self.lang))
        self.say(t("console.bye", self.lang))

    async def dispatch(self, command: str | None, word: str, args: list[str]) -> None:
        catalog = self.app.course.catalog
        if command == "help":
            self.say(t("console.help", self.lang))
        elif command == "topics":
            self.say(f"== {t('topics.title', self.lang)} ==")
            for topic in catalog.topics.values():
                self.say(f"  {topic.id:<24} {topic.title.get(self.lang)}")
        elif command == "learn":
            if not args:
                self.say(t("console.usage_learn", self.lang))
                return
            self.say(render.topic(await self.app.learn.learn(self.user_id, args[0]), self.lang))
        elif command == "quote":
            quote = await self.app.learn.quote(self.user_id, topic=args[0] if args else None)
            self.say(render.quote(quote, self.lang))
        elif command == "quiz":
            topic, length = _quiz_args(args)
            if length is None:
                self.say(t("console.bad_length", self.lang))
                return
            view = await self.app.quiz.start(user_id=self.user_id, lang=self.lang, topic=topic, length=length)
            await self.play(view)
        elif command == "review":
            await self.play(await self.app.review.start(user_id=self.user_id, lang=self.lang))
        elif command == "progress":
            self.say(render.progress(await self.app.progress.progress(self.user_id), self.lang))
        else:
            self.say(t("console.unknown", self.lang, command=word))

    async def play(self, view: QuestionView | Summary) -> None:
        while isinstance(view, QuestionView):
            self.say()
            self.say(render.question(view, self.lang))
            while True:
                line = await self.ask("? ")
                if line is None:
                    return
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
            view = await self.app.quiz.next(view.session_id, view.position, self.user_id)
        self.say()
        self.say(render.summary(view, self.lang))


def _quiz_args(args: list[str]) -> tuple[str | None, int | None]:
    topic, length = None, 5
    for arg in args:
        if arg.isdigit():
            length = int(arg)
        else:
            topic = arg
    return topic, (length if 1 <= length <= 20 else None)


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
