"""The class report from learners' real answers in one server (the quiz service's answer path, both engines):
figures worked out by hand below. Ana (601) lets other members see her progress; the others keep theirs private
(the default): they count in every figure, and only as a count among those who may need help."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest

from bot.domain.class_report import BadReportPeriod, Reason
from bot.domain.errors import NotModerator
from bot.services.views import QuestionView

GUILD = 999
ANA, BRUNO, CARLA, DANI, EVA = 601, 602, 603, 604, 605
ALPHA = ("a-mc", "a-tf", "a-who")
RIGHT = {"a-mc": "Right one", "a-tf": True, "a-who": "Speaker One"}
WRONG = {"a-mc": "Wrong one", "a-tf": False, "a-who": "Speaker Two"}


async def alpha_quiz(app, user_id: int, right: tuple[bool, bool, bool], guild_id: int | None = GUILD) -> None:
    """The alpha topic's three questions in a fixed order, each right or wrong as `right` says."""
    catalog = app.course.catalog
    items = [catalog.items[i] for i in ALPHA]
    view = await app.quiz.start(user_id=user_id, guild_id=guild_id, lang="en", length=3, items=items)
    while isinstance(view, QuestionView):
        pick = (RIGHT if right[ALPHA.index(view.item.id)] else WRONG)[view.item.id]
        await app.quiz.answer(view.session_id, view.position, user_id,
                              view.choices.index(pick) if isinstance(pick, str) else pick)
        view = await app.quiz.next(view.session_id, view.position, user_id)


async def a_class(app, clock) -> None:
    """Ana and Bruno begin on 26 January (ISO week 5) and come back on 17 February (week 8); Carla, Dani and Eva
    answer today, Monday 2 March (week 10). Mastery is set on the cards themselves (a card's stability, as FSRS
    leaves it after spaced right answers): Ana has mastered 2 of alpha's 3 questions, Carla 1, Eva all 3."""
    today = clock.now()
    clock.set(datetime(2026, 1, 26, 10, 0, tzinfo=UTC))
    await alpha_quiz(app, ANA, (True, True, True))
    await alpha_quiz(app, BRUNO, (True, True, True))
    clock.set(datetime(2026, 2, 17, 10, 0, tzinfo=UTC))
    await alpha_quiz(app, ANA, (True, True, False))
    await alpha_quiz(app, BRUNO, (False, False, False))
    clock.set(today)
    await alpha_quiz(app, CARLA, (False, True, True))
    await alpha_quiz(app, DANI, (False, False, False))
    await alpha_quiz(app, EVA, (True, True, True))
    await alpha_quiz(app, EVA, (True, True, True), guild_id=None)  # in a DM: no server's figures
    await app.db.execute("UPDATE review_cards SET stability = 1.0")
    for user, items in ((ANA, ("a-tf", "a-who")), (CARLA, ("a-tf",)), (EVA, ALPHA)):
        for item in items:
            await app.db.execute("UPDATE review_cards SET stability = 30.0 WHERE user_id = ? AND item_id = ?",
                                 (user, item))
    await app.learners.set_progress_visible(ANA, True)


async def test_four_weeks_of_a_class_give_the_hand_computed_figures(app, clock):
    await a_class(app, clock)
    report = await app.class_report.report(GUILD, period="4weeks")
    # weeks 7 to 10: Ana and Bruno in week 8, three answers each; Carla, Dani and Eva in week 10 (Eva's DM quiz
    # is no server's)
    assert (report.learners, report.answers, report.correct) == (5, 15, 2 + 0 + 2 + 0 + 3)
    assert [(w.week, w.learners, w.answers) for w in report.weeks] == [
        ("2026-W07", 0, 0), ("2026-W08", 2, 6), ("2026-W09", 0, 0), ("2026-W10", 3, 9)]
    alpha, beta = report.mastery
    # alpha: Bruno and Dani 0 of 3, Carla 1 (33 %), Ana 2 (67 %), Eva 3 (100 %); the median learner is Carla
    assert (alpha.topic.id, alpha.questions, alpha.spread.learners) == ("alpha", 3, 5)
    assert alpha.spread.quarters == (2, 1, 1, 1) and alpha.spread.median == pytest.approx(1 / 3)
    assert (beta.topic.id, beta.spread.quarters, beta.spread.median) == ("beta", (5, 0, 0, 0), 0.0)
    # since Monday 9 February: a-mc right by Ana and Eva of 5, a-who by Carla and Eva, a-tf by Ana, Carla, Eva
    assert [(i.item_id, i.answered, i.correct) for i in report.hardest] == [
        ("a-mc", 5, 2), ("a-who", 5, 2), ("a-tf", 5, 3)]
    assert report.hardest[0].text == "Which is right?" and report.hardest[0].place == "course/quizzes/alpha.yaml:1"
    # Ana and Bruno have not studied since 17 February (13 days): Ana is named, Bruno only counted
    assert [(line.figures.user_id, line.reasons) for line in report.needing_help] == [(ANA, (Reason.INACTIVE,))]
    assert report.private_needing_help == 1
    assert [line.figures.user_id for line in report.visible] == [ANA]
    ana = report.visible[0].figures
    assert (ana.answered, ana.correct, ana.questions, ana.mastered) == (3, 2, 3, 2)
    assert str(ana.last_day) == "2026-02-17" and str(ana.first_day) == "2026-01-26"


