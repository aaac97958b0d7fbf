"""What a learner types, as the console looks it up: case and accents forgiven, and the keys that rate a card.

One rating scheme in the console's flashcards and its review alike, numbered as Anki numbers its buttons:
1 Again, 2 Hard, 3 Good, 4 Easy; or a rating's initial (a, h, g, e; in Spanish o, d, b, f) or its name, in
either language. The same key never means two ratings: a learner used to one prompt is not caught out by the
other. A right answer in a review is never Again (a miss is), so the review takes 2 to 4 of these."""

from __future__ import annotations

import unicodedata

from bot.domain.flashcards import AGAIN, EASY, GOOD, HARD  # fsrs's ratings

RATINGS = {
    "1": AGAIN, "a": AGAIN, "again": AGAIN, "o": AGAIN, "otra vez": AGAIN, "otra": AGAIN,
    "2": HARD, "h": HARD, "hard": HARD, "d": HARD, "dificil": HARD,
    "3": GOOD, "g": GOOD, "good": GOOD, "b": GOOD, "bien": GOOD,
    "4": EASY, "e": EASY, "easy": EASY, "f": EASY, "facil": EASY,
}


def command_key(word: str) -> str:
    """A command name as it is looked up: lower case, accents left out (typed composed or as separate marks)."""
    return "".join(ch for ch in unicodedata.normalize("NFD", word.casefold()) if not unicodedata.combining(ch))


def rating_of(line: str) -> int | None:
    """The rating a typed line names ("3", "G", "Fácil", "otra  vez"), or None."""
    return RATINGS.get(" ".join(command_key(line).split()))
