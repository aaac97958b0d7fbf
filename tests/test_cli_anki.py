"""`python -m bot anki OUT.apkg [--topic ...] [--lang es]`: the course's deck for moderators, written from the
course folder alone (no database is opened or created)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import FIXTURE_COURSE
from tests.services.test_anki import notes
from tests.test_cli import environment


def anki(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    env = environment(tmp_path, TUTOR_CONTENT_DIR=str(FIXTURE_COURSE))
    return subprocess.run([sys.executable, "-m", "bot", "anki", *args], capture_output=True, text=True,
                          cwd=tmp_path, env=env, timeout=60)


def test_a_topic_deck_is_written_in_the_language_asked(tmp_path):
    done = anki(tmp_path, "beta.apkg", "--topic", "beta", "--lang", "es")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "beta.apkg: 4 cards (fixture-course 1, beta, es)"
    found = notes((tmp_path / "beta.apkg").read_bytes(), tmp_path)
    fronts = sorted(fields[0] for fields, _ in found.values())
    assert len(found) == 4 and any(front.startswith("Beta") for front in fronts)
    assert any("La cita beta." in front for front in fronts)
    assert all("Fuentes: Source A" in fields[3] or "Citado en: Source A" in fields[3] for fields, _ in found.values())
    assert not (tmp_path / "data").exists()  # the course alone: no database


def test_the_whole_course_by_default_and_an_unknown_topic_is_a_usage_error(tmp_path):
    done = anki(tmp_path, "all.apkg")
    assert done.returncode == 0, done.stderr
    assert len(notes((tmp_path / "all.apkg").read_bytes(), tmp_path)) == 5 + 2 + 2
    refused = anki(tmp_path, "x.apkg", "--topic", "gamma")
    assert refused.returncode == 2 and not (tmp_path / "x.apkg").exists()
    # the command line's own hint, not the learners' (Discord's autocomplete, /topics)
    assert refused.stderr == ("--topic 'gamma' is no topic in the course: give one of these ids, or a topic's title\n"
                              "topics: alpha, beta\n")
    vague = anki(tmp_path, "x.apkg", "--topic", "topic")  # both topics' titles begin so
    assert vague.returncode == 2 and not (tmp_path / "x.apkg").exists()
    assert vague.stderr == ("--topic 'topic' fits more than one topic: give one of these ids, or more of its title\n"
                            "topics: alpha, beta\n")
