"""The shape of the code: discord.py only in the adapter, SQL only in storage."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parents[1] / "bot"
CORE = ["domain", "services", "content", "storage", "console", "i18n"]
SQL = re.compile(r"\b(SELECT\s.+\sFROM|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+TABLE)\b", re.I)


def modules(package: str):
    return sorted((BOT / package).rglob("*.py"))


def imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


@pytest.mark.parametrize("package", CORE)
def test_core_never_imports_discord(package):
    offenders = [str(p) for p in modules(package) if any(m.split(".")[0] == "discord" for m in imports(p))]
    assert not offenders


@pytest.mark.parametrize("package", ["domain", "services"])
def test_domain_and_services_have_no_sql_or_yaml(package):
    for path in modules(package):
        names = imports(path)
        assert not {"yaml", "aiosqlite", "sqlite3"} & {n.split(".")[0] for n in names}, path
        assert not SQL.search(path.read_text(encoding="utf-8")), f"SQL outside bot/storage: {path}"


def test_sql_lives_only_in_storage():
    outside = [p for p in BOT.rglob("*.py") if "storage" not in p.parts and SQL.search(p.read_text(encoding="utf-8"))]
    assert not outside, outside


def test_modules_stay_small():
    big = [f"{p} ({n})" for p in BOT.rglob("*.py") if (n := len(p.read_text(encoding="utf-8").splitlines())) > 400]
    assert not big


def test_the_boundary_check_would_catch_an_offender(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("import discord\nfrom discord.ext import commands\nx = 'SELECT a FROM b'\n")
    assert "discord" in imports(bad) and SQL.search(bad.read_text())
