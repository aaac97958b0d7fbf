"""Uploads land where the bot decides, inside the course folder, whatever the uploaded file is called."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.content.staging import UploadRefused, install, restore, target_path, trial_course


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
