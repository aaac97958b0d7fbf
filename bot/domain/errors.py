"""Domain errors. Each carries a message key and parameters that are safe to show to the user; and the one
fault every layer names, StorageError, whose text is for the operator."""

from __future__ import annotations

from datetime import datetime


class DomainError(Exception):
    """A refusal the user should see, e.g. 'this question was already answered'."""

    key = "error.generic"

    def __init__(self, **params: object):
        self.params = params
        super().__init__(f"{self.key} {params}" if params else self.key)


class NotFound(DomainError):
    key = "error.not_found"  # params: what, name


class Choices(tuple):
    """Names of course entries listed in an error, one a line (course text, not what someone typed)."""

    def __new__(cls, names: object = (), more: bool = False):
        choices = super().__new__(cls, tuple(names))
        choices.more = more
        return choices

    def __format__(self, spec: str) -> str:
        return "".join(f"\n• {name}" for name in self) + ("\n• …" if self.more else "")


class Ambiguous(DomainError):
    """What was typed fits several entries equally well: the learner is asked which."""

    key = "error.ambiguous"  # params: what, name, choices (Choices)


class QuizNotFound(DomainError):
    key = "error.quiz_not_found"


class NotYourQuiz(DomainError):
    key = "error.not_your_quiz"


class NotYourDataRequest(DomainError):
    """A /mydata button clicked by someone other than the learner who asked."""

    key = "error.not_your_data_request"


class DeletionUnfinished(DomainError):
    """/mydata delete stopped part-way (a storage fault): running it again finishes it."""

    key = "error.deletion_unfinished"


class AlreadyAnswered(DomainError):
    key = "error.already_answered"


class QuestionClosed(DomainError):
    key = "error.question_closed"


class QuizFinished(DomainError):
    key = "error.quiz_finished"


class ItemRemoved(DomainError):
    key = "error.item_removed"


class NotCurrentQuestion(DomainError):
    key = "error.not_current_question"


class BadAnswer(DomainError):
    key = "error.bad_answer"  # params: hint


class NothingToQuiz(DomainError):
    key = "error.nothing_to_quiz"


class NothingToReview(NothingToQuiz):
    """A learner with no answers yet has nothing to review."""

    key = "error.nothing_to_review"


class NothingDue(NothingToQuiz):
    """Every question answered so far was last answered right, and none is due yet; `next_due` is when the next
    review falls due (None: none is scheduled), for an adapter that writes times its own way."""

    key = "error.nothing_due"  # params: when (the next review's date on the learner's clock, already in words)

    def __init__(self, when: str, next_due: datetime | None = None):
        super().__init__(when=when)
        self.next_due = next_due


class NotModerator(DomainError):
    key = "error.not_moderator"


class CourseOperatorsOnly(DomainError):
    """The course is one for every server the bot serves: a server's moderators may look, only operators edit."""

    key = "error.course_operators_only"


class CourseReadOnly(DomainError):
    """The bot may not write the course folder (its permissions, or a read-only mount): nothing was installed."""

    key = "error.course_read_only"


class OnCooldown(DomainError):
    key = "error.cooldown"  # params: seconds


class ContentRejected(DomainError):
    key = "error.content_rejected"  # params: report


class BadOption(DomainError):
    key = "error.bad_option"  # params: option, hint


class BadPeriod(BadOption):
    """A leaderboard period the bot does not know (an old client's copy of the command): named, with its
    choices, as the reader's picker shows them."""

    key = "error.bad_period"


class BadTime(DomainError):
    key = "error.bad_time"  # params: value


class BadTimezone(DomainError):
    key = "error.bad_timezone"  # params: value


class DailyNotSet(DomainError):
    key = "error.daily_not_set"


class RemindersNotSet(DomainError):
    """/remind off or status before the learner ever turned reminders on."""

    key = "error.reminders_not_set"


class NotYourReminder(DomainError):
    """A reminder's "Start review" clicked by someone other than the learner it was sent to."""

    key = "error.not_your_reminder"


class NoQuotes(DomainError):
    """The quote of the day has nothing to choose from: the course has no quotes."""

    key = "error.no_quotes"


class NoQuotesOnTopic(NoQuotes):
    """The quote of the day's topic has no quotes (or the course no longer has the topic)."""

    key = "error.no_quotes_on_topic"  # params: topic


class GroupQuizRunning(DomainError):
    key = "error.group_running"


class GroupPaced(DomainError):
    """A group quiz moves on when its timer ends, for everyone: no member moves it on."""

    key = "error.group_paced"


class GroupPaused(DomainError):
    """An answer to a paused group quiz's question: answers wait until its host resumes it."""

    key = "error.group_paused"


class NotQuizHost(DomainError):
    """A group quiz's pause, skip or stop by someone who neither started it nor moderates the server."""

    key = "error.not_quiz_host"


class GroupControlMissed(DomainError):
    """A group quiz control that no longer applies: the quiz ended, moved on, or is (not) paused already."""

    key = "error.group_control_missed"


class CannotPostHere(DomainError):
    key = "error.cannot_post_here"  # params: permissions


class NotRatable(DomainError):
    """A rating for what cannot be rated: a question not answered yet, answered wrong (it is Again), or not in
    a review."""

    key = "error.not_ratable"


class AlreadyRated(DomainError):
    key = "error.already_rated"


class ReviewedSince(DomainError):
    """A rating of an answer whose card the learner has reviewed again since: the newer schedule stays."""

    key = "error.reviewed_since"


class StorageError(Exception):
    """The database cannot do what was asked (locked, read-only, full disk, corrupt, unreachable).

    Not a DomainError: the message names the database and says what happened and what the operator can do, so
    it is logged, and the learner gets a short apology. bot/storage raises it; it is defined here so that the
    services and the Discord adapter can catch it without importing storage. `kind` is one of
    bot.storage.errors.KINDS' kinds, or "other"."""

    def __init__(self, message: str, kind: str = "other"):
        super().__init__(message)
        self.kind = kind
