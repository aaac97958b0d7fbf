"""The shape of the code. import-linter checks the layers and which packages may import discord.py, the database
drivers and YAML (the contracts in pyproject.toml); these tests run it, and check what it cannot see: a module
imported at run time by name, SQL written outside bot/storage, and the size of modules."""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BOT = ROOT / "bot"
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")

# SQL statements, not words: SQL here is written in capitals, so the forms English also uses ("select a topic
# from", "delete from your notes") are matched in capitals only; the inserts, which no message says, in any case
SQL = re.compile(r"""\b(?:
      (?i:INSERT\s+(?:OR\s+\w+\s+)?INTO|REPLACE\s+INTO)\b
    | SELECT\s+(?:DISTINCT\s+)?[\w.*,()\s]+?\s+FROM\s+\w+
    | UPDATE\s+\w+\s+SET\b
    | DELETE\s+FROM\b
    | (?:CREATE|DROP|ALTER)\s+(?:(?:TEMP|TEMPORARY|UNIQUE|VIRTUAL)\s+)?(?:TABLE|INDEX|VIEW|TRIGGER)\b
    | ON\s+CONFLICT\b
    | PRAGMA\s+\w+
    | BEGIN\s+(?:IMMEDIATE|EXCLUSIVE|DEFERRED|TRANSACTION)\b
    | WITH\s+(?:RECURSIVE\s+)?\w+\s*(?:\([\w\s,]*\)\s*)?AS\s*\(
    )""", re.X)

# ways to import a module by a name computed at run time, which no import graph shows
DYNAMIC = {"__import__", "import_module", "exec", "eval", "run_module", "run_path", "exec_module", "load_module"}


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    """`lint-imports` on the `bot` package under `root`, with the contracts in root's pyproject.toml."""
    return subprocess.run([str(LINT_IMPORTS), "--no-cache", "--no-logo"], cwd=root, capture_output=True, text=True,
                          timeout=120)


def outside_storage(root: Path = BOT) -> list[Path]:
    return sorted(p for p in root.rglob("*.py") if "storage" not in p.relative_to(root).parts)


def sql_outside_storage(paths: list[Path]) -> list[str]:
    return [f"{p}: {m.group(0)!r}" for p in paths for m in SQL.finditer(p.read_text(encoding="utf-8"))]


def dynamic_imports(paths: list[Path]) -> list[str]:
    """Each use of a name that imports or runs code given as a string, or of `sys.modules`."""
    found = []
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            name = node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else None
            if isinstance(node, ast.alias):
                name = node.name.rsplit(".", 1)[-1]
            if name in DYNAMIC or (name == "modules" and isinstance(node, ast.Attribute)
                                   and isinstance(node.value, ast.Name) and node.value.id == "sys"):
                found.append(f"{path}:{getattr(node, 'lineno', '?')}: {name}")
    return found


def test_the_import_contracts_hold():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_drivers_contract_names_every_package_but_storage():
    """A forbidden contract checks only the sources it lists: a new package must be added to it."""
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    drivers = next(c for c in contracts["contracts"] if "sqlite3" in c.get("forbidden_modules", ()))
    packages = {f"bot.{p.stem}" for p in BOT.iterdir()
                if (p.suffix == ".py" and p.stem != "__init__") or (p / "__init__.py").is_file()}
    assert sorted(drivers["source_modules"]) == sorted(packages - {"bot.storage"})


def test_no_module_is_imported_by_a_name_made_at_run_time():
    """import-linter reads import statements only: `importlib.import_module("discord")` in a service would pass
    it, so nothing in bot/ imports that way."""
    assert dynamic_imports(sorted(BOT.rglob("*.py"))) == []


def test_sql_is_written_in_bot_storage_only():
    assert sql_outside_storage(outside_storage()) == []


def test_modules_stay_small():
    big = [f"{p} ({n})" for p in BOT.rglob("*.py") if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400]
    assert not big


# The checks above can fail: each is shown a planted offender.

PLANTED = {  # a module planted in a copy of bot/, and the contract it breaks
    "storage/calls_back.py": ("from bot.services import quiz\n", "CLI > adapters"),
    "console/reads_storage.py": ("from bot.storage import learners\n", "storage is imported by"),
    "services/talks_to_discord.py": ("from discord import Embed\n", "discord.py is imported by"),
    "domain/writes_sql.py": ("import aiosqlite\n", "the database drivers are imported by"),
    "services/reads_yaml.py": ("import yaml\n", "YAML is read by"),
}


def test_each_import_contract_catches_a_planted_offender(tmp_path):
    shutil.copytree(BOT, tmp_path / "bot", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    for where, (code, _) in PLANTED.items():
        (tmp_path / "bot" / where).write_text(code, encoding="utf-8")
    result = lint_imports(tmp_path)
    assert result.returncode != 0
    for where, (_, contract) in PLANTED.items():
        assert re.search(rf"^{re.escape(contract)}.* BROKEN\b", result.stdout, re.M), (contract, result.stdout)
        assert "bot." + where.removesuffix(".py").replace("/", ".") in result.stdout, (where, result.stdout)


@pytest.mark.parametrize("code", [
    'import importlib\ndiscord = importlib.import_module("discord")\n',
    'from importlib import import_module\nimport_module("sqlite3")\n',
    'discord = __import__("discord")\n',
    'exec("import discord")\n',
    'import sys\nclient = sys.modules["discord"].Client\n',
])
def test_a_run_time_import_is_caught(tmp_path, code):
    offender = tmp_path / "offender.py"
    offender.write_text(code, encoding="utf-8")
    assert dynamic_imports([offender])


@pytest.mark.parametrize("sql", [
    'await db.execute("INSERT OR IGNORE INTO seen (user_id) VALUES (?)", (user,))',
    'await db.execute("REPLACE INTO cards (user_id, item_id) VALUES (?, ?)", row)',
    'query = """\n    SELECT user_id, count(*)\n    FROM answers\n"""',
    'q = "insert into answers values (?)"',
    'q = "insert or replace into cards values (?, ?)"',
    'q = "UPDATE cards SET due = ?"',
    'q = "DELETE FROM sessions WHERE id = ?"',
    'q = "INSERT INTO t (a) VALUES (1) ON CONFLICT (a) DO NOTHING"',
    'q = "CREATE TABLE IF NOT EXISTS t (a)"',
    'q = "PRAGMA journal_mode"',
    'q = "BEGIN IMMEDIATE"',
    'q = "WITH recent AS (SELECT 1)"',
])
def test_sql_in_a_service_is_caught(tmp_path, sql):
    services = tmp_path / "services"
    services.mkdir()
    (services / "offender.py").write_text(sql + "\n", encoding="utf-8")
    assert sql_outside_storage(outside_storage(tmp_path))


def test_words_that_are_not_sql_pass(tmp_path):
    (tmp_path / "messages.py").write_text(
        'HELP = "Select a topic from the list, then update your settings; delete from your notes what you like."\n'
        'ASK = "Begin a quiz, or create a review from what you missed; with a friend, as (ever) on conflict, ask."\n',
        encoding="utf-8")
    assert sql_outside_storage(outside_storage(tmp_path)) == []
