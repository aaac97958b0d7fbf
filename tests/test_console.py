"""The console, as a newcomer uses it: a real process reading stdin."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time

from tests.conftest import FIXTURE_COURSE, ROOT, SHIPPED_COURSE


def console_env(tmp_path, course=FIXTURE_COURSE, log_level="WARNING") -> dict[str, str]:
    # PYTHONPATH: the process runs in tmp_path, where `-m bot` would otherwise find whichever checkout is
    # installed in the environment rather than the one under test (as tests/test_cli.py's environment does)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TUTOR_DATABASE": str(tmp_path / "tutor.db"),
           "TUTOR_CONTENT_DIR": str(course), "TUTOR_LOG_LEVEL": log_level}
    env.pop("DISCORD_TOKEN", None)
    return env


def run_console(tmp_path, stdin: str, *args: str, course=FIXTURE_COURSE,
                log_level="WARNING") -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot", "console", *args], input=stdin, capture_output=True,
                          text=True, cwd=tmp_path, env=console_env(tmp_path, course, log_level), timeout=60)


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
    assert "tema" in out and "«nowhere»" in out  # not found, said in Spanish
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


def test_console_finds_what_a_learner_types_or_asks_which(tmp_path):
    out = run_console(tmp_path, "learn Marx\nq\nglossary soviet\nquiz 1917 1\nquit\nlearn revolution\n",
                      course=SHIPPED_COURSE).stdout
    assert "== Marx and Engels: class struggle" in out  # a word of the title, not the id
    assert "== Soviet (St Petersburg Soviet, 1905) ==" in out
    assert "Question 1 of 1" in out  # "1917" is the topic's year, not a length
    assert "which did you mean?" in out and "\n• 1917: from February to October" in out
    assert "not found" not in out.lower() and "Traceback" not in out


def test_console_who_said_it_does_not_print_the_speaker_with_the_question(tmp_path):
    # alpha's three questions are all asked; 'true' answers the true/false one, 'B' the two with letters
    out = run_console(tmp_path, "quiz alpha 3\ntrue\nB\ntrue\nB\ntrue\nB\nquit\n").stdout
    start = out.index("“The alpha quotation.”")
    question = out[out.rindex("Question", 0, start):out.index("? ", start)]
    assert "Speaker One" in question  # among the choices only
    assert "— Speaker One" not in question and "Work One" not in question and "Said in a test" not in question
    assert question.index("“The alpha quotation.”") < question.index("  A) ")


def test_console_quit_inside_a_quiz_leaves_it_without_answering(tmp_path):
    out = run_console(tmp_path, "quiz alpha 3\nquit\nprogress\nsalir\n").stdout
    assert "You left the quiz; the answers you gave are saved." in out
    assert "No answers yet, so there is nothing to measure: read a topic ('learn')" in out  # nothing was counted
    assert "Pick one of the letters" not in out and "Right!" not in out and "Not quite" not in out
    assert "Quiz finished" not in out
    assert out.rstrip().endswith("Goodbye. Your progress is saved.")


def test_console_reference_commands(tmp_path):
    out = run_console(tmp_path, "ask what is permanent revolution\ntimeline 1917\ntimeline uneven\nsources\n"
                      "glossary\nask\n", course=SHIPPED_COURSE).stdout
    assert "== Permanent revolution ==" in out
    assert "== Timeline: 1917: from February to October ==" in out and "1917-10 · October Revolution" in out
    assert "No dated events in the timeline for this topic yet: Uneven and combined development" in out
    assert "== Sources of this course ==" in out
    assert "Usage: glossary TERM" in out and "Usage: ask QUESTION" in out
    assert "Unknown command" not in out


def test_console_pages_a_long_topic_and_runs_a_command_typed_at_the_pause(tmp_path):
    out = run_console(tmp_path, "learn marx-engels\n\nprogress\n", course=SHIPPED_COURSE).stdout
    # the topic's length is the course's (issue 31 made it seven screens): at least three, so a stop shows
    first = re.search(r"-- 1/(\d+): Enter for more, q to stop, or type a command --", out)
    assert first and int(first[1]) >= 3, out
    assert f"-- 2/{first[1]}:" in out and f"-- 3/{first[1]}:" not in out  # Enter showed one more; a command stopped it
    assert "== Progress ==" in out  # and ran
    screens = out.split(" -- ")
    assert all(len(screen.splitlines()) <= 26 for screen in screens[:2])


def test_console_speaks_spanish_command_names_in_spanish(tmp_path):
    out = run_console(tmp_path, "ayuda\nglosario alfa\ncuestionario tema beta 1\nsalir\ncronologia\n",
                      "--lang", "es").stdout
    assert "  cuestionario [TEMA] [LONGITUD]" in out and "  glosario TÉRMINO" in out and "  fuentes" in out
    assert "== Alfa ==" in out
    assert "Pregunta 1 de 1" in out
    assert "Has dejado el cuestionario" in out
    assert "== Cronología ==" in out
    assert "Orden desconocida" not in out


def test_console_first_screen_is_the_course_not_log_lines(tmp_path):
    result = run_console(tmp_path, "quit\n", log_level="INFO")
    assert result.returncode == 0
    assert result.stdout.startswith("Fixture course")  # a fresh database was migrated, silently
    assert "migration" not in result.stdout.lower() and "INFO" not in result.stdout


def test_console_ctrl_c_says_goodbye_at_once(tmp_path):
    process = subprocess.Popen([sys.executable, "-m", "bot", "console"], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=tmp_path,
                               env=console_env(tmp_path))
    try:
        assert process.stdout.readline().startswith("Fixture course")
        process.stdout.readline()  # the welcome's second line; the prompt waits for a line that never comes
        time.sleep(0.5)
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=10)  # stdin still open: the reader must not hold the exit
    finally:
        process.kill()
    assert "Goodbye. Your progress is saved." in out
    assert "Traceback" not in err and process.returncode == 0


def test_console_short_quiz_says_why_and_review_says_what_it_serves(tmp_path):
    # beta has two questions; 'quit' at the first leaves the quiz, so nothing is answered yet
    out = run_console(tmp_path, "quiz beta 20\nquit\nreview\nquiz alpha 1\ntrue\nA\nreview\nquit\n").stdout
    assert ("Questions in this quiz: 2 of the 20 asked, because that is all the course has on this topic."
            in out)
    assert "Question 1 of 2" in out
    assert "Nothing to review yet: take a /quiz first." in out
    # one answer given, right or wrong: nothing is due minutes later, so alpha's unmastered questions are served
    assert "Nothing is due yet, so this review is on your weakest topic, Topic alpha.\nNext review due: 20" in out


def test_console_on_a_terminal_edits_lines_recalls_history_and_stops_at_ctrl_c(tmp_path):
    import pty
    import select

    pid, fd = pty.fork()
    if pid == 0:  # the child: the console on a terminal
        os.chdir(ROOT)
        os.execve(sys.executable, [sys.executable, "-m", "bot", "console"], console_env(tmp_path))
    out = b""

    def read(seconds: float) -> None:
        nonlocal out
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            if select.select([fd], [], [], 0.05)[0]:
                try:
                    out += os.read(fd, 4096)
                except OSError:  # the console has ended
                    return

    try:
        deadline = time.monotonic() + 30
        while b"> " not in out and time.monotonic() < deadline:
            read(0.2)
        os.write(fd, b"topcs\x7f\x7fics\r")  # a typo mended with backspace
        read(1.5)
        os.write(fd, b"\x1b[A\r")  # the up arrow brings back the last command
        read(1.5)
        os.write(fd, b"\x03")  # Ctrl-C
        stopped_at, status = time.monotonic(), 0
        while time.monotonic() - stopped_at < 5 and not (status := os.waitpid(pid, os.WNOHANG)[0]):
            read(0.1)
    finally:
        if not status:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        os.close(fd)
    text = out.decode(errors="replace")
    assert status, "Ctrl-C did not end the console within 5 seconds"
    assert text.count("Topic alpha") == 2 and "Unknown command" not in text
    assert "Goodbye. Your progress is saved." in text
