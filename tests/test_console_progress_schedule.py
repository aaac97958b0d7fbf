"""The console's progress shows the review schedule (due now, by the end of the day, the next one's date and
time) and the last four weeks in words, in English and Spanish."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from bot.services.activity import long_date
from tests.test_console import run_console


def answer_one_question(tmp_path) -> datetime:
    answered = datetime.now(UTC)
    out = run_console(tmp_path, "quiz beta 1\nzzz\npetrograd\nquit\n").stdout
    if "Type the letters" in out:  # an ordering question: the words above were hints, not answers
        out = run_console(tmp_path, "quiz beta 1\nA B C\nquit\n").stdout
    assert "Quiz finished:" in out
    return answered


def test_console_progress_shows_the_schedule_and_the_last_four_weeks(tmp_path):
    before = run_console(tmp_path, "progress\nquit\n").stdout
    assert "No reviews scheduled yet" in before and "Reviews due now" not in before

    answered = answer_one_question(tmp_path)
    out = run_console(tmp_path, "progress\nquit\n").stdout
    assert "Reviews due now: 0" in out  # FSRS's first step is a minute away at the soonest
    assert re.search(r"Due by the end of today \(UTC\): [01]\n", out), out  # 0 only within 10 min of midnight
    (when,) = re.findall(r"Next review due: (\d{4}-\d\d-\d\d \d\d:\d\d) UTC\n", out)
    due = datetime.strptime(when, "%Y-%m-%d %H:%M").replace(tzinfo=UTC)
    assert answered - timedelta(minutes=1) <= due <= datetime.now(UTC) + timedelta(minutes=10)
    days = {long_date(d.date(), "en") for d in (answered, datetime.now(UTC))}
    words = " ".join(out.split())  # the sentence is wrapped to the terminal's width
    assert any(f"Activity over the last 4 weeks: 1 active day, 1 answer or card rated; most on {d} (1)." in words
               for d in days), out

    spanish = run_console(tmp_path, "progreso\nsalir\n", "--lang", "es").stdout
    assert "Repasos pendientes ahora: 0" in spanish and "Pendientes antes de que acabe el día (UTC): " in spanish
    assert f"Próximo repaso: {when} UTC" in spanish
    days = {long_date(d.date(), "es") for d in (answered, datetime.now(UTC))}
    words = " ".join(spanish.split())
    assert any(f"Actividad en las últimas 4 semanas: 1 día activo, 1 respuesta o tarjeta valorada;"
               f" el día con más, {d} (1)." in words
               for d in days), spanish
