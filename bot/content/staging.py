"""Trying and installing an uploaded course file. The target name is ours, never the uploader's: a file
can only land at content/<kind>/<slug>.yaml (or course.yaml / sources.yaml)."""

from __future__ import annotations

import re
import shutil
from datetime import datetime
from pathlib import Path

from bot.content.errors import ContentErrors
from bot.content.loader import KINDS, load_course

BACKUPS = ".backups"
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


def trial_course(root: Path, scratch: Path, kind: str, filename: str, raw: bytes) -> list[str]:
    """The errors the course would have with this upload installed ([] if none)."""
    course = scratch / "course"
    _copy_course(root, course)
    path = target_path(course, kind, filename)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(raw)
    try:
        load_course(course, display_root=root.name)
    except ContentErrors as exc:
        return [str(e) for e in exc.errors]
    return []


def install(root: Path, kind: str, filename: str, raw: bytes, now: datetime) -> tuple[Path, Path | None]:
    """Write the upload into the course, keeping a backup of the file it replaces.
    Returns (installed path, backup path or None)."""
    path = target_path(root, kind, filename)
    backup = None
    if path.exists():
        backups = root / BACKUPS
        backups.mkdir(exist_ok=True)
        backup = backups / f"{path.relative_to(root).as_posix().replace('/', '__')}.{now:%Y%m%dT%H%M%S}"
        shutil.copy2(path, backup)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".uploading")
    tmp.write_bytes(raw)
    tmp.replace(path)
    return path, backup


def restore(path: Path, backup: Path | None) -> None:
    """Undo an install: put the backup back, or remove a file that did not exist before."""
    if backup is not None:
        shutil.copy2(backup, path)
    else:
        path.unlink(missing_ok=True)
