"""The end of a quiz in the console offers what Discord's summary buttons offer: the missed questions again, another
quiz on the same topic, or the weakest topic to read, chosen by number; anything else goes back to the prompt, and
a command typed there runs. Driven through stdin line by line, as a learner types, in English and Spanish."""

from __future__ import annotations

import subprocess
import sys
import threading
import time

import pytest

from tests.conftest import ROOT
from tests.test_console import console_env

WORDS = {
    "en": {"menu": ("What next?", "1) Review these now", "2) Another quiz", "3) Learn: Topic alpha"),
           "choose": "Type a number, Enter to go back, or any command: ", "question": "Question 1 of 3",
           "true": "Alpha comes first.", "wrong": ("Wrong", "Speaker Two"), "topic": "== Topic alpha ==",
           "progress": "== Progress ==", "quiz": "quiz alpha 3"},
    "es": {"menu": ("¿Y ahora?", "1) Repasarlas ahora", "2) Otro cuestionario", "3) Estudiar: Tema alpha"),
           "choose": "Escribe un número, Intro para volver, o cualquier orden: ", "question": "Pregunta 1 de 3",
           "true": "Alfa va primero.", "wrong": ("Incorrecta", "Speaker Two"), "topic": "== Tema alpha ==",
           "progress": "== Progreso ==", "quiz": "cuestionario alpha 3"},
}
PROMPTS = ("> ", "? ")


class Console:
    """`python -m bot console` on pipes, answered one line at a time once it waits for one."""

    def __init__(self, tmp_path, lang: str):
        self.proc = subprocess.Popen([sys.executable, "-m", "bot", "console", "--lang", lang], cwd=ROOT,
                                     env=console_env(tmp_path), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, text=True)
        self.out, self.seen = "", 0
        self.lock = threading.Lock()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        while chunk := self.proc.stdout.read(1):
            with self.lock:
                self.out += chunk

    def screen(self, prompts=PROMPTS, timeout: float = 30) -> str:
        """What the console wrote since the last line typed, once it waits for input at one of `prompts`."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            with self.lock:
                text = self.out[self.seen:]
            if text.endswith(prompts):
                return text
            time.sleep(0.02)
        raise AssertionError(f"no prompt in {timeout}s; the console wrote:\n{self.out}")

    def type(self, line: str) -> None:
        with self.lock:
            self.seen = len(self.out)
        self.proc.stdin.write(line + "\n")
        self.proc.stdin.flush()

    def close(self) -> None:
        self.proc.stdin.close()
        try:
            self.proc.wait(10)
        finally:
            if self.proc.poll() is None:
                self.proc.kill()


def answer_wrongly(console: Console, words: dict, prompts) -> tuple[list[str], str]:
    """Answer every question of the quiz just started wrongly; the prompts asked, and the screen that ends it."""
    asked = []
    screen = console.screen()
    while screen.endswith("? "):
        question = screen[screen.rindex(words["question"][:8]):]
        asked.append(question.splitlines()[1])
        if words["true"] in question:
            console.type("false")
        else:  # the first choice that is wrong, by its letter
            line = next(ln for ln in question.splitlines() if ") " in ln and ln.split(") ", 1)[1].startswith(
                words["wrong"]))
            console.type(line.strip()[0])
        screen = console.screen(prompts)
    return asked, screen


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_end_of_a_quiz_offers_the_misses_again_another_quiz_and_the_weakest_topic(tmp_path, lang):
    words = WORDS[lang]
    prompts = (*PROMPTS, words["choose"])
    console = Console(tmp_path, lang)
    try:
        console.screen()
        console.type(words["quiz"])
        first, end = answer_wrongly(console, words, prompts)
        assert len(first) == 3
        assert end.endswith(words["choose"]), end
        menu = end[end.index(words["menu"][0]):]
        assert [line.strip() for line in menu.splitlines()[1:4]] == list(words["menu"][1:])

        console.type("2")  # another quiz, on the same topic
        another, end = answer_wrongly(console, words, prompts)
        assert sorted(another) == sorted(first) and end.endswith(words["choose"])

        console.type("1")  # the questions just missed, again
        assert words["question"] in console.screen()
        again, end = answer_wrongly(console, words, prompts)
        assert sorted(again) == sorted(another) and end.endswith(words["choose"])

        console.type("3")  # the weakest topic, then the ordinary prompt
        shown = console.screen()
        assert words["topic"] in shown and shown.endswith("> ")

        console.type(words["quiz"])
        _, end = answer_wrongly(console, words, prompts)
        console.type("progress" if lang == "en" else "progreso")  # a command typed at the choice runs
        shown = console.screen(prompts)
        assert words["progress"] in shown and shown.endswith("> ")

        console.type(words["quiz"])
        _, end = answer_wrongly(console, words, prompts)
        console.type("")  # Enter: back to the prompt, nothing started
        shown = console.screen(prompts)
        assert shown == "> ", shown
    finally:
        console.close()
    assert "Traceback" not in console.out + console.proc.stderr.read()
