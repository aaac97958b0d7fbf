"""Backing up a PostgreSQL database is pg_dump's job (README, "Running on PostgreSQL"): a dump of a database the
bot used, restored with pg_restore into a new database, is one the bot starts on, with every learner's
progress, and goes on writing to. `python -m bot backup` says so rather than copying a file."""

from __future__ import annotations

import asyncio
import os
import random
import subprocess
import sys

from bot.app import build_app
from tests.conftest import ROOT, make_settings
from tests.services.test_quiz_service import right_response, wrong_response

ENGINES = ("postgresql",)

LEARNERS = (1, 2, 3)


def run(*argv: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(argv, capture_output=True, text=True, timeout=120, cwd=ROOT,
                          env={**os.environ, **(env or {})})


async def answer(app, user: int, right: bool) -> None:
    view = await app.quiz.start(user_id=user, lang="en", guild_id=1, length=1)
    await app.quiz.answer(view.session_id, 0, user, (right_response if right else wrong_response)(view))


async def test_a_pg_dump_restored_into_a_new_database_is_where_the_bot_goes_on(
        app, postgres_server, database_target, tmp_path, course_copy, clock):
    for user in LEARNERS:
        for n in range(user + 1):
            await answer(app, user, right=n % 2 == 0)
    before = {user: await app.progress.progress(user) for user in LEARNERS}

    dump = tmp_path / "tutor.dump"
    done = await asyncio.to_thread(run, str(postgres_server.bindir / "pg_dump"), "--format=custom",
                                   f"--file={dump}", database_target)
    assert done.returncode == 0, done.stderr
    async with postgres_server.database() as restored:
        done = await asyncio.to_thread(run, str(postgres_server.bindir / "pg_restore"), "--no-owner",
                                       f"--dbname={restored}", str(dump))
        assert done.returncode == 0, done.stderr
        migrate = await asyncio.to_thread(run, sys.executable, "-m", "bot", "migrate",
                                          env={"TUTOR_DATABASE": restored, "TUTOR_CONTENT_DIR": str(course_copy)})
        assert migrate.returncode == 0 and "(0 migration(s) applied)" in migrate.stdout, migrate.stderr

        again = await build_app(make_settings(tmp_path, course_copy, TUTOR_DATABASE=restored), clock=clock,
                                rng=random.Random(1))
        try:
            after = {user: await again.progress.progress(user) for user in LEARNERS}
            assert [(p.answered, p.correct) for p in after.values()] == \
                [(p.answered, p.correct) for p in before.values()] == [(2, 1), (3, 2), (4, 2)]
            await answer(again, 1, right=True)  # new rows take new ids: the dump carried the sequences
            assert (await again.progress.progress(1)).answered == 3
        finally:
            await again.close()


def test_the_backup_command_points_to_pg_dump(tmp_path):
    done = run(sys.executable, "-m", "bot", "backup", str(tmp_path / "copy.db"),
               env={"TUTOR_DATABASE": "postgresql://tutor:secret@127.0.0.1:1/tutor", "TUTOR_CONTENT_DIR": str(ROOT)})
    assert done.returncode == 1 and "pg_dump" in done.stderr and "Traceback" not in done.stderr, done.stderr
    assert "secret" not in done.stderr and not (tmp_path / "copy.db").exists()
