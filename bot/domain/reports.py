"""Learners' reports of a problem with a course item, and the rules of the moderators' queue.

A report names what it is about by the item's kind and id (a quiz question, a glossary term or a quote, as the
feedback that carried the button showed it), with the course version and the language the learner saw it in:
the item may be changed, translated or removed by the time a moderator reads the report."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.domain.errors import DomainError

REASONS = ("wrong", "unclear", "typo", "translation", "offensive", "other")
KINDS = ("question", "term", "quote")  # quiz items, glossary terms and quotes (flashcards show the last two)
MAX_NOTE = 500  # the learner's optional text
MAX_CLOSE_NOTE = 300  # the moderator's note on resolving or dismissing
OPEN, RESOLVED, DISMISSED = "open", "resolved", "dismissed"
# what became of telling a reporter that their item was fixed
TOLD, DMS_CLOSED, TELL_FAILED = "told", "dms_closed", "failed"


class AlreadyReported(DomainError):
    """One open report per learner per item: a second would count the same complaint twice."""

    key = "error.already_reported"


class BadReport(DomainError):
    """A report form the bot did not send (an unknown reason or item kind)."""

    key = "error.bad_report"


class NoOpenReports(DomainError):
    """/content resolve or dismiss for an item with no open report this moderator may see."""

    key = "error.no_open_reports"  # params: item


@dataclass(frozen=True)
class ItemRef:
    kind: str
    id: str

    @property
    def key(self) -> str:
        """How a moderator names the item: 'question:athens-1'."""
        return f"{self.kind}:{self.id}"

    @classmethod
    def parse(cls, key: str) -> ItemRef:
        kind, _, item_id = key.strip().partition(":")
        if kind not in KINDS or not item_id:
            raise NoOpenReports(item=key)
        return cls(kind, item_id)


@dataclass(frozen=True)
class NewReport:
    item: ItemRef
    user_id: int
    guild_id: int | None  # where it was sent from (None: a DM); its server's moderators see it
    reason: str
    note: str
    lang: str
    course_version: str
    notify: bool  # the learner asked to be told when it is fixed


def checked(report: NewReport) -> NewReport:
    """The report as it may be stored, or BadReport."""
    if report.reason not in REASONS or report.item.kind not in KINDS or report.lang not in ("en", "es"):
        raise BadReport()
    note = " ".join(report.note.split())[:MAX_NOTE]
    return NewReport(report.item, report.user_id, report.guild_id, report.reason, note, report.lang,
                     report.course_version, report.notify)


@dataclass(frozen=True)
class StoredReport:
    id: int
    item: ItemRef
    user_id: int
    guild_id: int | None
    reason: str
    note: str
    lang: str
    course_version: str
    notify: bool
    created_at: datetime


@dataclass(frozen=True)
class ItemReports:
    """An item's open reports, as the queue shows them: the count, the reasons by how often, the learners' words."""

    item: ItemRef
    reports: tuple[StoredReport, ...]
    where: str | None = None  # the item's file:line in the course, when it is still there
    flagged: tuple[str, ...] = ()  # flags the item statistics raise about it, when they are available

    @property
    def count(self) -> int:
        return len(self.reports)

    @property
    def reasons(self) -> list[tuple[str, int]]:
        counts: dict[str, int] = {}
        for r in self.reports:
            counts[r.reason] = counts.get(r.reason, 0) + 1
        return sorted(counts.items(), key=lambda rc: (-rc[1], REASONS.index(rc[0])))

    @property
    def notes(self) -> list[str]:
        return [r.note for r in self.reports if r.note]


def grouped(reports: list[StoredReport]) -> list[ItemReports]:
    """Open reports by item, the most reported first (then the oldest report first)."""
    by_item: dict[ItemRef, list[StoredReport]] = {}
    for r in sorted(reports, key=lambda r: (r.created_at, r.id)):
        by_item.setdefault(r.item, []).append(r)
    return sorted((ItemReports(item, tuple(rs)) for item, rs in by_item.items()),
                  key=lambda g: (-g.count, g.reports[0].created_at, g.item.key))