async def test_all_time_this_week_and_one_topic(app, clock):
    await a_class(app, clock)
    everything = await app.class_report.report(GUILD, period="all")
    assert (everything.learners, everything.answers, everything.correct) == (5, 21, 13)
    assert [(i.item_id, i.answered, i.correct) for i in everything.hardest] == [
        ("a-mc", 7, 4), ("a-who", 7, 4), ("a-tf", 7, 5)]
    week = await app.class_report.report(GUILD, period="week")
    assert (week.learners, week.answers, [w.week for w in week.weeks]) == (3, 9, ["2026-W10"])
    assert week.needing_help == [] and week.private_needing_help == 0  # who studied this week is not inactive
    beta = await app.class_report.report(GUILD, topic="beta", period="4weeks")
    assert [m.topic.id for m in beta.mastery] == ["beta"] and beta.hardest == [] and beta.items == []
    assert beta.learners == 5  # the server's learners in the period, whatever they studied
    empty = await app.class_report.report(12345, period="4weeks")
    assert (empty.learners, empty.answers, empty.hardest, empty.mastery[0].spread.quarters) == (0, 0, [], (0, 0, 0, 0))
    with pytest.raises(BadReportPeriod):
        await app.class_report.report(GUILD, period="fortnight")


async def test_a_deleted_learner_leaves_the_servers_figures(app, clock):
    await a_class(app, clock)
    await app.learners.delete(DANI)
    report = await app.class_report.report(GUILD, period="4weeks")
    assert (report.learners, report.answers) == (4, 12)
    assert [(i.item_id, i.answered, i.correct) for i in report.hardest] == []  # 4 answers each: under 5
    assert [(i.item_id, i.answered, i.correct) for i in report.items] == [
        ("a-mc", 4, 2), ("a-who", 4, 2), ("a-tf", 4, 3)]


async def test_only_the_servers_moderators_and_the_bots_operators_may_read_it(app):
    service = app.class_report
    await service.require_reader(1, GUILD, True, [])  # Manage Server
    await app.guilds.set_moderator_role(GUILD, 77)
    await service.require_reader(2, GUILD, False, [77])  # the moderator role
    service.editors.set_owners({3})
    await service.require_reader(3, GUILD, False, [])  # an operator, in any server
    for user, guild, manages, roles in ((4, GUILD, False, [5]), (3, None, False, []), (4, None, True, [])):
        with pytest.raises(NotModerator):
            await service.require_reader(user, guild, manages, roles)


async def test_reports_asked_together_read_one_after_the_other(app, clock):
    """A large class's report reads for seconds, on SQLite from one of the few reader connections the learners'
    commands share: two reports asked at once take turns, so one reader is always left to the learners."""
    await a_class(app, clock)
    repo = app.class_report.repo
    real, reading, most = repo.figures, 0, 0

    async def figures(*args, **kwargs):
        nonlocal reading, most
        reading += 1
        most = max(most, reading)
        await asyncio.sleep(0.05)  # a slow read: the other report would start its own meanwhile
        try:
            return await real(*args, **kwargs)
        finally:
            reading -= 1

    repo.figures = figures
    first, second = await asyncio.gather(app.class_report.report(GUILD, period="all"),
                                         app.class_report.report(GUILD, period="4weeks"))
    assert most == 1
    assert first.learners == 5 and second.learners >= 1
