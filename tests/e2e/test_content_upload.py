"""Moderators validate and upload course files from Discord: errors name file and line, nothing is
installed unless the whole course stays valid, the replaced file is backed up, and the file's place is
the bot's choice, never the upload's path."""

from __future__ import annotations

import pytest

from tests.discord_double import Upload

pytestmark = [pytest.mark.slow, pytest.mark.asyncio(loop_scope="function")]

GOOD_TERMS = """\
- id: g-upload-test-term
  term: {en: "Upload test", es: "Prueba de subida"}
  definition: {en: "A term added from Discord.", es: "Un término añadido desde Discord."}
  topics: [legacy]
  sources: [idom-editorial]
"""


@pytest.mark.parametrize("locale, word", [("en-US", "is valid"), ("es-ES", "es válido")])
async def test_validate_reports_and_installs_nothing(fresh_world, locale, word):
    double, mod = fresh_world.double, fresh_world.moderator
    it = await double.slash("content validate", {"file": Upload("terms.yaml", GOOD_TERMS.encode()),
                                                  "kind": "glossary"}, user=mod, locale=locale)
    await it.reply()
    (msg,) = await it.followups()
    assert word in msg.content
    assert not (fresh_world.content / "glossary" / "terms.yaml").exists()

    broken = GOOD_TERMS.replace("topics: [legacy]", "topics: [nowhere]")
    it = await double.slash("content validate", {"file": Upload("terms.yaml", broken.encode()),
                                                  "kind": "glossary"}, user=mod, locale=locale)
    await it.reply()
    (msg,) = await it.followups()
    assert "content/glossary/terms.yaml:4:" in msg.content and "unknown topic 'nowhere'" in msg.content
    assert not double.refusals


async def test_upload_installs_backs_up_and_keeps_names_ours(fresh_world):
    double, mod, content = fresh_world.double, fresh_world.moderator, fresh_world.content
    hostile = Upload("Evil Name (final).YAML", GOOD_TERMS.encode())
    it = await double.slash("content upload", {"file": hostile, "kind": "glossary"}, user=mod)
    await it.reply()
    (msg,) = await it.followups()
    assert "Installed glossary/evil-name-final.yaml" in msg.content
    assert (content / "glossary" / "evil-name-final.yaml").read_text() == GOOD_TERMS
    term = await (await double.slash("glossary", {"term": "g-upload-test-term"})).reply()
    assert term.embeds[0]["title"] == "Upload test"

    # replacing it keeps a backup of the old file
    newer = GOOD_TERMS.replace("Upload test", "Upload test, revised")
    it = await double.slash("content upload", {"file": Upload("evil name final.yaml", newer.encode()),
                                                "kind": "glossary"}, user=mod)
    await it.reply()
    await it.followups()
    backups = list((content / ".backups").iterdir())
    assert len(backups) == 1 and backups[0].read_text() == GOOD_TERMS

    # a broken upload changes nothing
    it = await double.slash("content upload", {"file": Upload("evil-name-final.yaml", b"- id: [\n"),
                                                "kind": "glossary"}, user=mod)
    await it.reply()
    (msg,) = await it.followups()
    assert "YAML syntax" in msg.content
    assert (content / "glossary" / "evil-name-final.yaml").read_text() == newer

    # and a non-moderator cannot upload at all
    it = await double.slash_unchecked("content upload", {"file": Upload("x.yaml", GOOD_TERMS.encode()),
                                                          "kind": "glossary"}, user=double.user)
    assert "Only moderators" in (await it.reply()).content
