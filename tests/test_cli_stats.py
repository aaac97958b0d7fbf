"""`python -m bot stats [--csv]`: item statistics from the database for teachers, most flagged first."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.services.test_item_stats import LEARNERS, MC_PICKS, WHO_PICKS, take_quiz
from tests.test_cli import environment


def stats(tmp_path: Path, course: Path, *args: str) -> subprocess.CompletedProcess:
    env = environment(tmp_path, TUTOR_CONTENT_DIR=str(course))
    return subprocess.run([sys.executable, "-m", "bot", "stats", *args], capture_output=True, text=True,
                          cwd=tmp_path, env=env, timeout=60)


async def test_csv_has_a_row_per_item_and_language_most_flagged_first(app, clock, tmp_path, course_copy):
    for n, user in enumerate(LEARNERS):  # the service test's five learners (its figures are worked out there)
        await take_quiz(app, clock, user, "en", {"a-mc": MC_PICKS[n], "a-tf": True, "a-who": WHO_PICKS[n]}, n + 2)
    done = stats(tmp_path, course_copy, "--csv")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "item,lang,topic,place,answered,share_right,discrimination,top_wrong,top_wrong_count,median_seconds,"
        "unused_distractors,flags",
        "a-mc,en,alpha,course/quizzes/alpha.yaml:1,5,0.000,,Wrong three,4,4,C,too_hard unused_distractor",
        "a-tf,en,alpha,course/quizzes/alpha.yaml:15,5,1.000,,,0,4,,too_easy",
        "a-who,en,alpha,course/quizzes/alpha.yaml:23,5,0.600,,Speaker Two,2,4,C,unused_distractor",
    ]
    easy = stats(tmp_path, course_copy, "--flag", "too_easy")
    assert easy.returncode == 0, easy.stderr
    assert easy.stdout.splitlines() == [
        "a-tf [en] course/quizzes/alpha.yaml:15: 5 answers, 1.000 right, discrimination -, median 4 s,"
        " most given wrong: - (0); too_easy"]
    refused = stats(tmp_path, course_copy, "--topic", "gamma")
    assert refused.returncode == 2 and "topics: alpha, beta" in refused.stderr
