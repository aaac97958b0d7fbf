"""Trying and installing an uploaded course file. The target name is ours, never the uploader's: a file
can only land at content/<kind>/<slug>.yaml (or course.yaml / sources.yaml)."""

from __future__ import annotations

import errno
import logging
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import datetime
from pathlib import Path

from bot.content.errors import ContentErrors
from bot.content.loader import KINDS, load_course
from bot.domain.errors import CourseReadOnly

log = logging.getLogger(__name__)
BACKUPS = ".backups"
READ_ONLY = frozenset({errno.EACCES, errno.EPERM, errno.EROFS})
UPLOAD_KINDS = tuple(k.name for k in KINDS)


class UploadRefused(ValueError):
    pass


def target_path(root: Path, kind: str, filename: str) -> Path:
    """Where an upload of `kind` named `filename` goes inside `root`."""
    matches = [k for k in KINDS if k.name == kind]
    if not matches:
        raise UploadRefused(f"unknown kind '{kind}': use one of {', '.join(UPLOAD_KINDS)}")
    place = matches[0].place
    if not place.endswith("/"):
        return root / place
    stem = re.sub(r"[^a-z0-9]+", "-", Path(filename).stem.lower()).strip("-")[:40] or "upload"
    return root / place.rstrip("/") / f"{stem}.yaml"


def _copy_course(source: Path, target: Path) -> None:
    shutil.copytree(source, target, ignore=shutil.ignore_patterns(BACKUPS, ".*"), dirs_exist_ok=True)


def trial_course(root: Path, scratch: Path, kind: str, filename: str, raw: bytes, lang: str = "en") -> list[str]:
    """The errors the course would have with this upload installed ([] if none), written in `lang`."""
    course = scratch / "course"
    _copy_course(root, course)
    path = target_path(course, kind, filename)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(raw)
    try:
        load_course(course, display_root=root.name)
    except ContentErrors as exc:
        return [e.render(lang) for e in exc.errors]
    return []


def install(root: Path, kind: str, filename: str, raw: bytes, now: datetime) -> tuple[Path, Path | None]:
    """Write the upload into the course, keeping a backup of the file it replaces.
    Returns (installed path, backup path or None). Raises CourseReadOnly, with the course as it was, when the
    bot may not write there."""
    path = target_path(root, kind, filename)
    backup = None
    tmp = path.with_suffix(".uploading")
    had_backups = True  # what this upload did not create, it does not remove
    try:
        with writing(root):
            had_backups = (root / BACKUPS).exists()
            if path.exists():
                backup = _new_backup(root, path, now)
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp.write_bytes(raw)
            tmp.replace(path)
    except Exception:  # the course stays as it was: no half-written file, no backup of a file not replaced
        for leftover in (tmp, backup):
            with suppress(OSError):
                if leftover is not None:
                    leftover.unlink(missing_ok=True)
        if not had_backups:
            with suppress(OSError):
                (root / BACKUPS).rmdir()
        raise
    return path, backup


@contextmanager
def writing(root: Path) -> Iterator[None]:
    """Turn 'may not write here' (permissions, a read-only mount) into CourseReadOnly; other faults go on."""
    try:
        yield
    except OSError as exc:
        if exc.errno not in READ_ONLY:
            raise
        log.warning("the course folder %s is read-only for the bot (%s): upload refused", root, exc)
        raise CourseReadOnly() from exc


def _new_backup(root: Path, path: Path, now: datetime) -> Path:
    """A copy of `path` under a name no other backup has: microseconds in the name, created exclusively, with a
    counter when two uploads share the same instant. A backup is never overwritten."""
    backups = root / BACKUPS
    backups.mkdir(exist_ok=True)
    stem = f"{path.relative_to(root).as_posix().replace('/', '__')}.{now:%Y%m%dT%H%M%S.%f}"
    n = 1
    while True:
        backup = backups / (stem if n == 1 else f"{stem}-{n}")
        n += 1
        try:
            out = backup.open("xb")
        except FileExistsError:
            continue
        try:
            with out, path.open("rb") as source:
                shutil.copyfileobj(source, out)
            shutil.copystat(path, backup)
        except BaseException:
            backup.unlink(missing_ok=True)
            raise
        return backup


def restore(path: Path, backup: Path | None) -> None:
    """Undo an install: put the backup back, or remove a file that did not exist before."""
    if backup is not None:
        shutil.copy2(backup, path)
    else:
        path.unlink(missing_ok=True)
