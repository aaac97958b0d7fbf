"""/class report and /class export over the Discord double, in English and Spanish: Ana lets other members see her
progress, Bruno keeps his private (the default). Both answered 12 questions here ten days ago, a quarter of them
right: the moderator's report counts both in its figures and names Ana alone among those who may need help, with
Bruno as a count; the export's learners.csv lists Ana and no file holds Bruno's id; a member who is not a
moderator is refused."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta

import pytest
import pytest_asyncio

from bot.content import load_course
from tests.discord_double import Perm
from tests.e2e.conftest import execute

pytestmark = [pytest.mark.slow, pytest.mark.asyncio(loop_scope="module")]
MODERATORS = Perm.MEMBER_DEFAULT | Perm.MANAGE_GUILD

TEXT = {
    "en-US": {"title": "Class report · the last 4 weeks", "figures": "2 learners answered · 24 answers · 25 % right",
              "help": "May need help", "median": "median",
              "mastery": "Mastery: learners with 0-25 · 25-50 · 50-75 · 75-100 % of a topic's questions mastered",
              "ana": "no study for 10 days; 25 % right of 12 answers",
              "private": "…and 1 more learner who keeps their progress private may need help.",
              "hardest": "0 % right of 8 answers", "alt": "Bar chart of participation per week in this server",
              "export": "The class report, the last 4 weeks, as CSV files"},
    "es-ES": {"title": "Informe de la clase · las últimas 4 semanas",
              "figures": "2 alumnos respondieron · 24 respuestas · 25 % de aciertos",
              "help": "Quizá necesiten ayuda", "median": "mediana",
              "mastery": "Dominio: alumnos que dominan el 0-25 · 25-50 · 50-75 · 75-100 % de las preguntas de cada "
                         "tema",
              "ana": "10 días sin estudiar; 25 % de aciertos en 12 respuestas",
              "private": "…y 1 alumno más que mantiene privado su progreso quizá necesite ayuda.",
              "hardest": "0 % de aciertos en 8 respuestas",
              "alt": "Gráfico de barras de la participación por semana en este servidor",
              "export": "El informe de la clase, las últimas 4 semanas, en archivos CSV"},
}


@pytest_asyncio.fixture(scope="module", loop_scope="module")
async def a_class(world):
    """Ana and Bruno's answers ten days ago, written as the answer's one statement would leave them: the answers
    (the server's per question and day figures follow by trigger), scores of that week and all time, the day
    studied, review cards (Ana has mastered her first question). Ana shares her progress, Bruno does not."""
    double, db = world.double, world.database
    ana, bruno = double.add_user("ana"), double.add_user("bruno")
    for user in (ana, bruno):
        double.guild.add_member(user)
    catalog = load_course(world.content)
    topic = next(iter(catalog.topics))
    items = sorted(catalog.item_ids(topic))[:3]
    at = datetime.now(UTC).replace(microsecond=0) - timedelta(days=10)
    year, week, _ = at.isocalendar()
    guild = double.guild.id
    for user, visible, right_on in ((ana, 1, items[0]), (bruno, 0, items[1])):
        await execute(db, "INSERT INTO learners (user_id, created_at, progress_visible) VALUES (?, ?, ?)",
                      user.id, at.isoformat(), visible)
        for n, item in enumerate(items * 4):  # each question 4 times; right 3 times on one of them
            right = int(item == right_on and n < 9)
            await execute(db, "INSERT INTO attempts (user_id, guild_id, item_id, answer, correct, answered_at)"
                              " VALUES (?, ?, ?, 'x', ?, ?)",
                          user.id, guild, item, right, (at + timedelta(seconds=n)).isoformat())
        for period in (f"{year}-W{week:02d}", "all"):
            await execute(db, "INSERT INTO scores (guild_id, period, user_id, correct, answered)"
                              " VALUES (?, ?, ?, 3, 12)", guild, period, user.id)
        await execute(db, "INSERT INTO activity_days (user_id, day) VALUES (?, ?)", user.id, at.date().isoformat())
        for item in items:
            stability = 30.0 if (user, item) == (ana, items[0]) else 1.0
            await execute(db, "INSERT INTO review_cards (user_id, item_id, state, step, stability, difficulty, due,"
                              " last_review) VALUES (?, ?, 2, NULL, ?, 5.0, ?, ?)",
                          user.id, item, stability, at.isoformat(), at.isoformat())
    return ana, bruno, catalog.topics[topic], items


@pytest.mark.parametrize("locale", ["en-US", "es-ES"])
async def test_the_moderators_report_counts_everyone_and_names_only_who_shares(world, a_class, locale):
    double, text = world.double, TEXT[locale]
    ana, bruno, _, items = a_class
    it = await double.slash("class report", user=world.moderator, locale=locale)
    (reply,) = await it.followups()
    assert reply.ephemeral
    embed = reply.embeds[0]
    assert embed["title"] == text["title"] and text["figures"] in embed["description"]
    (helped,) = [f["value"] for f in embed["fields"] if f["name"] == text["help"]]
    assert helped.splitlines() == [f"<@{ana.id}>: {text['ana']}", text["private"]]
    values = [f["value"] for f in embed["fields"]]
    hardest = next(v for v in values if f"`{items[2]}`" in v)  # nobody got it right
    assert text["hardest"] in hardest and "`content/quizzes/" in hardest
    (mastery,) = [f["value"].splitlines() for f in embed["fields"] if f["name"] == text["mastery"]]
    # per topic: both learners under a quarter of its questions mastered; the median is halfway between Bruno's
    # none and Ana's one, in the topics that hold her mastered question
    catalog = load_course(world.content)
    medians = [round(100 * (items[0] in catalog.item_ids(t)) / 2 / len(catalog.item_ids(t))) for t in catalog.topics]
    assert mastery[0].endswith(f": 2 · 0 · 0 · 0 · {text['median']} {medians[0]} %") and medians[0] > 0
    assert [line.rsplit(" ", 2)[-2] for line in mastery] == [str(m) for m in medians]
    assert all(": 2 · 0 · 0 · 0 · " in line for line in mastery), mastery
    (chart,) = reply.attachments
    assert chart.filename == "participation.png" and chart.data.startswith(b"\x89PNG")
    assert chart.description.startswith(text["alt"]) and embed["image"]["url"] == "attachment://participation.png"
    assert str(bruno.id) not in json.dumps(reply.payload()) and str(bruno.id) not in chart.description


@pytest.mark.parametrize("locale", ["en-US", "es-ES"])
async def test_the_export_lists_only_the_learner_who_shares(world, a_class, locale):
    double = world.double
    ana, bruno, _, items = a_class
    teacher = double.add_user(f"teacher-{locale}")  # a moderator of their own: each has 3 reports a minute
    double.guild.add_member(teacher, roles=[double.guild.add_role(f"Teachers {locale}", MODERATORS)])
    it = await double.slash("class export", {"period": "all"}, user=teacher, locale=locale)
    (reply,) = await it.followups()
    assert reply.ephemeral and reply.content.startswith(TEXT[locale]["export"].replace("the last 4 weeks", "all time")
                                                        .replace("las últimas 4 semanas", "desde siempre"))
    files = {f.filename: f.data.decode("utf-8-sig") for f in reply.attachments}
    assert set(files) == {"topics.csv", "items.csv", "weeks.csv", "learners.csv"}
    learners = list(csv.DictReader(io.StringIO(files["learners.csv"])))
    assert [(r["user_id"], r["answered"], r["correct"], r["mastered"]) for r in learners] == [
        (str(ana.id), "12", "3", "1")]
    assert learners[0]["may_need_help"] == "inactive low_accuracy"
    assert not [name for name, data in files.items() if str(bruno.id) in data]
    answered = {r["item"]: (r["answered"], r["correct"]) for r in csv.DictReader(io.StringIO(files["items.csv"]))}
    assert answered == {items[0]: ("8", "3"), items[1]: ("8", "3"), items[2]: ("8", "0")}


async def test_a_member_who_is_not_a_moderator_is_refused(world, a_class):
    double = world.double
    it = await double.slash_unchecked("class report", user=world.learner)
    reply = await it.reply()
    assert reply.ephemeral and not reply.embeds and not (reply.data or {}).get("attachments")
    assert "moderators" in reply.content.lower()


@pytest.mark.parametrize("locale, names", [
    ("en-US", ("/content reports", "/content stats", "/class report", "/class export", "/assign")),
    ("es-ES", ("/contenido avisos", "/contenido estadisticas", "/clase informe", "/clase exportar", "/asignar"))])
async def test_help_names_the_teacher_tools_and_what_moderators_see(world, locale, names):
    reply = await (await world.double.slash("help", user=world.learner, locale=locale)).reply()
    body = reply.embeds[0]["description"]
    assert all(f"**{name}**" in body for name in names), body
    assert ("counted, never named" if locale == "en-US" else "se le cuenta, nunca se le nombra") in body
