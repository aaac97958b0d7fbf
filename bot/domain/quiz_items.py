"""Quiz items in five formats. Each validates its own answer against its own choices."""

from __future__ import annotations

import string
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, model_validator

from bot.domain import limits as L
from bot.domain.content import NOTE_DESCRIPTION, Note
from bot.domain.text import FieldError, Slug, Strict, localized

Prompt = localized(L.PROMPT_MAX)
Explanation = localized(L.EXPLANATION_MAX)
Choice = localized(L.CHOICE_MAX)
OrderItem = localized(L.ORDER_ITEM_MAX)
Letter = Annotated[str, StringConstraints(pattern=r"^[A-Z]$")]
SpeakerChoice = Annotated[str, StringConstraints(min_length=1, max_length=L.CHOICE_MAX)]
Accepted = Annotated[str, StringConstraints(min_length=1, max_length=L.ANSWER_MAX)]

LETTERS = string.ascii_uppercase


def _letter_range(n: int) -> str:
    return f"A-{LETTERS[n - 1]}"


class _Item(Strict):
    id: Slug
    topics: list[Slug] = Field(min_length=1)
    sources: list[Slug] = Field(min_length=1)
    difficulty: int = Field(ge=1, le=3)
    explanation: Explanation
    note: Note | None = Field(default=None, description=NOTE_DESCRIPTION)
    fact: Slug | None = Field(default=None, description=(
        "Items sharing a fact test the same thing, or one gives the other away: a quiz shows at most one of them."))

    @property
    def format(self) -> str:
        return self.type  # type: ignore[attr-defined]


class _Lettered(_Item):
    answer: Letter

    @model_validator(mode="after")
    def _answer_in_choices(self):
        n = len(self.choices)  # type: ignore[attr-defined]
        if self.answer not in LETTERS[:n]:
            raise FieldError("answer", "problem.answer_not_a_choice", answer=self.answer, letters=_letter_range(n))
        return self

    @property
    def answer_index(self) -> int:
        return LETTERS.index(self.answer)


class MultipleChoice(_Lettered):
    type: Literal["multiple_choice"]
    prompt: Prompt
    choices: list[Choice] = Field(min_length=L.CHOICES_MIN, max_length=L.CHOICES_MAX)


class TrueFalse(_Item):
    type: Literal["true_false"]
    prompt: Prompt
    answer: bool


class WhoSaidIt(_Lettered):
    """Shows a quote from the course; the learner picks its speaker."""

    type: Literal["who_said"]
    quote: Slug
    prompt: Prompt | None = None
    choices: list[SpeakerChoice] = Field(min_length=L.CHOICES_MIN, max_length=L.CHOICES_MAX)

    @model_validator(mode="after")
    def _distinct(self):
        if len(set(self.choices)) != len(self.choices):
            raise FieldError("choices", "problem.speaker_repeated")
        return self


class Ordering(_Item):
    """Events to put in order; `items` lists them in the right order (they are shuffled when shown)."""

    type: Literal["ordering"]
    prompt: Prompt
    items: list[OrderItem] = Field(min_length=L.ORDER_ITEMS_MIN, max_length=L.ORDER_ITEMS_MAX)


class AcceptedAnswers(Strict):
    en: list[Accepted] = Field(min_length=1)
    es: list[Accepted] | None = None

    def get(self, lang: str) -> list[str]:
        return (self.es or self.en) if lang == "es" else self.en


class OpenAnswer(_Item):
    """A typed answer; the first accepted answer is the one shown as correct."""

    type: Literal["open"]
    prompt: Prompt
    accept: AcceptedAnswers


QuizItem = Annotated[
    MultipleChoice | TrueFalse | WhoSaidIt | Ordering | OpenAnswer,
    Field(discriminator="type"),
]
QUIZ_FORMATS = ("multiple_choice", "true_false", "who_said", "ordering", "open")
