"""/sources of a course with more sources than one embed holds (Discord's 6,000 characters): pages turned with
◀ and ▶, every source on one of them, once; a source without publisher, link or 'about' shows what it has."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.domain import limits as L
from tests.e2e.test_quiz_flow import buttons

MORE = 11
WORDS = "A long account of what this document holds, written to fill its field. "


@pytest.fixture
def course_copy(course_copy: Path) -> Path:
    """The fixture course with eleven more sources of about 900 characters each, and no 'about_sources'."""
    sources = course_copy / "sources.yaml"
    for n in range(1, MORE + 1):
        text = (WORDS * 12)[:800].strip()
        sources.write_text(sources.read_text() + (
            f"- id: src-{n:02d}\n  title: \"Source {n:02d}\"\n  author: \"Author {n:02d}\"\n  date: \"2025\"\n"
            f"  language: es\n  description: {{en: \"{text}\", es: \"{text}\"}}\n"), encoding="utf-8")
    course = course_copy / "course.yaml"
    course.write_text(course.read_text().split("about_sources:")[0], encoding="utf-8")
    return course_copy


def size(embed: dict) -> int:
    """What Discord counts toward an embed's 6,000 characters."""
    return (len(embed.get("title", "")) + len(embed.get("description", "")) + len(embed["footer"]["text"])
            + sum(len(f["name"]) + len(f["value"]) for f in embed["fields"]))


async def test_sources_are_paged_within_discords_limits(bot_and_double):
    _, double = bot_and_double
    message = await (await double.slash("sources")).response_message()
    assert not message.embeds[0].get("description")  # the course says nothing about its sources: no heading
    pages, names = 0, []
    while True:
        embed = message.embeds[0]
        pages += 1
        assert size(embed) <= L.EMBED_TOTAL and embed["footer"]["text"].startswith(f"Page {pages} of ")
        names += [f["name"] for f in embed["fields"]]
        if pages == 2:
            plain = embed["fields"][0]["value"]
            assert plain.startswith(f"Author {len(names) - len(embed['fields']):02d} · 2025 · in Spanish\nA long")
            assert "About the source" not in plain and "https://" not in plain
        forward = [b for b in buttons(message) if b["label"] == "▶"]
        if forward[0].get("disabled"):
            break
        await (await double.click(message, forward[0]["custom_id"])).reply()
        message = double.message(message.id)
    assert pages > 1 and names == ["Source A", *(f"Source {n:02d}" for n in range(1, MORE + 1))]
    assert embed["footer"]["text"] == f"Page {pages} of {pages}"
