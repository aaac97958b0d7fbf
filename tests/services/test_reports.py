"""Learners' reports and the moderators' queue (both engines): one open report per learner per item, stored with
the course version and language; the queue by item with its file:line; an operator sees every server's, a
server's moderator their own; resolve tells the reporters who asked, once; dismiss tells nobody."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from bot.domain.errors import NotModerator
from bot.domain.reports import AlreadyReported, BadReport, ItemRef, NoOpenReports
from bot.services.posting import PostRefused
from bot.services.reports import flags_from

A_MC, A_TF = ItemRef("question", "a-mc"), ItemRef("question", "a-tf")
GUILD, OTHER_GUILD = 100, 200
ANA, BEN, CAL, MOD, OPERATOR = 1, 2, 3, 50, 99


class Notifier:
    """The ReportNotifier port: records whom it told; refuses the users whose DMs are closed."""

    def __init__(self, closed: frozenset[int] = frozenset()):
        self.told: list[tuple[int, str, str, str]] = []
        self.tries: list[int] = []
        self.closed = closed

    async def tell_fixed(self, user_id, lang, item, note):
        self.tries.append(user_id)
        if user_id in self.closed:
            raise PostRefused("dms_closed")
        self.told.append((user_id, lang, item.key, note))


async def moderator(app, guild=GUILD):
    return await app.reports.scope(MOD, guild, True, [])


async def operator(app):
    app.reports.editors.set_owners({OPERATOR})
    return await app.reports.scope(OPERATOR, GUILD, False, [])


async def test_a_report_is_stored_with_its_item_version_and_language_once_per_learner(app):
    await app.reports.report(A_MC, ANA, GUILD, "es", "typo", "  «Correcta»   sin tilde ", notify=True)
    with pytest.raises(AlreadyReported):
        await app.reports.report(A_MC, ANA, GUILD, "en", "wrong")
    await app.reports.report(A_TF, ANA, GUILD, "en", "unclear")  # another item: a report of its own
    rows = await app.db.fetchall("SELECT item_kind, item_id, user_id, guild_id, reason, note, lang, course_version,"
                                 " notify, status FROM item_reports ORDER BY id")
    version = app.course.catalog.course.version
    assert [tuple(r) for r in rows] == [
        ("question", "a-mc", ANA, GUILD, "typo", "«Correcta» sin tilde", "es", version, 1, "open"),
        ("question", "a-tf", ANA, GUILD, "unclear", "", "en", version, 0, "open")]
    with pytest.raises(BadReport):
        await app.reports.report(A_MC, BEN, GUILD, "en", "boring")


async def test_the_queue_groups_reports_by_item_with_its_file_and_line(app):
    await app.reports.report(A_TF, ANA, GUILD, "en", "unclear", "which alpha?")
    await app.reports.report(A_MC, ANA, GUILD, "en", "wrong", "B is not right")
    app.clock.advance(seconds=5)
    await app.reports.report(A_MC, BEN, GUILD, "es", "wrong")
    await app.reports.report(A_MC, CAL, GUILD, "en", "typo", "a typo in C")
    await app.reports.report(ItemRef("question", "gone-item"), CAL, GUILD, "en", "other")
    queue = await app.reports.queue(await moderator(app))
    assert [(g.item.key, g.count) for g in queue] == [("question:a-mc", 3), ("question:a-tf", 1),
                                                      ("question:gone-item", 1)]
    first = queue[0]
    assert first.reasons == [("wrong", 2), ("typo", 1)]
    assert first.notes == ["B is not right", "a typo in C"]
    assert first.where == "course/quizzes/alpha.yaml:1"
    assert queue[1].where == "course/quizzes/alpha.yaml:15"
    assert queue[2].where is None  # not in the course files: the queue says so


async def test_an_operator_sees_every_server_and_a_moderator_their_own(app):
    await app.reports.report(A_MC, ANA, GUILD, "en", "wrong")
    await app.reports.report(A_MC, BEN, OTHER_GUILD, "en", "typo")
    await app.reports.report(A_TF, CAL, None, "en", "other")  # from a DM: no server's moderators see it
    assert [(g.item.key, g.count) for g in await app.reports.queue(await moderator(app))] == [("question:a-mc", 1)]
    other = await app.reports.queue(await moderator(app, OTHER_GUILD))
    assert [r.user_id for g in other for r in g.reports] == [BEN]
    everything = await app.reports.queue(await operator(app))
    assert sorted(r.user_id for g in everything for r in g.reports) == [ANA, BEN, CAL]
    with pytest.raises(NotModerator):
        await app.reports.scope(CAL, GUILD, False, [])  # neither Manage Server nor the moderator role
    with pytest.raises(NotModerator):
        await app.reports.scope(MOD, None, True, [])


async def test_resolve_tells_each_reporter_who_asked_once_and_only_in_scope(app):
    await app.reports.report(A_MC, ANA, GUILD, "es", "wrong", notify=True)
    await app.reports.report(A_MC, BEN, GUILD, "en", "wrong", notify=False)
    await app.reports.report(A_MC, CAL, GUILD, "en", "typo", notify=True)
    await app.reports.report(A_MC, 7, OTHER_GUILD, "en", "typo", notify=True)  # another server's
    notifier = Notifier(closed=frozenset({CAL}))
    closing = await app.reports.resolve(await moderator(app), "question:a-mc", "Fixed the answer", MOD, notifier)
    assert (closing.closed, closing.told, closing.not_told) == (3, 1, 1)
    assert notifier.told == [(ANA, "es", "question:a-mc", "Fixed the answer")]
    assert notifier.tries == [ANA, CAL]  # Ben did not ask; Cal's closed DMs are not tried again
    told = await app.db.fetchall("SELECT user_id, status, told, close_note FROM item_reports ORDER BY user_id")
    assert [tuple(r) for r in told] == [(ANA, "resolved", "told", "Fixed the answer"),
                                        (BEN, "resolved", None, "Fixed the answer"),
                                        (CAL, "resolved", "dms_closed", "Fixed the answer"),
                                        (7, "open", None, None)]
    assert await app.reports.queue(await moderator(app)) == []
    with pytest.raises(NoOpenReports):  # nothing left open here: nobody is told twice
        await app.reports.resolve(await moderator(app), "question:a-mc", "", MOD, notifier)
    assert notifier.tries == [ANA, CAL]
    await app.reports.report(A_MC, ANA, GUILD, "en", "typo")  # closed: the learner may report it again


async def test_dismiss_closes_with_a_note_and_tells_nobody(app):
    await app.reports.report(A_TF, ANA, GUILD, "en", "wrong", notify=True)
    closing = await app.reports.dismiss(await operator(app), "question:a-tf", "It is right as it is", OPERATOR)
    assert (closing.status, closing.closed, closing.told) == ("dismissed", 1, 0)
    row = await app.db.fetchone("SELECT status, told, close_note, closed_by FROM item_reports")
    assert tuple(row) == ("dismissed", None, "It is right as it is", OPERATOR)
    with pytest.raises(NoOpenReports):
        await app.reports.dismiss(await operator(app), "nonsense", "", OPERATOR)


async def test_flagged_items_from_the_statistics_show_beside_their_reports(app):
    await app.reports.report(A_MC, ANA, GUILD, "en", "wrong")

    def entry(item_id, *flags):
        return SimpleNamespace(item=SimpleNamespace(id=item_id), stats=SimpleNamespace(flags=flags))

    class Statistics:  # the item statistics' flagged(): one entry per item and language
        async def flagged(self):
            return [entry("a-mc", "too_hard"), entry("b-order", "too_easy"),
                    entry("a-mc", "negative_discrimination", "too_hard")]

    assert (await app.reports.queue(await moderator(app)))[0].flagged == ()
    app.reports.flagged_items = flags_from(Statistics())
    [group] = await app.reports.queue(await moderator(app))  # an item flagged but not reported is not listed
    assert group.flagged == ("too_hard", "negative_discrimination")


async def test_the_queue_shows_the_flags_the_learners_answers_raise(app, clock):
    """Wired by the composition root: five learners miss a-mc (too hard, a wrong choice nobody picks) and one
    reports it; the queue shows its flags beside the report."""
    from tests.services.test_item_stats import LEARNERS, MC_PICKS, WHO_PICKS, take_quiz

    for n, user in enumerate(LEARNERS):
        await take_quiz(app, clock, user, "en", {"a-mc": MC_PICKS[n], "a-tf": True, "a-who": WHO_PICKS[n]}, n + 2)
    await app.reports.report(A_MC, LEARNERS[0], GUILD, "en", "unclear")
    [group] = await app.reports.queue(await moderator(app))
    assert group.flagged == ("too_hard", "unused_distractor")
