"""Load a course folder: every file read, every error collected, nothing half-loaded."""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from bot.content.errors import ContentError, ContentErrors, Msg, msg
from bot.content.messages import describe
from bot.content.references import check_references
from bot.content.rules import check_letters, near_duplicates
from bot.content.yaml_source import YamlDocument, YamlProblem, decode, parse
from bot.domain.catalog import Catalog
from bot.domain.content import Course, GlossaryTerm, Quote, Source, TimelineEvent, Topic
from bot.domain.quiz_items import QUIZ_FORMATS, QuizItem
from bot.domain.text import FieldError
from bot.domain.translations import missing_in

log = logging.getLogger(__name__)
MAX_FILES = 500


@dataclass(frozen=True)
class Kind:
    """One kind of content: where its files live, their shape, and how to name an item in errors."""

    name: str
    place: str  # a file name, or a folder name ending in '/'
    many: bool  # each file holds a list of items (else one mapping)
    validate: Callable[[Any], BaseModel]
    label: str


_quiz = TypeAdapter(QuizItem)
KINDS = (
    Kind("course", "course.yaml", False, Course.model_validate, "course"),
    Kind("sources", "sources.yaml", True, Source.model_validate, "source"),
    Kind("topics", "topics/", False, Topic.model_validate, "topic"),
    Kind("quotes", "quotes/", True, Quote.model_validate, "quote"),
    Kind("quizzes", "quizzes/", True, _quiz.validate_python, "question"),
    Kind("glossary", "glossary/", True, GlossaryTerm.model_validate, "term"),
    Kind("timeline", "timeline/", True, TimelineEvent.model_validate, "event"),
)


@dataclass
class Loaded:
    """A validated item and where it came from (for cross-reference errors)."""

    item: Any
    file: str
    doc: YamlDocument
    path: tuple


def load_course(root: Path | str, display_root: str | None = None) -> Catalog:
    """Read and validate every course file under `root`; raise ContentErrors listing all problems."""
    return _load(root, display_root)


def course_files(root: Path) -> list[Path]:
    """The files a load of `root` reads (what a cluster shares of the course); [] for a folder it cannot list."""
    return [path for _kind, path in _course_files(root, root.name, [])[0]]


def _load(root: Path | str, display_root: str | None) -> Catalog:
    root = Path(root)
    shown = display_root if display_root is not None else root.name
    errors: list[ContentError] = []
    loaded: dict[str, list[Loaded]] = {k.name: [] for k in KINDS}
    invalid: dict[str, set[str]] = {k.name: set() for k in KINDS}  # ids of items that failed validation
    digest = hashlib.sha256()

    problem = folder_problem(root)
    if problem:
        raise ContentErrors([ContentError(str(root), 0, problem)])

    files, unread = _course_files(root, shown, errors)
    for kind, path in files:
        inside = path.relative_to(root).as_posix()
        doc = _read_file(path, f"{shown}/{inside}", inside, digest, errors)
        if doc is None:
            unread = True
            continue
        _validate_file(kind, doc, f"{shown}/{inside}", loaded[kind.name], invalid[kind.name], errors)
        # Validated: from here on only the file's lines may be asked for (to report a problem). Its parsed data
        # is freed now, so the next file is read into the memory this one held: a load's peak is a fifth lower.
        doc.data = None

    if not loaded["course"] and not any(e.file.endswith("course.yaml") for e in errors):
        errors.append(ContentError(f"{shown}/course.yaml", 0, msg("problem.no_course_file")))
    if not unread:  # else what the unread files hold is unknown: each reference to it would bury the cause
        errors.extend(check_references(loaded, invalid))
    errors.extend(check_letters(loaded["quizzes"]))
    if errors:
        raise ContentErrors(errors)

    warnings = [
        str(ContentError(entry.file, entry.doc.line_of(entry.path), msg(
            "problem.labelled", label=_label(kind, entry.item.id),
            problem=msg("problem.no_spanish", fields=", ".join(gaps)))))
        for kind in KINDS
        for entry in loaded[kind.name]
        if (gaps := missing_in(entry.item, "es"))
    ] + [str(problem) for problem in near_duplicates(loaded["quizzes"])]
    return Catalog(
        course=loaded["course"][0].item,
        sources={e.item.id: e.item for e in loaded["sources"]},
        topics={t.id: t for t in sorted((e.item for e in loaded["topics"]), key=lambda t: (t.order, t.id))},
        quotes={e.item.id: e.item for e in loaded["quotes"]},
        items={e.item.id: e.item for e in loaded["quizzes"]},
        glossary={e.item.id: e.item for e in loaded["glossary"]},
        timeline=tuple(sorted((e.item for e in loaded["timeline"]), key=lambda e: (_date_key(e.date), e.id))),
        fingerprint=digest.hexdigest()[:12],
        warnings=tuple(warnings),
    )


_UNEXPECTED = msg("problem.unexpected")


def folder_problem(root: Path) -> Msg | None:
    """Why `root` cannot be read as a course folder (what is wrong and what to do), or None."""
    try:
        if not root.exists():
            return msg("problem.folder_not_found")
        if not root.is_dir():
            return msg("problem.not_a_folder")
        with os.scandir(root):
            pass
    except OSError as exc:
        return msg("problem.cannot_read_folder", reason=exc.strerror)
    return None


