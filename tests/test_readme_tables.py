"""README's tables render as tables: a row cut off from its table by a blank line shows as plain text."""

from __future__ import annotations

from tests.conftest import ROOT


def test_every_table_row_follows_its_header_without_a_gap():
    lines = (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines[1:], 2):
        starts_table = number < len(lines) and lines[number].startswith("|---")
        if line.startswith("|") and not starts_table:
            assert lines[number - 2].startswith("|"), f"README.md:{number}: a table row after a gap: {line[:60]}"
