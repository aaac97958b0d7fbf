"""Every button and form the bot sends goes to a handler listed in bot/discord/routes.py: the docstring's table
is the code's, each prefix has one handler, and every custom_id the bot's messages carry (rendered here from a
real quiz, reading, quote, timeline, daily post, review reminder and /mydata delete) begins with a listed
prefix. A button whose prefix no route knows would get "this no longer exists" on every click."""

from __future__ import annotations

import asyncio
import re
from datetime import date

import discord

from bot.discord import assignments, flashcards, item_stats, learn_views, paging, quiz_flow, routes
from bot.discord.cogs.progress import confirmation
from bot.discord.components import OpenAnswerModal
from bot.discord.daily import daily_message
from bot.discord.group_quiz import group_question
from bot.discord.reminders import reminder_message
from bot.domain import limits
from bot.domain.quiz_items import OpenAnswer, Ordering
from bot.services.assignment_posts import AssignmentReminder
from bot.services.assignments import LearnerAssignment
from bot.services.reminders import Reminder
from bot.services.views import QuestionView
from bot.storage.assignments import Take
from tests.services.test_quiz_service import right_response, wrong_response

USER, GUILD = 5150, 77


def table(heading: str) -> dict[str, str]:
    """The docstring table under `heading`: prefix -> handler, as written."""
    text = routes.__doc__.split(heading, 1)[1]
    rows = {}
    for line in text.splitlines()[2:]:
        if not line.startswith("| "):
            if rows:
                break
            continue
        prefix, _, handler, _ = (cell.strip() for cell in line.strip("|").split("|"))
        if prefix != "prefix":
            rows[prefix] = handler
    return rows


def in_code(found: tuple[routes.Route, ...]) -> dict[str, str]:
    return {r.prefix: f"{r.handler.__module__.removeprefix('bot.discord.')}.{r.handler.__name__}" for r in found}


def test_the_table_is_the_routes_the_code_follows():
    assert table("Buttons:") == in_code(routes.BUTTONS)
    assert table("Forms:") == in_code(routes.FORMS)
    assert len(routes.BUTTONS) >= 13  # the table was read, not an empty match


def test_each_prefix_has_one_handler_that_takes_the_click():
    for found in (routes.BUTTONS, routes.FORMS):
        prefixes = [r.prefix for r in found]
        assert len(set(prefixes)) == len(prefixes)
        for prefix in prefixes:  # no prefix begins another: which handler a custom_id goes to is never in doubt
            assert [p for p in prefixes if p != prefix and p.startswith(prefix)] == [], prefix
        for route in found:
            assert asyncio.iscoroutinefunction(route.handler), route.prefix
            assert routes.find(found, route.prefix + "1:0") is route


def ids(view: discord.ui.View) -> list[str]:
    return [item.custom_id for item in view.children if isinstance(item, discord.ui.Button)]


async def quiz_messages(app) -> list[str]:
    """Every button of a quiz on each kind of question: the question (an ordering part-picked too), the
    feedback, the notice of a changed question, the summary with its misses, a group's question, and the
    open answer's form."""
    sent = []
    catalog = app.course.catalog
    for item in catalog.items.values():
        view = await app.quiz.start(user_id=USER, guild_id=GUILD, lang="en", length=1, items=[item])
        sent += ids(quiz_flow.question_message(view)[1])
        if isinstance(item, Ordering):
            sent += ids(quiz_flow.question_message(view, "0")[1]) + ids(quiz_flow.question_message(view, "01")[1])
        if isinstance(item, OpenAnswer):
            sent.append(OpenAnswerModal(view.session_id, view.position, view).custom_id)
        feedback = await app.quiz.answer(view.session_id, 0, USER, wrong_response(view))
        sent += ids(quiz_flow.feedback_message(feedback)[1])
        sent += ids(quiz_flow.notice_message(view.session_id, 0, "changed", "en")[1])
        summary = await app.quiz.next(view.session_id, 0, USER)
        sent += ids(quiz_flow.summary_message(summary, "en")[1])
    review = await app.quiz.start(user_id=USER, lang="en", length=1, mode="review",
                                  items=[next(iter(catalog.items.values()))])
    right = await app.quiz.answer(review.session_id, 0, USER, right_response(review))
    sent += ids(quiz_flow.feedback_message(right)[1])  # with the rating buttons
    group = await app.quiz.start(user_id=USER, guild_id=GUILD, channel_id=9, lang="en", length=1, mode="group")
    assert isinstance(group, QuestionView)
    sent += ids(group_question(group)[1])
    return sent


async def test_every_custom_id_the_bot_sends_begins_with_a_listed_prefix(app, monkeypatch):
    monkeypatch.setattr(paging, "PER_PAGE", 1)  # the fixture course's timeline, on more than one page
    catalog = app.course.catalog
    topic = next(iter(catalog.topics.values()))
    quote = next(iter(catalog.quotes.values()))
    sent = await quiz_messages(app)
    for page in range(2):
        sent += ids(learn_views.topic_message(topic, page, "en", catalog)[1])
        sent += ids(paging.timeline_message(catalog, None, page, "en")[1])
    with monkeypatch.context() as patched:  # the fixture course's "about these sources" and source on two pages
        patched.setattr(limits, "EMBED_TOTAL", 300)
        sent += ids(paging.sources_message(catalog, 0, "en")[1])
    for on_topic in (None, topic.id):
        sent += ids(learn_views.quote_message(quote, "en", catalog, on_topic)[1])
        sent += ids(daily_message(quote, date(2026, 3, 2), "en", catalog, on_topic)[1])
    reminder = Reminder(user_id=USER, local_date=date(2026, 3, 2), due=2, topic_ids=(topic.id,), lang="en",
                        nonce="n", marker="2026-03-02")
    sent += ids(reminder_message(reminder, catalog)[2])
    card = await app.flashcards.open(USER, "en")  # a flashcard's front and back
    sent += ids(flashcards.card_message(card)[1]) + ids(flashcards.back_message(card)[1])
    monkeypatch.setattr(item_stats, "PER_PAGE", 1)  # /content stats of the questions answered above: its pages
    sent += ids((await item_stats.stats_message(app.item_stats, None, None, 0, "en"))[1])
    made = await app.assignments.create(await app.assignments.teacher(USER, GUILD, True, []), topic=topic.id,
                                        due="2026-03-09 18:00", channel_id=9, length=1)
    sent += ids(assignments.reminder_message(AssignmentReminder(made.row, made.zone), catalog, "en")[2])
    finished = Take(made.id, USER, None, total=1, answered=1, correct=1, started_at=made.row.created_at)
    sent += ids(assignments.learner_message([LearnerAssignment(made, None), LearnerAssignment(made, finished)],
                                            catalog, "en")[1])  # Start, Practise and Read
    sent += ids(confirmation(USER, "en"))

    forms = [i for i in sent if i.startswith("q:M:")]
    buttons = [i for i in sent if not i.startswith("q:M:")]
    assert all(len(i) <= 100 for i in sent)
    assert [i for i in buttons if routes.find(routes.BUTTONS, i) is None] == []
    assert forms and [i for i in forms if routes.find(routes.FORMS, i) is None] == []
    # and every route is one the bot uses: the table lists no button that no longer exists
    used = {routes.find(routes.BUTTONS, i).prefix for i in buttons}
    assert used == {r.prefix for r in routes.BUTTONS}
    assert re.fullmatch(r"my:del:5150", buttons[-1])
