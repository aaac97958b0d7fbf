"""The console learner's time zone: 'timezone' shows it (UTC until set), 'timezone ZONE' sets it (case forgiven,
an unknown name refused with a hint), and the console's progress counts the learner's day in it and its review
tells the next review's time on their clock; in Spanish too ('zona')."""

from __future__ import annotations

import re

from tests.test_console import run_console
from tests.test_console_progress_schedule import answer_one_question


def test_the_console_learner_sets_a_zone_and_progress_counts_their_day_in_it(tmp_path):
    out = " ".join(run_console(tmp_path, "timezone\ntimezone mars/olympus\ntimezone asia/tokyo\ntimezone\nquit\n")
                   .stdout.split())  # sentences are wrapped to the terminal's width
    assert "Your days are counted in UTC: your streak and the reviews due today in 'progress'." in out
    assert "'mars/olympus' is not a time zone" in out
    assert "Your time zone is now Asia/Tokyo: your streak" in out
    assert "Your time zone is Asia/Tokyo: your streak and the reviews due today in 'progress' count days" in out

    answer_one_question(tmp_path)
    progress = run_console(tmp_path, "progress\nquit\n").stdout
    assert re.search(r"Due by the end of today \(Asia/Tokyo\): [01]\n", progress), progress
    assert re.search(r"Next review due: \d{4}-\d\d-\d\d \d\d:\d\d JST\n", progress), progress
    review = run_console(tmp_path, "review\nquit\nquit\n").stdout
    assert re.search(r"Next review due: \d{4}-\d\d-\d\d \d\d:\d\d JST\.", review), review


def test_the_zone_in_spanish(tmp_path):
    out = " ".join(run_console(tmp_path, "zona\nzona europe/madrid\nzona\nsalir\n", "--lang", "es").stdout.split())
    assert "Tus días se cuentan en UTC" in out
    assert "Tu zona horaria es ahora Europe/Madrid" in out
    assert "Tu zona horaria es Europe/Madrid: tu racha" in out
    assert "zona [ZONA]" in " ".join(run_console(tmp_path, "ayuda\nsalir\n", "--lang", "es").stdout.split())
