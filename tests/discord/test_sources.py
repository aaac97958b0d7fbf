"""/sources over the loopback Discord double, in English and Spanish: "About these sources" at the top, then each
source with how to find it (author, publisher or site, date, language, its link) and how to weigh it (its
description and its 'about')."""

from __future__ import annotations

import pytest

from tests.e2e.test_quiz_flow import buttons

SHOWN = {
    "en-US": ("Sources of this course",
              "**About these sources**\nThe course rests on one source, a party's journal: read it as one side's "
              "voice.",
              "Author A · Press A · 2024 · in English\nhttps://example.org/source-a\nThe first source.\n"
              "*About the source:* A party's journal, arguing its side."),
    "es-ES": ("Fuentes de este curso",
              "**Sobre estas fuentes**\nEl curso se basa en una sola fuente, la revista de un partido: léela como la "
              "voz de una parte.",
              "Author A · Press A · 2024 · en inglés\nhttps://example.org/source-a\nLa primera fuente.\n"
              "*Sobre la fuente:* La revista de un partido, que defiende su postura."),
}


@pytest.mark.parametrize("locale", SHOWN)
async def test_sources_say_what_they_are_and_how_to_find_them(bot_and_double, locale):
    _, double = bot_and_double
    title, about, source = SHOWN[locale]
    reply = await (await double.slash("sources", locale=locale)).reply()
    embed = reply.embeds[0]
    assert reply.ephemeral and (embed["title"], embed["description"]) == (title, about)
    assert [(f["name"], f["value"]) for f in embed["fields"]] == [("Source A", source)]
    assert buttons(reply) == [] and "footer" not in embed  # one page: nothing to turn

