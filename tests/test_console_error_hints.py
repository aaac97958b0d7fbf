"""The console's refusals give a terminal's hints: a time zone it does not know is answered with one typed as the
console takes it ('timezone Europe/Madrid'), a topic or term it cannot find, or one that fits several, with what
to type; never Discord's "pick one from the list", its autocomplete or its slash commands. In Spanish too."""

from __future__ import annotations

import io

import pytest

from bot.console.session import ConsoleSession

DISCORD_HINTS = ("from the list", "autocomplete", "/topics", "de la lista", "autocompletado", "/temas")
SAID = {
    "en": ("timezone mars/olympus\nlearn nosuch\nglossary zzzz\nlearn topic\nquit\n", [
        "'mars/olympus' is not a time zone: type its IANA name, e.g. timezone Europe/Madrid or timezone "
        "America/Mexico_City.",
        "No topic called 'nosuch' in the course. Check the spelling, or type 'topics' for the course map.",
        "No term called 'zzzz' in the course.",
        "'topic' fits more than one; which did you mean? Type more of its name.\n• Topic alpha\n• Topic beta",
    ]),
    "es": ("zona marte/olimpo\naprender nada\nglosario zzzz\naprender tema\nsalir\n", [
        "«marte/olimpo» no es una zona horaria: escribe su nombre IANA, por ejemplo zona Europe/Madrid o zona "
        "America/Mexico_City.",
        "El curso no tiene ningún tema llamado «nada». Revisa cómo lo escribiste, o escribe «temas» para ver el mapa "
        "del curso.",
        "El curso no tiene ningún término llamado «zzzz».",
        "«tema» coincide con más de uno; ¿cuál querías? Escribe más del nombre.\n• Tema alpha\n• Tema beta",
    ]),
}


@pytest.mark.parametrize("lang", SAID)
async def test_refusals_in_the_console_hint_at_what_to_type_there(app, lang):
    typed, said = SAID[lang]
    out = io.StringIO()
    await ConsoleSession(app, io.StringIO(typed), out, lang=lang, user_id=541).run()
    screen = out.getvalue()
    for line in said:
        assert line in screen, screen
    assert not [hint for hint in DISCORD_HINTS if hint in screen], screen
    assert str(await app.learners.zone(541)) == "UTC"  # the zone refused was not set
