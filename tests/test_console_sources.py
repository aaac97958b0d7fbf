"""The console's `sources` (`fuentes`), typed through stdin in English and Spanish: "About these sources" first,
then each source with how to find it (author, publisher or site, date, language, its link) and how to weigh it
(its description and its 'about')."""

from __future__ import annotations

import pytest

from tests.test_console import run_console

SHOWN = {
    "en": ("sources\nquit\n",
           "== Sources of this course ==\n-- About these sources --\n"
           "The course rests on one source, a party's journal: read it as one side's voice.\n\n"
           "Source A\n    Author A · Press A · 2024 · in English\n    https://example.org/source-a\n"
           "    The first source.\n    About the source: A party's journal, arguing its side.\n"),
    "es": ("fuentes\nsalir\n",
           "== Fuentes de este curso ==\n-- Sobre estas fuentes --\n"
           "El curso se basa en una sola fuente, la revista de un partido: léela como la voz de una\nparte.\n\n"
           "Source A\n    Author A · Press A · 2024 · en inglés\n    https://example.org/source-a\n"
           "    La primera fuente.\n    Sobre la fuente: La revista de un partido, que defiende su postura.\n"),
}


@pytest.mark.parametrize("lang", SHOWN)
def test_sources_say_what_they_are_and_how_to_find_them(tmp_path, lang):
    typed, shown = SHOWN[lang]
    result = run_console(tmp_path, typed, "--lang", lang)
    assert shown in result.stdout, result.stdout
