"""The console, as a newcomer uses it: a real process reading stdin."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import FIXTURE_COURSE, ROOT


def run_console(tmp_path, stdin: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "TUTOR_DATABASE": str(tmp_path / "tutor.db"), "TUTOR_CONTENT_DIR": str(FIXTURE_COURSE),
           "TUTOR_LOG_LEVEL": "WARNING"}
    env.pop("DISCORD_TOKEN", None)
    return subprocess.run([sys.executable, "-m", "bot", "console", *args], input=stdin, capture_output=True,
                          text=True, cwd=tmp_path, env=env, timeout=60)


def test_console_quiz_answer_shows_up_in_a_later_progress(tmp_path):
    # beta has one ordering and one open question; 'petrograd' answers the open one, 'A B C' is a
    # valid (if perhaps wrong) order, so every question gets an answer whatever the shuffle.
    first = run_console(tmp_path, "quiz beta 1\nzzz\npetrograd\nquit\n")
    assert first.returncode == 0, first.stderr
    out = first.stdout
    assert "Question 1 of 1" in out
    assert "Traceback" not in out + first.stderr
    if "Type the letters" in out:
        # an ordering question: 'zzz' and 'petrograd' are not orders, so a hint was shown; answer it now
        second_try = run_console(tmp_path, "quiz beta 1\nA B C\nquit\n")
        out = second_try.stdout
    assert "Quiz finished:" in out
    later = run_console(tmp_path, "progress\nquit\n")
    assert "1 answer, " in later.stdout
    assert "Topic beta: " in later.stdout


def test_console_bad_input_gets_hints_not_tracebacks(tmp_path):
    result = run_console(tmp_path, "dance\nlearn\nlearn nowhere\nquiz 99\nquote\n", "--lang", "es")
    assert result.returncode == 0
    out = result.stdout
    assert "Orden desconocida «dance»" in out
    assert "Uso: aprender TEMA" in out
    assert "No hay nada (tema) llamado «nowhere» en el curso." in out
    assert "La longitud debe ser un número del 1 al 20." in out
    assert "(traducción nuestra)" in out  # the quote is shown in Spanish, marked as our translation
    assert "Hasta pronto" in out  # end of input ends the session cleanly
    assert "Traceback" not in out + result.stderr


def test_console_refuses_a_broken_course_with_file_and_line(tmp_path):
    import shutil

    course = tmp_path / "course"
    shutil.copytree(FIXTURE_COURSE, course)
    (course / "quizzes" / "alpha.yaml").write_text("- id: x\n  type: multiple_choice\n  answer: Z\n")
    env = {**os.environ, "TUTOR_DATABASE": str(tmp_path / "t.db"), "TUTOR_CONTENT_DIR": str(course)}
    result = subprocess.run([sys.executable, "-m", "bot", "console"], input="", capture_output=True, text=True,
                            cwd=ROOT, env=env, timeout=60)
    assert result.returncode == 1
    assert "course/quizzes/alpha.yaml:1: question 'x': missing 'topics'" in result.stderr
    assert "Traceback" not in result.stderr
