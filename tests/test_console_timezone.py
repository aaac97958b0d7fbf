"""The console learner's time zone: 'timezone' shows it (UTC until set), 'timezone ZONE' sets it (case forgiven,
an unknown name refused with a hint), and the console's progress counts the learner's day in it and its review
tells the next review's time on their clock; in Spanish too ('zona'). A reminder set on Discord follows a zone set
in the console."""

from __future__ import annotations

import io
import re

from bot.console.session import ConsoleSession
from tests.services.test_reminders import Inbox, at, miss
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


async def test_a_zone_set_in_the_console_moves_the_learners_reminder(app, clock):
    user = 7001
    at(clock, "2026-03-02T10:00")
    await miss(app, user)
    await app.reminders.turn_on(user, "18:00", "Europe/Madrid")  # /remind on, on Discord
    out = io.StringIO()
    await ConsoleSession(app, io.StringIO("timezone america/new_york\nquit\n"), out, user_id=user).run()
    assert "Your time zone is now America/New_York" in " ".join(out.getvalue().split())
    status = await app.reminders.status(user)
    assert status.next_local.isoformat() == "2026-03-02T18:00:00-05:00"
    inbox = Inbox()
    at(clock, "2026-03-02T18:00")  # Madrid's 18:00: nothing
    assert await app.reminders.run_due(inbox) == 0 and inbox.sends == 0
    clock.set(status.next_at)
    assert await app.reminders.run_due(inbox) == 1
