"""A Spanish-speaking moderator reads a broken course's problems in Spanish, each with its file and line, from
/contenido subir, recargar and estado; the course in service stays as it was."""

from __future__ import annotations

import pytest

from tests.discord_double import Upload

pytestmark = [pytest.mark.slow, pytest.mark.asyncio(loop_scope="function")]

TERMS = """\
- id: g-spanish-test-term
  term: {en: "Upload test", es: "Prueba de subida"}
  definition: {en: "A term added from Discord.", es: "Un término añadido desde Discord."}
  difficulty: 2
  topics: [legacy]
  sources: [idom-editorial]
- id: g-second-term
  term: {en: "Second", es: "Segundo"}
  term: {en: "Again", es: "Otra vez"}
"""


@pytest.mark.parametrize("locale", ["es-ES", "es-419"])
async def test_a_spanish_moderator_reads_an_uploads_problem_in_spanish(fresh_world, locale):
    double, mod, content = fresh_world.double, fresh_world.moderator, fresh_world.content
    it = await double.slash("content upload", {"file": Upload("terms.yaml", TERMS.encode()), "kind": "glossary"},
                            user=mod, locale=locale)
    await it.reply()
    (msg,) = await it.followups()
    assert msg.content.startswith("El curso no se ha cambiado:"), msg.content
    assert ("content/glossary/terms.yaml:9: la clave «term» está repetida (aparece antes, en la línea 8): "
            "quita una") in msg.content, msg.content
    assert not (content / "glossary" / "terms.yaml").exists()

    it = await double.slash("content validate", {"file": Upload("terms.yaml", TERMS.split("- id: g-second")[0]
                                                                .encode()), "kind": "glossary"},
                            user=mod, locale=locale)
    await it.reply()
    (msg,) = await it.followups()
    assert ("content/glossary/terms.yaml:4: término «g-spanish-test-term»: la clave «difficulty» no existe: "
            "revisa cómo está escrita o quítala") in msg.content, msg.content


async def test_a_refused_reload_and_the_status_after_it_read_in_spanish(fresh_world):
    double, mod, content = fresh_world.double, fresh_world.moderator, fresh_world.content
    path = content / "quizzes" / "china-1927.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    line = next(n for n, text in enumerate(lines, 1) if text.startswith("  answer: "))
    lines[line - 1] = "  answer: Z\n"
    path.write_text("".join(lines), encoding="utf-8")

    it = await double.slash("content reload", user=mod, locale="es-ES")
    await it.reply()
    (msg,) = await it.followups()
    assert msg.content.startswith("El curso no se ha cambiado:"), msg.content
    assert f"content/quizzes/china-1927.yaml:{line}: pregunta «" in msg.content, msg.content
    assert "la respuesta «Z» no es ninguna de las opciones A-" in msg.content, msg.content

    status = await (await double.slash("content status", user=mod, locale="es-ES")).reply()
    assert "La última recarga se rechazó:" in status.content, status.content
    assert f"china-1927.yaml:{line}: pregunta «" in status.content and "la respuesta «Z»" in status.content
    status = await (await double.slash("content status", user=mod)).reply()  # the same, to an English moderator
    assert f"china-1927.yaml:{line}: question '" in status.content and "answer 'Z' is not one" in status.content
