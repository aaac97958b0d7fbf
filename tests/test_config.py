"""Settings: clear messages and exit code 2 for bad values; the token never shown."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import SETTINGS, ConfigError, Settings
from bot.logs import RedactSecrets

ROOT = Path(__file__).resolve().parents[1]
TOKEN = "MTIzNDU2Nzg5.secret-token-value.abcdefghijk"


def run_bot(tmp_path, env_extra: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TUTOR_", "DISCORD_"))}
    env.update({"TUTOR_DATABASE": str(tmp_path / "t.db"), **env_extra})
    return subprocess.run([sys.executable, "-m", "bot", *args], capture_output=True, text=True, cwd=tmp_path,
                          env={**env, "PYTHONPATH": str(ROOT)}, timeout=60)


def test_missing_token_points_to_the_console(tmp_path):
    result = run_bot(tmp_path, {})
    assert result.returncode == 2
    assert "DISCORD_TOKEN is not set" in result.stderr and "python -m bot console" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("name, value, words", [
    ("TUTOR_DEV_GUILD_ID", "abc", "is not a Discord id"),
    ("DISCORD_API_BASE", "ftp://x", "is not a http or https URL"),
    ("DISCORD_GATEWAY_URL", "http://x", "is not a ws or wss URL"),
    ("TUTOR_LOG_LEVEL", "chatty", "is not one of DEBUG"),
    ("TUTOR_DAILY_GRACE_HOURS", "soon", "is not a number of hours"),
    ("TUTOR_OPERATOR_IDS", "123456789012345678, @owner", "'@owner' is not a Discord user id"),
    ("TUTOR_OPERATOR_IDS", "12;34", "'12;34' is not a Discord user id"),
    ("TUTOR_HOME_GUILD_ID", "²", "is not a Discord id"),
])
def test_invalid_values_exit_2_with_one_clear_line(tmp_path, name, value, words):
    result = run_bot(tmp_path, {"DISCORD_TOKEN": TOKEN, name: value}, "check")
    assert result.returncode == 2
    assert words in result.stderr and result.stderr.count("\n") == 1
    assert TOKEN not in result.stdout + result.stderr


def test_env_file_read_and_environment_wins(tmp_path):
    env_file = tmp_path / ".env"
    env_file.write_text('# comment\nexport TUTOR_LOG_LEVEL="debug"\nTUTOR_CONTENT_DIR=/srv/course\n')
    settings = Settings.from_env({"TUTOR_CONTENT_DIR": "/other"}, env_file=env_file)
    assert settings.log_level == "DEBUG" and str(settings.content_dir) == "/other"
    env_file.write_text("NOT A SETTING\n")
    with pytest.raises(ConfigError, match=r"\.env:1: expected KEY=VALUE"):
        Settings.from_env({}, env_file=env_file)


def test_defaults():
    s = Settings.from_env({}, env_file=None)
    assert (str(s.database), str(s.content_dir), s.log_level, s.token) == ("data/tutor.db", "content", "INFO", None)
    assert s.daily_grace_hours == 6


def test_operators_and_home_server():
    s = Settings.from_env({"TUTOR_OPERATOR_IDS": " 123456789012345678,223456789012345678, ",
                           "TUTOR_HOME_GUILD_ID": "323456789012345678"}, env_file=None)
    assert s.operator_ids == {123456789012345678, 223456789012345678} and s.home_guild_id == 323456789012345678
    none = Settings.from_env({}, env_file=None)
    assert none.operator_ids == frozenset() and none.home_guild_id is None  # only the application's owners


def test_token_hidden_in_repr_and_scrubbed_from_logs():
    s = Settings.from_env({"DISCORD_TOKEN": TOKEN}, env_file=None)
    assert TOKEN not in repr(s) and TOKEN not in str(s.token) and s.token.reveal() == TOKEN
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "connecting with %s", (TOKEN,), None)
    RedactSecrets([TOKEN]).filter(record)
    assert TOKEN not in record.getMessage() and "********" in record.getMessage()


def test_readme_documents_exactly_the_settings():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = {line.split("|")[1].strip(" `") for line in readme.splitlines()
             if line.startswith("| `") and "|" in line[1:]}
    assert {s.env for s in SETTINGS} <= table, "README's configuration table misses a setting"
    import re
    mentioned = set(re.findall(r"\b(?:TUTOR|DISCORD)_[A-Z_]+\b", readme))
    # the test suite's own switches (TUTOR_REQUIRE_POSTGRES) are not the bot's settings, but real all the same
    suite = "".join((ROOT / "tests" / name).read_text(encoding="utf-8") for name in ("conftest.py", "pg_server.py"))
    read_by_tests = set(re.findall(r"\b(?:TUTOR|DISCORD)_[A-Z_]+\b", suite))
    unknown = mentioned - {s.env for s in SETTINGS} - read_by_tests
    assert not unknown, f"README mentions undocumented settings: {unknown}"
