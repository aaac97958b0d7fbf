"""What the services hand to the adapters to render: plain data, already in the learner's language."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, tzinfo

from bot.domain.content import Quote, Source, Topic
from bot.domain.quiz import Grade
from bot.domain.quiz_items import QuizItem


@dataclass(frozen=True)
class QuestionView:
    session_id: int
    position: int
    total: int
    mode: str
    owner_id: int
    lang: str
    item: QuizItem
    choices: list[str]  # display order; empty for true/false and open answers
    quote: Quote | None = None  # who-said-it items show this quote
    closes_at: datetime | None = None
    order: tuple[int, ...] = ()  # display position -> index in the item's choices (as the item is now)

    @property
    def number(self) -> int:
        return self.position + 1


@dataclass(frozen=True)
class Feedback:
    question: QuestionView
    grade: Grade
    explanation: str
    sources: list[Source]
    is_last: bool
    again: bool = False  # the learner's earlier answer, shown again (a repeated click)
    score: tuple[int, int] = (0, 0)  # right and answered in this quiz so far, this answer included
    note: str = ""  # the item's correction of a source, shown with the explanation ('' for none)


@dataclass(frozen=True)
class Missed:
    """A question the learner got wrong, as they saw it, in the quiz's language."""

    item: QuizItem
    asked: str  # the question's prompt ('' for a who-said-it that has none)
    given: str  # the learner's answer ('true'/'false' for true or false; '' when it can no longer be named)
    expected: str  # the right answer
    quote: str = ""  # a who-said-it's quote, as shown (apart from the prompt, so a renderer can mark it)
    translated: bool = False  # that quote is our translation


@dataclass(frozen=True)
class Summary:
    session_id: int
    total: int
    answered: int
    correct: int
    missed: list[Missed] = field(default_factory=list)
    owner_id: int = 0
    topic: str | None = None  # the quiz's topic and difficulty, if it was given them: another quiz asks the same
    difficulty: int | None = None
    weakest: Topic | None = None  # the topic most of the missed questions belong to
    mode: str = "solo"

    @property
    def percent(self) -> int:
        return round(100 * self.correct / self.total) if self.total else 0


@dataclass(frozen=True)
class TopicProgress:
    topic: Topic
    read: bool
    items: int
    answered: int
    mastered: int

    @property
    def mastery(self) -> float:
        return self.mastered / self.items if self.items else 0.0


@dataclass(frozen=True)
class Activity:
    """Answers and flashcard ratings per day over the learner's last four weeks, oldest first; the last day is
    today (days in the learner's zone)."""
    days: tuple[tuple[date, int], ...]

    @property
    def today(self) -> date:
        return self.days[-1][0]

    @property
    def answers(self) -> int:
        return sum(n for _, n in self.days)

    @property
    def active_days(self) -> int:
        return sum(1 for _, n in self.days if n)

    @property
    def busiest(self) -> tuple[date, int] | None:
        """The day with the most answers (the latest of equals), or None without any."""
        best = max(reversed(self.days), key=lambda d: d[1], default=None)
        return best if best and best[1] else None


@dataclass(frozen=True)
class FlashcardCounts:
    """The learner's flashcards: the course's cards, those seen, those learned (past FSRS's learning steps) and
    those due now. Apart from the quiz questions' reviews: /review cannot show a flashcard."""
    total: int
    seen: int
    learned: int
    due: int


@dataclass(frozen=True)
class Progress:
    user_id: int
    topics: list[TopicProgress]
    answered: int
    correct: int
    streak: int
    due: int
    due_today: int = 0  # due by the end of the learner's day, those due now included
    next_due: datetime | None = None  # when the next review not due yet falls due
    zone: tzinfo = UTC  # the learner's time zone, in which "today" ends
    activity: Activity | None = None
    flashcards: FlashcardCounts | None = None

    @property
    def accuracy(self) -> float:
        return self.correct / self.answered if self.answered else 0.0


@dataclass(frozen=True)
class LeaderEntry:
    rank: int
    user_id: int
    correct: int
    answered: int
