"""Every button and form the bot sends, by the prefix of its custom_id, and the function its click or submission
goes to. A custom_id is the prefix, then the parts its handler needs (at most 100 characters in all), so a
button works after a restart; the handler parses the parts and refuses, in an ephemeral reply, any it does
not accept. "Who may click" is checked by the handler or the service it calls; anyone else is refused.

Buttons:

| prefix  | parts            | handler                        | who may click                                        |
|---------|------------------|--------------------------------|------------------------------------------------------|
| q:a:    | SID:POS:I        | components.answer_choice       | the quiz's learner; a group's: anyone in its channel |
| q:t:    | SID:POS:1 or 0   | components.answer_true_false   | the quiz's learner; a group's: anyone in its channel |
| q:o:    | SID:POS:PICKED:I | components.pick_event          | the quiz's learner (solo quizzes only)               |
| q:s:    | SID:POS:PICKED   | components.undo_picks          | the quiz's learner (solo quizzes only)               |
| q:m:    | SID:POS          | components.open_answer_form    | the quiz's learner (solo quizzes only)               |
| q:n:    | SID:POS          | components.next_question       | the quiz's learner (a group's moves on by its timer) |
| q:h:    | SID:POS:RATING   | self_rating.rate_answer        | the review's learner, once, after a right answer     |
| q:r:    | SID              | components.review_missed       | the finished quiz's learner                          |
| q:x:    | SID              | components.another_quiz        | the finished quiz's learner                          |
| g:      | SID:POS:ACTION   | group_controls.control         | the group quiz's host, or a moderator of its server  |
| fc:s:   | USER:CARD        | flashcards.show_card           | USER only, while their deck shows CARD               |
| fc:r:   | USER:CARD:RATING | flashcards.rate_card           | USER only, once, while their deck shows CARD         |
| fc:x:   | USER:CARD        | flashcards.stop_deck           | USER only, while their deck shows CARD               |
| l:      | TOPIC:PAGE       | learn_views.open_page          | anyone (from a public message: a copy of their own)  |
| lq:     | TOPIC            | learn_views.quiz_me            | anyone (a quiz of their own)                         |
| qt:     | [TOPIC]          | learn_views.another_quote      | anyone (a quote of their own)                        |
| tl:     | [TOPIC]:PAGE     | paging.turn_page               | anyone who sees it                                   |
| st:     | [TOPIC]:[F]:PAGE | item_stats.turn_page           | a moderator of the server (checked at each click)    |
| src:    | PAGE             | paging.turn_sources_page       | anyone who sees it                                   |
| my:del: | USER             | cogs.progress.confirm_deletion | USER only                                            |
| rv:     | USER             | reminders.review_from_reminder | USER only (the learner the reminder DM went to)      |
| rp:     | KIND:ITEM:LANG   | reports.open_report_form       | anyone who sees the feedback (a report of their own) |
| as:s:   | ID               | assignments.start_assignment   | a member it is set for, until its due time (checked) |
| as:p:   | ID               | assignments.practise           | a member it is set for (a quiz that does not count)  |

Forms:

| prefix  | parts            | handler                        | who may submit                                       |
|---------|------------------|--------------------------------|------------------------------------------------------|
| q:M:    | SID:POS          | components.submit_open_answer  | the quiz's learner                                   |
| rpf:    | KIND:ITEM:LANG   | reports.submit_report          | anyone (one open report per learner per item)        |

SID is a quiz's id; POS a question's position in it (from 0); ACTION a group quiz's control (p pause, r resume,
s skip question POS, x stop); I a choice's index as shown; PICKED the indices
of the events picked so far, in order; TOPIC a topic's id ([TOPIC]: a topic's id, or nothing for all of them);
PAGE a page (from 0); F a flag of item statistics (n, h, e or u) or nothing; ID an assignment's number;
USER a Discord user id; RATING fsrs's 1 Again (flashcards only), 2 Hard, 3 Good or 4
Easy; KIND:ITEM a course item reported (question, term or quote, and its id) and LANG the language it was
shown in (en or es); CARD a flashcard's id, 'term:' or 'quote:' and the course's id of the term or quote.
Any other custom_id (an old bot's, or forged) is refused: every click gets an answer. No prefix begins another,
so a custom_id has one handler at most.
tests/discord/test_routes.py checks this table against BUTTONS and FORMS, and every custom_id the bot sends."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

import discord

from bot.domain.errors import QuizNotFound

from . import (
    assignments,
    components,
    flashcards,
    group_controls,
    learn_views,
    paging,
    reminders,
    reports,
    self_rating,
)
from .cogs import progress
from .errors import guarded
from .item_stats import turn_page as turn_stats_page

Handler = Callable[[discord.Interaction, str], Awaitable[None]]  # (the interaction, the parts after the prefix)


@dataclass(frozen=True)
class Route:
    prefix: str
    handler: Handler


BUTTONS = (
    Route("q:a:", components.answer_choice),
    Route("q:t:", components.answer_true_false),
    Route("q:o:", components.pick_event),
    Route("q:s:", components.undo_picks),
    Route("q:m:", components.open_answer_form),
    Route("q:n:", components.next_question),
    Route("q:h:", self_rating.rate_answer),
    Route("q:r:", components.review_missed),
    Route("q:x:", components.another_quiz),
    Route("g:", group_controls.control),
    Route("fc:s:", flashcards.show_card),
    Route("fc:r:", flashcards.rate_card),
    Route("fc:x:", flashcards.stop_deck),
    Route("l:", learn_views.open_page),
    Route("lq:", learn_views.quiz_me),
    Route("qt:", learn_views.another_quote),
    Route("tl:", paging.turn_page),
    Route("st:", turn_stats_page),
    Route("src:", paging.turn_sources_page),
    Route("my:del:", progress.confirm_deletion),
    Route("rv:", reminders.review_from_reminder),
    Route("rp:", reports.open_report_form),
    Route("as:s:", assignments.start_assignment),
    Route("as:p:", assignments.practise),
)
FORMS = (
    Route("q:M:", components.submit_open_answer),
    Route("rpf:", reports.submit_report),
)


def find(routes: Sequence[Route], custom_id: str) -> Route | None:
    """The route whose prefix begins `custom_id`, if any."""
    return next((route for route in routes if custom_id.startswith(route.prefix)), None)


async def on_click(interaction: discord.Interaction) -> None:
    """A button click, handed to its prefix's handler."""
    await _dispatch(interaction, BUTTONS)


async def on_submit(interaction: discord.Interaction) -> None:
    """A form's submission, handed to its prefix's handler."""
    await _dispatch(interaction, FORMS)


async def _dispatch(interaction: discord.Interaction, routes: Sequence[Route]) -> None:
    custom_id = (interaction.data or {}).get("custom_id", "")
    if not isinstance(custom_id, str):
        custom_id = ""
    route = find(routes, custom_id)
    work = _refuse() if route is None else route.handler(interaction, custom_id[len(route.prefix):])
    await guarded(interaction, work)  # any failure goes through the one error handler


async def _refuse() -> None:
    raise QuizNotFound()  # "no longer exists": an old or forged button or form
