"""The Dockerfile and CI run the same commands README gives (no Docker engine runs here)."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def readme_commands() -> dict[str, str]:
    """The shell blocks under README's 'Set up and run' and 'Set up and test' headings."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    found = {}
    for title in ("Set up and run", "Set up and test"):
        match = re.search(rf"### {title}\n+```(?:sh|bash)?\n(.+?)\n```", text, re.S)
        assert match, f"README has no '### {title}' block"
        found[title] = match.group(1).strip()
    return found


def dockerfile() -> list[tuple[str, str]]:
    lines, current = [], ""
    for raw in (ROOT / "Dockerfile").read_text().splitlines():
        if raw.strip().startswith("#") or not raw.strip():
            continue
        current += raw.rstrip("\\").strip() + " "
        if not raw.rstrip().endswith("\\"):
            word, _, rest = current.strip().partition(" ")
            lines.append((word.upper(), rest.strip()))
            current = ""
    return lines


def test_ci_runs_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    assert readme_commands()["Set up and test"] in ci


def test_dockerfile_installs_with_readme_command_and_runs_the_bot():
    steps = dockerfile()
    run_cmd = readme_commands()["Set up and run"]
    install = run_cmd.split(" && ")[:2]  # venv + pip install: the same words as README
    runs = [rest for word, rest in steps if word == "RUN"]
    assert any(" && ".join(install) in r for r in runs), runs
    cmd = [rest for word, rest in steps if word == "CMD"][-1]
    assert shlex.split(run_cmd.split(" && ")[-1]) == __import__("json").loads(cmd)


def test_dockerfile_properties():
    steps = dockerfile()
    words = [w for w, _ in steps]
    base = dict(steps)["FROM"]
    assert re.match(r"python:3\.1[1-9]-slim", base)
    user = [rest for w, rest in steps if w == "USER"][-1]
    assert user not in ("root", "0")
    assert words.index("USER") > max(i for i, w in enumerate(words) if w == "RUN")  # installs as root, runs as user
    assert '"/data"' in dict(steps)["VOLUME"]
    env = " ".join(rest for w, rest in steps if w == "ENV")
    assert "TUTOR_DATABASE=/data/" in env and "TUTOR_CONTENT_DIR=/app/content" in env
    assert any(w == "COPY" and _copy_args(rest)[0] == "content" for w, rest in steps)
    assert any(w == "COPY" and rest.startswith("migrations ") for w, rest in steps)
    health = dict(steps)["HEALTHCHECK"]
    assert '"-m", "bot", "health"' in health
    assert "DISCORD_TOKEN" not in (ROOT / "Dockerfile").read_text()  # the secret comes from the environment


def test_dockerfile_writes_the_bots_bytecode_at_build():
    """The image sets PYTHONDONTWRITEBYTECODE and runs as a user who cannot write /app: without a compile
    step at build, every start would compile every module of the bot from source. CI runs the same command."""
    steps = dockerfile()
    words = [w for w, _ in steps]
    compile_step = ".venv/bin/python -m compileall -q bot"
    runs = [i for i, (w, rest) in enumerate(steps) if w == "RUN" and compile_step in rest]
    assert runs, "the Dockerfile does not compile the bot's bytecode"
    install = readme_commands()["Set up and run"].split(" && ")[1]
    installed_at = next(i for i, (w, rest) in enumerate(steps) if w == "RUN" and install in rest)
    assert installed_at < runs[0] < words.index("USER")
    assert compile_step in (ROOT / ".ci" / "run").read_text()


def _copy_args(rest: str) -> list[str]:
    """A COPY's source(s) and destination, without its --flags."""
    return [word for word in shlex.split(rest) if not word.startswith("--")]


def test_the_course_folder_belongs_to_the_bots_user_on_a_volume():
    """/content upload writes the course and its backups: in the image the course folder must be the runtime
    user's (it was root's, and every upload failed), and on a volume so that what operators install outlives
    the container (Docker fills a new volume with the image's course)."""
    steps = dockerfile()
    user = [rest for w, rest in steps if w == "USER"][-1]
    env = " ".join(rest for w, rest in steps if w == "ENV")
    folder = re.search(r"TUTOR_CONTENT_DIR=(\S+)", env).group(1)
    workdir = "/"
    copied = None
    for i, (word, rest) in enumerate(steps):
        if word == "WORKDIR":
            workdir = rest
        if word == "COPY" and _copy_args(rest)[0] == "content":
            destination = _copy_args(rest)[-1]
            assert str(Path(workdir, destination)).rstrip("/") == folder  # the course the bot reads
            assert re.search(rf"--chown={user}(:|\s)", rest + " "), f"the course is copied as root: {rest}"
            copied = i
    assert copied is not None, "the Dockerfile does not copy the course"
    # the folder itself, not only its files: new topic files and .backups/ are created in it
    assert any(w == "RUN" and re.search(rf"chown (-R )?{user}(:{user})? .*{re.escape(folder)}\b", rest)
               for w, rest in steps[:copied]), "the course folder itself is not the runtime user's"
    volumes = [i for i, (w, rest) in enumerate(steps) if w == "VOLUME" and folder in json.loads(rest)]
    assert volumes, f"{folder} is not a volume: uploads would be lost with the container"
    assert volumes[0] > copied  # Docker discards what a build step puts in a path after it is declared a volume


def test_the_build_context_leaves_secrets_and_local_data_behind():
    """`docker build .` sends the folder to the Docker engine: the token (.env), the local database (data/)
    and the virtualenv stay out of it, while everything the Dockerfile copies goes in."""
    import fnmatch

    patterns = [line.strip().rstrip("/") for line in (ROOT / ".dockerignore").read_text().splitlines()
                if line.strip() and not line.startswith("#")]

    def ignored(path: str) -> bool:
        parts = path.split("/")
        return any(fnmatch.fnmatch(path, p) or fnmatch.fnmatch(parts[0], p) for p in patterns)

    for secret in (".env", "data/tutor.db", ".venv/bin/python", "data/heartbeat"):
        assert ignored(secret), secret
    copied = [c for rest in (r for w, r in dockerfile() if w == "COPY") for c in rest.split()[:-1]
              if not c.startswith("--")]
    assert copied and not any(ignored(c) for c in copied), copied