def _read_file(path: Path, display: str, inside: str, digest: Any,
               errors: list[ContentError]) -> YamlDocument | None:
    """The file's document, or None with its problem added to `errors`. The fingerprint takes its path inside
    the course, not the folder's name: processes of a cluster keep the same course in folders of any name."""
    try:
        raw = path.read_bytes()
        digest.update(inside.encode() + b"\0" + raw)
        return parse(decode(raw))
    except YamlProblem as problem:
        errors.append(ContentError(display, problem.line, problem.problem))
    except OSError as exc:
        errors.append(ContentError(display, 0, msg("problem.cannot_read_file", reason=exc.strerror)))
    except Exception:  # noqa: BLE001 - a reader's fault must not take the whole check or reload down
        log.exception("unexpected failure reading %s", display)
        errors.append(ContentError(display, 0, _UNEXPECTED))
    return None


def _course_files(root: Path, shown: str, errors: list[ContentError]) -> tuple[list[tuple[Kind, Path]], bool]:
    """The course's files, and whether some folder or entry in it could not be read."""
    files: list[tuple[Kind, Path]] = []
    places = {k.place.rstrip("/"): k for k in KINDS}
    entries = _listed(root, shown, errors)
    unread = entries is None
    for entry in entries or ():
        where = f"{shown}/{entry.name}"
        try:
            if entry.name.startswith(".") or entry.is_symlink():
                continue
            kind = places.get(entry.name)
            if entry.is_dir() and kind and kind.place.endswith("/"):
                children = _listed(entry, where, errors)
                unread = unread or children is None
                for child in children or ():
                    if child.suffix in (".yaml", ".yml") and child.is_file() and not child.is_symlink():
                        files.append((kind, child))
                    elif child.is_file() and child.suffix not in (".md", ".txt", ".bak"):
                        errors.append(ContentError(f"{where}/{child.name}", 0, msg("problem.not_yaml")))
            elif entry.is_file() and kind and not kind.place.endswith("/"):
                files.append((kind, entry))
            elif entry.is_file() and entry.suffix in (".yaml", ".yml"):
                expected = ", ".join(k.place for k in KINDS)
                errors.append(ContentError(where, 0, msg("problem.unknown_file", expected=expected)))
        except OSError as exc:  # an entry that cannot even be looked at (no search permission on its folder)
            errors.append(ContentError(where, 0, msg("problem.cannot_read_entry", reason=exc.strerror)))
            unread = True
    if len(files) > MAX_FILES:
        errors.append(ContentError(shown, 0, msg("problem.too_many_files", count=len(files), limit=MAX_FILES)))
        return [], True
    return files, unread


def _listed(folder: Path, shown: str, errors: list[ContentError]) -> list[Path] | None:
    try:
        return sorted(folder.iterdir())
    except OSError as exc:
        errors.append(ContentError(shown, 0, msg("problem.cannot_read_folder", reason=exc.strerror)))
        return None


def _validate_file(kind: Kind, doc: YamlDocument, display: str, out: list[Loaded], invalid: set[str],
                   errors: list[ContentError]) -> None:
    data = doc.data
    if kind.many:
        if data is None:
            return  # an empty file is an empty list
        if not isinstance(data, list):
            errors.append(ContentError(display, doc.line_of(()), msg("problem.not_a_list",
                                                                     kinds=msg(f"problem.kinds.{kind.name}"))))
            return
        entries = [((i,), value) for i, value in enumerate(data)]
    else:
        if not isinstance(data, dict):
            errors.append(ContentError(display, doc.line_of(()), msg("problem.not_a_mapping",
                                                                     kind=msg(f"problem.kind.{kind.name}"))))
            return
        entries = [((), data)]
    for path, value in entries:
        try:
            out.append(Loaded(kind.validate(value), display, doc, path))
            continue
        except ValidationError as exc:
            problems = [(_locate(err), err) for err in exc.errors(include_url=False)]
        except Exception:  # noqa: BLE001 - a validator's fault must not take the whole check or reload down
            log.exception("unexpected failure validating %s", display)
            problems = [((), None)]
        if isinstance(value, dict) and isinstance(value.get("id"), str):
            invalid.add(value["id"])  # reported once here, not again by every reference to it
        label = _label(kind, value.get("id") if isinstance(value, dict) else None)
        for loc, err in problems:
            line = doc.line_of(path + loc)
            errors.append(ContentError(display, line, msg("problem.labelled", label=label,
                                                          problem=describe(err, loc) if err else _UNEXPECTED)))


def _locate(err: dict) -> tuple:
    """The error's place in the file. Discriminated unions put the quiz format first in the location
    (the file has no such level); cross-field checks name their field in a FieldError."""
    loc = tuple(err["loc"])
    loc = loc[1:] if loc and loc[0] in QUIZ_FORMATS else loc
    if err["type"] in ("union_tag_invalid", "union_tag_not_found"):
        return (*loc, "type")
    cause = (err.get("ctx") or {}).get("error")
    if isinstance(cause, FieldError):
        return (*loc, cause.field)
    return loc


def _label(kind: Kind, ident: Any) -> Msg:
    """'topic 'x'', or 'topic' when the item has no usable id: what a problem's sentence is about."""
    if isinstance(ident, str) and ident:
        return msg("problem.named", kind=msg(f"problem.kind.{kind.name}"), id=ident)
    return msg(f"problem.kind.{kind.name}")


def _date_key(date: str) -> tuple[int, int, int]:
    sign = -1 if date.startswith("-") else 1
    parts = [int(p) for p in date.lstrip("-").split("-")] + [0, 0]
    return sign * parts[0], parts[1], parts[2]
