"""Course files from Discord: any server's moderators validate them; only the bot's operators (the
application's owner or team, TUTOR_OPERATOR_IDS, the home server's moderators: the World's server is the home)
reload and upload, since every server shares the course. Errors name file and line, nothing is installed unless
the whole course stays valid, the replaced file is backed up, and the file's place is the bot's choice, never
the upload's path."""

from __future__ import annotations

import pytest

from tests.discord_double import Perm, Upload

pytestmark = [pytest.mark.slow, pytest.mark.asyncio(loop_scope="function")]

GOOD_TERMS = """\
- id: g-upload-test-term
  term: {en: "Upload test", es: "Prueba de subida"}
  definition: {en: "A term added from Discord.", es: "Un término añadido desde Discord."}
  topics: [legacy]
  sources: [idom-editorial]
"""


UNKNOWN_TOPIC = {"en-US": "term 'g-upload-test-term': unknown topic 'nowhere' in 'topics'",
                 "es-ES": "término «g-upload-test-term»: «topics» nombra «nowhere», que no existe como tema en el "
                          "curso"}


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
    assert f"content/glossary/terms.yaml:4: {UNKNOWN_TOPIC[locale]}" in msg.content, msg.content
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


OPERATORS_ONLY = {"en-US": "only the bot's operators can change it",
                  "es-ES": "solo sus operadores pueden cambiarlo"}


async def join_server(double, name: str, *moderators, members=()):
    """Another server the bot is in, with moderators of its own (Manage Server there); its owner is the
    application's owner, as in the double's first server."""
    guild = double.add_guild(name, members=list(members))
    mods = guild.add_role("Mods", Perm.MEMBER_DEFAULT | Perm.MANAGE_GUILD)
    for user in moderators:
        guild.add_member(user, roles=[mods])
    await double.dispatch("GUILD_CREATE", guild.payload(include_members=False, bot_user_id=double.bot_user.id))
    return guild


def course_files(content):
    return {p.relative_to(content).as_posix(): p.read_bytes() for p in sorted(content.rglob("*")) if p.is_file()}


async def test_a_moderator_of_another_server_cannot_change_the_shared_course(fresh_world):
    double, content = fresh_world.double, fresh_world.content
    intruder = double.add_user("other-mod")
    other = await join_server(double, "Other server", intruder)
    # an edit on disk not yet in service: a reload would put it there
    pending = GOOD_TERMS.replace("g-upload-test-term", "g-pending-term").replace("Upload test", "Pending")
    (content / "glossary" / "pending.yaml").write_text(pending, encoding="utf-8")
    before = course_files(content)
    upload = {"file": Upload("terms.yaml", GOOD_TERMS.encode()), "kind": "glossary"}

    it = await double.slash("content upload", upload, user=intruder, guild=other)
    refusal = await it.reply()
    assert refusal.ephemeral and OPERATORS_ONLY["en-US"] in (refusal.content or ""), it.describe()
    it = await double.slash("content reload", user=intruder, guild=other, locale="es-ES")
    refusal = await it.reply()
    assert refusal.ephemeral and OPERATORS_ONLY["es-ES"] in (refusal.content or ""), it.describe()
    assert course_files(content) == before
    for term in ("g-upload-test-term", "g-pending-term"):  # the course in service is the one it was
        missing = await (await double.slash("glossary", {"term": term})).reply()
        assert "No term called" in missing.content

    # looking at the course and checking a file stay open to them
    status = await (await double.slash("content status", user=intruder, guild=other)).reply()
    assert "Course version" in status.content
    it = await double.slash("content validate", upload, user=intruder, guild=other)
    await it.reply()
    (valid,) = await it.followups()
    assert "is valid" in valid.content and course_files(content) == before

    # the application's owner may, from any server
    it = await double.slash("content upload", upload, user=double.owner_user, guild=other)
    await it.reply()
    (installed,) = await it.followups()
    assert "Installed glossary/terms.yaml" in installed.content
    for term, title in (("g-upload-test-term", "Upload test"), ("g-pending-term", "Pending")):
        shown = await (await double.slash("glossary", {"term": term}, guild=other)).reply()
        assert shown.embeds[0]["title"] == title


async def test_a_team_and_listed_operators_may_change_the_course(fresh_world):
    double, bot = fresh_world.double, fresh_world.bot
    developer, viewer, listed = double.add_user("dev"), double.add_user("viewer"), double.add_user("listed")
    other = await join_server(double, "Team server", developer, viewer, members=[listed])
    double.team = [(developer, "developer"), (viewer, "read_only")]  # read at login: a restart reads it
    bot.extra_env["TUTOR_OPERATOR_IDS"] = f"{listed.id}, 1"
    await bot.restart(timeout=30)
    await bot.wait_for_output("ready as", 30)

    upload = {"file": Upload("terms.yaml", GOOD_TERMS.encode()), "kind": "glossary"}
    refusal = await (await double.slash("content upload", upload, user=viewer, guild=other)).reply()
    assert OPERATORS_ONLY["en-US"] in (refusal.content or "")  # a read-only team member does not edit
    it = await double.slash("content upload", upload, user=developer, guild=other)
    await it.reply()
    (installed,) = await it.followups()
    assert "Installed glossary/terms.yaml" in installed.content
    # listed in TUTOR_OPERATOR_IDS: no role in that server at all (the command opened to everyone there)
    it = await double.slash_unchecked("content reload", user=listed, guild=other)
    await it.reply()
    (reloaded,) = await it.followups()
    assert "Course reloaded" in reloaded.content
    it = await double.slash("content reload", user=double.owner_user, guild=other)  # the team's owner
    await it.reply()
    assert "Course reloaded" in (await it.followups())[0].content
