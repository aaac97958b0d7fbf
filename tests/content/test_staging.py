"""Uploads land where the bot decides, inside the course folder, whatever the uploaded file is called."""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.content.staging import UploadRefused, install, restore, target_path, trial_course, writing
from bot.domain.errors import CourseReadOnly

NOBODY = 65534


@pytest.mark.parametrize("name, expected", [
    ("../../../etc/passwd", "glossary/passwd.yaml"),
    ("..\\..\\Windows\\evil.yaml", "glossary/windows-evil.yaml"),
    ("/abs/olute.yml", "glossary/olute.yaml"),
    ("Évil Name (final).YAML", "glossary/vil-name-final.yaml"),
    ("....yaml", "glossary/upload.yaml"),
    ("", "glossary/upload.yaml"),
])
def test_names_are_ours(tmp_path, name, expected):
    path = target_path(tmp_path, "glossary", name)
    assert path.relative_to(tmp_path).as_posix() == expected
    assert path.resolve().is_relative_to(tmp_path.resolve())


def test_single_file_kinds_and_unknown_kinds(tmp_path):
    assert target_path(tmp_path, "sources", "../x.yaml") == tmp_path / "sources.yaml"
    with pytest.raises(UploadRefused):
        target_path(tmp_path, "../../etc", "x.yaml")


def test_trial_leaves_the_course_alone_and_install_can_be_undone(course_copy, tmp_path):
    before = (course_copy / "glossary" / "terms.yaml").read_bytes()
    bad = b"- id: g-x\n  term: {en: X}\n"
    errors = trial_course(course_copy, tmp_path / "scratch", "glossary", "terms.yaml", bad)
    assert errors and errors[0].startswith("course/glossary/terms.yaml:1:")
    assert (course_copy / "glossary" / "terms.yaml").read_bytes() == before
    path, backup = install(course_copy, "glossary", "terms.yaml", bad, datetime(2026, 1, 1, tzinfo=UTC))
    assert path.read_bytes() == bad and backup.read_bytes() == before
    restore(path, backup)
    assert path.read_bytes() == before


def test_two_uploads_at_the_same_instant_keep_both_backups(course_copy):
    """Backups carry microseconds and are created exclusively: one clock reading twice (two uploads within the
    clock's resolution) still leaves every replaced version."""
    target = course_copy / "glossary" / "terms.yaml"
    original = target.read_bytes()
    now = datetime(2026, 1, 1, 12, 0, 0, 123456, tzinfo=UTC)
    _, first = install(course_copy, "glossary", "terms.yaml", b"# second version\n", now)
    _, second = install(course_copy, "glossary", "terms.yaml", b"# third version\n", now)
    _, third = install(course_copy, "glossary", "terms.yaml", b"# fourth version\n", now)
    assert len({first, second, third}) == 3
    assert [b.read_bytes() for b in (first, second, third)] == [original, b"# second version\n",
                                                                  b"# third version\n"]
    assert sorted((course_copy / ".backups").iterdir()) == [first, second, third]  # in the order made
    assert target.read_bytes() == b"# fourth version\n"


def snapshot(root: Path) -> dict[str, bytes | None]:
    return {p.relative_to(root).as_posix(): None if p.is_dir() else p.read_bytes() for p in root.rglob("*")}


def install_as_another_user(root: Path, *args) -> str:
    """Run `install` as a user who does not own the course (as the container's bot user did with a course owned
    by root). As root, whom permissions do not stop, in a child process that drops to `nobody` first."""
    if os.geteuid() != 0:
        try:
            install(root, *args)
        except CourseReadOnly:
            return "read-only"
        return "installed"
    pid = os.fork()
    if pid == 0:  # the child: exit code 3 for CourseReadOnly, 0 installed, 1 anything else
        code = 1
        try:
            os.setgid(NOBODY)
            os.setuid(NOBODY)
            install(root, *args)
            code = 0
        except CourseReadOnly:
            code = 3
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    return {0: "installed", 3: "read-only"}.get(os.waitstatus_to_exitcode(status), "failed")


@pytest.fixture
def shared_course(course_copy):
    """The course in a folder every user can read and enter (pytest's tmp_path is private to its user)."""
    base = Path(tempfile.mkdtemp(prefix="course-"))
    base.chmod(0o755)
    root = base / "content"
    shutil.copytree(course_copy, root)
    for path in [root, *root.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    yield root
    shutil.rmtree(base)


@pytest.mark.parametrize("locked", ["course folder", "backups folder"])
def test_a_course_the_bot_may_not_write_refuses_the_upload_and_changes_nothing(shared_course, locked):
    if locked == "backups folder":  # the files may be replaced, but their backups cannot be kept
        (shared_course / ".backups").mkdir(mode=0o755)
        if os.geteuid() != 0:
            for path in [shared_course, *shared_course.rglob("*")]:
                path.chmod(0o777 if path.is_dir() else 0o666)
            (shared_course / ".backups").chmod(0o555)
        else:
            for path in [shared_course, *shared_course.rglob("*")]:
                os.chown(path, NOBODY, NOBODY)
            os.chown(shared_course / ".backups", 0, 0)
    elif os.geteuid() != 0:
        for path in [shared_course, *shared_course.rglob("*")]:
            if path.is_dir():
                path.chmod(0o555)
    before = snapshot(shared_course)
    when = datetime(2026, 1, 1, tzinfo=UTC)
    assert install_as_another_user(shared_course, "glossary", "terms.yaml", b"# new\n", when) == "read-only"
    assert install_as_another_user(shared_course, "glossary", "new-file.yaml", b"# new\n", when) \
        == ("installed" if locked == "backups folder" else "read-only")  # a new file needs no backup
    after = snapshot(shared_course)
    after.pop("glossary/new-file.yaml", None)
    assert after == before


def test_the_same_course_made_writable_takes_the_upload(shared_course):
    """The control for the test above: the same user, with a course folder of its own, installs."""
    if os.geteuid() == 0:
        for path in [shared_course, *shared_course.rglob("*")]:
            os.chown(path, NOBODY, NOBODY)
    when = datetime(2026, 1, 1, tzinfo=UTC)
    assert install_as_another_user(shared_course, "glossary", "terms.yaml", b"# new\n", when) == "installed"
    assert (shared_course / "glossary" / "terms.yaml").read_bytes() == b"# new\n"


def test_a_read_only_mount_is_a_read_only_course(tmp_path):
    """EROFS (a volume mounted :ro) cannot be made here without privileges; it is told apart by its errno."""
    with pytest.raises(CourseReadOnly), writing(tmp_path):
        raise OSError(errno.EROFS, "Read-only file system")
    with pytest.raises(OSError) as caught, writing(tmp_path):  # other faults (a full disk) are not read-only
        raise OSError(errno.ENOSPC, "No space left on device")
    assert caught.value.errno == errno.ENOSPC
