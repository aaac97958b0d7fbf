"""Trying and installing an uploaded course file. The target name is ours, never the uploader's: a file
can only land at content/<kind>/<slug>.yaml (or course.yaml / sources.yaml). And a whole course, as a cluster
shares it: its files read as text, and written into a folder after they load."""

from __future__ import annotations

import errno
import logging
import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import datetime
from pathlib import Path

from bot.content.errors import ContentErrors
from bot.content.loader import KINDS, course_files, load_course
from bot.domain.errors import CourseReadOnly

log = logging.getLogger(__name__)
BACKUPS = ".backups"
INCOMING = ".incoming"  # a hidden folder: the loader and the trial copies pass over it
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


def course_texts(root: Path) -> dict[str, str]:
    """The course's files, by their path inside `root` (quizzes/x.yaml), as text: course files are UTF-8 (the
    loader refuses others), and the text writes back to the same bytes."""
    return {path.relative_to(root).as_posix(): path.read_bytes().decode("utf-8") for path in course_files(root)}


def install_course(root: Path, files: dict[str, str], now: datetime) -> list[str]:
    """Make `root` hold exactly the course `files` (as `course_texts` gave them): written into a folder beside
    them and loaded there first, so a course that does not load here (ContentErrors) leaves `root` untouched;
    then each changed file replaces its old self in one rename, and the course files it does not have are
    removed. A replaced or removed file is backed up, as an upload's is. Returns the paths changed. Raises
    CourseReadOnly when the bot may not write there."""
    incoming = root / INCOMING
    with writing(root):
        shutil.rmtree(incoming, ignore_errors=True)  # a sync cut short by a crash
        try:
            for name, text in files.items():
                target = incoming / _inside(name)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(text.encode("utf-8"))
            load_course(incoming, display_root=root.name)
            changed = []
            for name, text in sorted(files.items()):
                path, raw = root / _inside(name), text.encode("utf-8")
                if path.is_file() and path.read_bytes() == raw:
                    continue
                if path.exists():
                    _new_backup(root, path, now)
                path.parent.mkdir(parents=True, exist_ok=True)
                os.replace(incoming / _inside(name), path)
                changed.append(name)
            for path in course_files(root):
                name = path.relative_to(root).as_posix()
                if name not in files:
                    _new_backup(root, path, now)
                    path.unlink()
                    changed.append(name)
        finally:
            shutil.rmtree(incoming, ignore_errors=True)
    return changed


def _inside(name: str) -> Path:
    """A shared file's path, refused unless it stays inside the course folder."""
    path = Path(name)
    if path.is_absolute() or not path.parts or any(part in ("", ".", "..") for part in path.parts):
        raise UploadRefused(f"{name!r} is not a path inside the course folder")
    return path
