"""A whole course as a cluster shares it: read as text, written into another process's folder only once it loads
there, giving the same files byte for byte and the same fingerprint, whatever the folders are called."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime

import pytest

from bot.content import ContentErrors, load_course
from bot.content.staging import UploadRefused, course_texts, install_course

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def snapshot(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
            and not p.relative_to(folder).as_posix().startswith(".")}


def test_a_course_travels_byte_for_byte_into_a_folder_of_another_name(course_copy, tmp_path):
    quiz = course_copy / "quizzes" / "alpha.yaml"
    quiz.write_bytes(b"\xef\xbb\xbf" + quiz.read_bytes().replace(b"\n", b"\r\n"))  # a BOM and CRLF, as Windows saves
    (course_copy / "quizzes" / "beta.yaml").rename(course_copy / "quizzes" / "gamma.yaml")
    (course_copy / "topics" / "notes.md").write_text("not part of the course")
    other = tmp_path / "elsewhere" / "served-course"
    shutil.copytree(tmp_path / "course", other)  # then made older: one file changed, one the course dropped
    shutil.copy(other / "quizzes" / "gamma.yaml", other / "quizzes" / "beta.yaml")
    (other / "quizzes" / "gamma.yaml").unlink()
    (other / "sources.yaml").write_text((other / "sources.yaml").read_text() + "\n# an old comment\n")

    changed = install_course(other, course_texts(course_copy), NOW)

    assert sorted(changed) == ["quizzes/beta.yaml", "quizzes/gamma.yaml", "sources.yaml"]
    assert snapshot(other) == snapshot(course_copy) | {"topics/notes.md": b"not part of the course"}
    assert load_course(other).fingerprint == load_course(course_copy).fingerprint
    backups = sorted(p.name.split(".")[0] for p in (other / ".backups").iterdir())
    assert backups == ["quizzes__beta", "sources"]  # what it replaced or removed, kept as an upload's is
    assert not (other / ".incoming").exists()


def test_a_course_that_does_not_load_here_leaves_the_folder_untouched(course_copy, tmp_path):
    texts = course_texts(course_copy)
    texts["quizzes/alpha.yaml"] = "- id: broken\n  type: multiple_choice\n"
    before = snapshot(course_copy)
    with pytest.raises(ContentErrors):
        install_course(course_copy, texts, NOW)
    assert snapshot(course_copy) == before
    assert not (course_copy / ".incoming").exists() and not (course_copy / ".backups").exists()


@pytest.mark.parametrize("name", ["../escaped.yaml", "/tmp/absolute.yaml", "quizzes/../../escaped.yaml"])
def test_a_path_outside_the_course_folder_is_refused(course_copy, name):
    texts = course_texts(course_copy) | {name: "- id: x\n"}
    before = snapshot(course_copy)
    with pytest.raises(UploadRefused):
        install_course(course_copy, texts, NOW)
    assert snapshot(course_copy) == before
    assert not (course_copy.parent / "escaped.yaml").exists()
