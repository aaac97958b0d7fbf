"""`python -m bot backup PATH`: a consistent copy while answers are being written; restoring it is
copying it back (README), and the restored bot has everything the backup had."""

import asyncio
import os
import random
import shutil
import sqlite3
import subprocess
import sys

from bot.app import build_app
from bot.storage import StorageError
from bot.storage.backup import backup
from tests.conftest import ROOT, make_settings
from tests.services.test_quiz_service import right_response

# `python -m bot backup` copies a SQLite file; PostgreSQL is backed up with pg_dump (README)
ENGINES = ("sqlite",)


async def answer_forever(app, user: int, stop: asyncio.Event) -> int:
    answered = 0
    while not stop.is_set():
        view = await app.quiz.start(user_id=user, lang="en", guild_id=1, length=1)
        await app.quiz.answer(view.session_id, 0, user, right_response(view))
        answered += 1
        await asyncio.sleep(0)
    return answered


async def test_backup_while_answers_are_written_then_restore(app, tmp_path, course_copy, clock):
    stop = asyncio.Event()
    writers = [asyncio.create_task(answer_forever(app, user, stop)) for user in (1, 2, 3)]
    await asyncio.sleep(0.3)
    report = await asyncio.to_thread(backup, app.db.path, tmp_path / "backups" / "copy.db")
    await asyncio.sleep(0.1)
    stop.set()
    total = sum(await asyncio.gather(*writers))
    assert report.attempts > 0 and report.attempts <= total and report.learners == 3
    assert not (tmp_path / "backups" / "copy.db.partial").exists()
    with sqlite3.connect(tmp_path / "backups" / "copy.db") as con:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        # consistent: every stored answer has its score, as one transaction wrote them together
        answers = con.execute("SELECT COUNT(*) FROM attempts").fetchone()[0]
        scored = con.execute("SELECT SUM(answered) FROM scores WHERE period = 'all'").fetchone()[0]
        assert answers == scored == report.attempts

    restored = tmp_path / "restored" / "tutor.db"
    restored.parent.mkdir()
    shutil.copy(tmp_path / "backups" / "copy.db", restored)  # the README's restore step
    again = await build_app(make_settings(tmp_path, course_copy, TUTOR_DATABASE=str(restored)), clock=clock,
                            rng=random.Random(1))
    try:
        per_user = [(await again.progress.progress(u)).answered for u in (1, 2, 3)]
        assert sum(per_user) == report.attempts
    finally:
        await again.close()


def test_backup_refuses_to_overwrite_or_to_invent_a_database(tmp_path):
    (tmp_path / "exists.db").write_bytes(b"")
    for source, target, message in ((tmp_path / "none.db", tmp_path / "x.db", "no database"),
                                    (tmp_path / "exists.db", tmp_path / "exists.db", "already exists")):
        try:
            backup(source, target)
        except StorageError as exc:
            assert message in str(exc)
        else:
            raise AssertionError("no error")


async def test_the_command_line(app, tmp_path):
    env = {**os.environ, "TUTOR_DATABASE": str(app.db.path), "TUTOR_CONTENT_DIR": str(tmp_path)}
    target = tmp_path / "b.db"
    done = subprocess.run([sys.executable, "-m", "bot", "backup", str(target)], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "integrity ok" in done.stdout and target.is_file()
    again = subprocess.run([sys.executable, "-m", "bot", "backup", str(target)], env=env, cwd=ROOT,
                           capture_output=True, text=True, timeout=60)
    assert again.returncode == 1 and "already exists" in again.stderr and "Traceback" not in again.stderr
