"""Assignments on Discord: what /assign and /assignments show (the commands are in cogs/assign.py), the "Start"
and "Practise" buttons (as:s:ID, as:p:ID, listed in routes.py), the reminder posted in the assignment's channel,
the moderator's summary, and the poster the assignment scheduler drives.

Each post carries its assignment's number in its embed's footer, so a claim left unconfirmed by a crash can be
found in the channel (or the moderator's DMs) later."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime

import discord

from bot.domain import limits as L
from bot.domain.catalog import Catalog
from bot.domain.errors import QuizNotFound
from bot.domain.reports import ItemRef
from bot.i18n import lang_of, plural, t
from bot.services.assignment_posts import AssignmentReminder, AssignmentSummary
from bot.services.assignments import Assignment, LearnerAssignment, Started

from . import quiz_flow, render
from .buttons import Buttons, StatefulButton
from .components import app_of
from .cooldown import QUIZ
from .errors import SILENT
from .learn_views import learn_button
from .locale import lang_for
from .posting import find_own, posting
from .reports import item_text
from .text import fit

SHOWN = 10  # assignments listed in one reply (a field and a button or two each)
NAMES_SHOWN = 30  # learners named per line of a summary; the rest are counted
LOOK_BACK = 50  # the channel's (or DMs') latest messages `find` reads
_ID = re.compile(r"\d{1,18}")


def topic_title(catalog: Catalog, topic_id: str, lang: str) -> str:
    topic = catalog.topics.get(topic_id)
    return topic.title.get(lang) if topic is not None else topic_id


def ts(when: datetime, style: str = "F") -> str:
    return discord.utils.format_dt(when, style)


def start_button(assignment_id: int, label: str, row: int | None = None) -> StatefulButton:
    return StatefulButton(custom_id=f"as:s:{assignment_id}", label=fit(label, L.BUTTON_LABEL),
                          style=discord.ButtonStyle.success, row=row)


def practice_button(assignment_id: int, lang: str, row: int | None = None) -> StatefulButton:
    label = fit(t("assignments.practice", lang, id=assignment_id), L.BUTTON_LABEL)
    return StatefulButton(custom_id=f"as:p:{assignment_id}", label=label, row=row)


# -- moderators --

def created_text(made: Assignment, catalog: Catalog, lang: str, role: str | None, channel: str) -> str:
    row = made.row
    lines = [t("assign.created", lang, id=made.id, topic=topic_title(catalog, row.topic_id, lang),
               questions=plural("n.questions", lang, made.length)),
             t("assign.due", lang, local=f"{made.local_due:%Y-%m-%d %H:%M}", zone=made.zone.key, when=ts(row.due_at)),
             t("assign.for_role", lang, role=role, channel=channel) if role
             else t("assign.for_all", lang, channel=channel)]
    if row.stage == "remind" and row.next_at is not None:
        lines.append(t("assign.reminder_at", lang, when=ts(row.next_at)))
    else:
        lines.append(t("assign.no_reminder", lang))
    lines.append(t("assign.after", lang))
    return fit("\n".join(lines), L.MESSAGE_CONTENT)


def listing_embed(assignments: list[Assignment], catalog: Catalog, lang: str) -> discord.Embed:
    lines = []
    for a in assignments[:25]:
        line = t("assign.list_line", lang, id=a.id, topic=topic_title(catalog, a.row.topic_id, lang),
                 questions=plural("n.questions", lang, a.length), when=ts(a.row.due_at),
                 started=a.started, finished=a.finished)
        lines.append(line + (t("assign.list_role", lang, role=f"<@&{a.row.role_id}>") if a.row.role_id else ""))
    return discord.Embed(title=t("assign.list_title", lang), colour=render.GOLD,
                         description=fit("\n".join(lines) or t("assign.list_empty", lang), L.EMBED_DESCRIPTION))


def choice_name(a: Assignment, catalog: Catalog, lang: str) -> str:
    return fit(t("assign.choice", lang, id=a.id, topic=topic_title(catalog, a.row.topic_id, lang),
                 local=f"{a.local_due:%Y-%m-%d %H:%M}"), L.CHOICE_NAME)


# -- learners --

def learner_message(entries: list[LearnerAssignment], catalog: Catalog, lang: str) -> tuple[discord.Embed, Buttons]:
    """The learner's open assignments, each with its due time, where they are with it, and a button to start it
    (or go on with it, or practise it once finished); and a button to read its topic."""
    embed = discord.Embed(title=t("assignments.title", lang), colour=render.BLUE,
                          description=None if entries else t("assignments.empty", lang))
    ui = Buttons()
    topics_offered: set[str] = set()  # one reading button per topic: two buttons may not share a custom_id
    for n, entry in enumerate(entries[:SHOWN]):
        a, take = entry.assignment, entry.take
        if take is None:
            status = t("assignments.not_started", lang)
        elif take.finished:
            status = t("assignments.done", lang, right=take.correct, total=take.total)
        else:
            status = t("assignments.in_progress", lang, answered=take.answered, total=take.total)
        topic = topic_title(catalog, a.row.topic_id, lang)
        embed.add_field(name=fit(t("assignments.entry", lang, id=a.id, topic=topic), L.EMBED_FIELD_NAME),
                        value=t("assignments.due", lang, when=ts(a.row.due_at), relative=ts(a.row.due_at, "R"),
                                questions=plural("n.questions", lang, a.length)) + "\n" + status, inline=False)
        row = n // 2  # two assignments a row: their action and their reading
        if take is not None and take.finished:
            ui.add_item(practice_button(a.id, lang, row=row))
        else:
            label = t("assignments.go_on" if take is not None else "assignments.start", lang, id=a.id)
            ui.add_item(start_button(a.id, label, row=row))
        if a.row.topic_id in catalog.topics and a.row.topic_id not in topics_offered:
            topics_offered.add(a.row.topic_id)
            read = learn_button(a.row.topic_id, 0, t("assignments.read", lang, topic=topic),
                                discord.ButtonStyle.secondary)
            read.row = row
            ui.add_item(read)
    return embed, ui


def _roles(interaction: discord.Interaction) -> list[int]:
    """The member's role ids, as the interaction brings them (no members intent needed)."""
    return [r.id for r in getattr(interaction.user, "roles", [])]


async def start_assignment(interaction: discord.Interaction, rest: str) -> None:
    """as:s:ID: the learner's take on the assignment (their own, in an ephemeral message), after saying that its
    moderators see their completion and score. The server, the role and the due time are checked by the
    service at each click; a finished take is refused with its result (and "Practise" offered)."""
    if not _ID.fullmatch(rest):
        raise QuizNotFound()
    app, lang = app_of(interaction), lang_for(interaction)
    await QUIZ.spend(interaction)
    started: Started = await app.assignments.start(
        int(rest), user_id=interaction.user.id, guild_id=interaction.guild_id, role_ids=_roles(interaction),
        lang=lang, channel_id=interaction.channel_id)
    note = t("assignments.going_on" if started.resumed else "assignments.starting", lang, id=started.assignment.id,
             when=ts(started.assignment.row.due_at))
    embeds, ui = quiz_flow.question_message(started.question)
    await interaction.response.send_message(note, embeds=embeds, view=ui, ephemeral=True, allowed_mentions=SILENT)


async def practise(interaction: discord.Interaction, rest: str) -> None:
    """as:p:ID: the assignment's questions again, as a quiz that does not count."""
    if not _ID.fullmatch(rest):
        raise QuizNotFound()
    app, lang = app_of(interaction), lang_for(interaction)
    await QUIZ.spend(interaction)
    view = await app.assignments.practice(int(rest), user_id=interaction.user.id, guild_id=interaction.guild_id,
                                          role_ids=_roles(interaction), lang=lang, channel_id=interaction.channel_id)
    embeds, ui = quiz_flow.question_message(view)
    await interaction.response.send_message(t("assignments.practising", lang, id=int(rest)), embeds=embeds, view=ui,
                                            ephemeral=True, allowed_mentions=SILENT)


# -- the scheduler's posts --

def reminder_message(reminder: AssignmentReminder, catalog: Catalog, lang: str) -> tuple[str, discord.Embed, Buttons]:
    """The reminder: the role's mention (if any), what is due when, and buttons to start it and read its topic."""
    row = reminder.assignment
    topic = topic_title(catalog, row.topic_id, lang)
    text = t("assign.reminder", lang, id=row.id, topic=topic, questions=plural("n.questions", lang, len(row.items)),
             when=ts(row.due_at), relative=ts(row.due_at, "R"))
    if row.role_id is not None:
        text = f"<@&{row.role_id}> {text}"
    embed = discord.Embed(colour=render.GOLD)
    embed.set_footer(text=f"{t('assign.marker', lang)} {reminder.marker}")
    ui = Buttons()
    ui.add_item(start_button(row.id, t("assignments.start", lang, id=row.id)))
    if row.topic_id in catalog.topics:
        ui.add_item(learn_button(row.topic_id, 0, t("assignments.read", lang, topic=topic),
                                 discord.ButtonStyle.secondary))
    return fit(text, L.MESSAGE_CONTENT), embed, ui


def _names(takes, line: Callable[[object], str], lang: str) -> str:
    shown = [f"<@{take.user_id}> · {line(take)}" for take in takes[:NAMES_SHOWN]]
    if len(takes) > NAMES_SHOWN:
        shown.append(t("assign.more", lang, count=len(takes) - NAMES_SHOWN))
    return fit("\n".join(shown), L.EMBED_FIELD_VALUE)


def summary_embed(summary: AssignmentSummary, catalog: Catalog, lang: str, names: bool) -> discord.Embed:
    """The summary in `lang`: who finished (with their scores) and who did not (`names`: for the moderator's
    eyes only), the average score and the hardest question."""
    row = summary.assignment
    started = len(summary.finished) + len(summary.unfinished)
    lines = [t("assign.summary_due", lang, local=f"{row.due_at.astimezone(summary.zone):%Y-%m-%d %H:%M}",
               zone=summary.zone.key, started=plural("n.assignment_learners", lang, started),
               finished=plural("n.assignment_learners", lang, len(summary.finished)))]
    if not started:
        lines.append(t("assign.summary_nobody", lang))
    embed = discord.Embed(title=fit(t("assign.summary_title", lang, id=row.id,
                                      topic=topic_title(catalog, row.topic_id, lang)), L.EMBED_TITLE),
                          description="\n".join(lines), colour=render.GOLD)
    if names and summary.finished:
        embed.add_field(name=t("assign.summary_finished", lang), inline=False, value=_names(
            summary.finished, lambda k: t("assign.summary_score", lang, right=k.correct, total=k.total), lang))
    if names and summary.unfinished:
        embed.add_field(name=t("assign.summary_unfinished", lang), inline=False, value=_names(
            summary.unfinished, lambda k: t("assign.summary_answered", lang, answered=k.answered, total=k.total),
            lang))
    if summary.average is not None:
        mean_right = sum(k.correct for k in summary.finished) / len(summary.finished)
        embed.add_field(name=t("assign.summary_average", lang), inline=False, value=t(
            "assign.summary_average_value", lang, percent=round(summary.average * 100),
            right=f"{mean_right:.1f}", total=len(row.items)))
    if summary.hardest is not None:
        question = item_text(catalog, ItemRef("question", summary.hardest.item_id), lang)
        embed.add_field(name=t("assign.summary_hardest", lang), inline=False, value=fit(t(
            "assign.summary_hardest_value", lang, question=question, missed=summary.hardest.missed,
            answered=summary.hardest.answered), L.EMBED_FIELD_VALUE))
    embed.set_footer(text=f"{t('assign.marker', lang)} {summary.marker}")
    return embed


def _marked(marker: str) -> Callable[[discord.Message], bool]:
    return lambda message: any((e.footer.text or "").endswith(f" {marker}") for e in message.embeds)


class DiscordAssignmentPoster:
    """The `AssignmentPoster` port over discord.py: the channel's reminder in the server's language, the summary
    by DM to the moderator who set the assignment (or in the channel, names left out)."""

    def __init__(self, client: discord.Client, catalog: Callable[[], Catalog]):
        self.client = client
        self.catalog = catalog  # () -> Catalog: the course in service when the post goes

    def _lang(self, guild_id: int) -> str:
        guild = self.client.get_guild(guild_id)
        return lang_of(str(guild.preferred_locale)) if guild is not None else "en"

    def _channel(self, row) -> discord.PartialMessageable:
        return self.client.get_partial_messageable(row.channel_id, guild_id=row.guild_id)

    async def remind(self, reminder: AssignmentReminder) -> int:
        row = reminder.assignment
        text, embed, ui = reminder_message(reminder, self.catalog(), self._lang(row.guild_id))
        mentions = discord.AllowedMentions(everyone=False, users=False,
                                           roles=[discord.Object(id=row.role_id)] if row.role_id else False)
        message = await posting(self._channel(row).send(text, embed=embed, view=ui, allowed_mentions=mentions))
        return message.id

    async def find_reminder(self, reminder: AssignmentReminder, since: datetime) -> int | None:
        return await find_own(self.client, self._channel(reminder.assignment), since, LOOK_BACK,
                              _marked(reminder.marker))

    async def send_summary(self, summary: AssignmentSummary, to_channel: bool) -> int:
        row = summary.assignment
        embed = summary_embed(summary, self.catalog(), row.lang, names=not to_channel)
        if not to_channel:
            dm = await posting(self.client.create_dm(discord.Object(id=row.created_by)))
            return (await posting(dm.send(embed=embed, allowed_mentions=SILENT))).id
        text = t("assign.summary_channel", row.lang, moderator=f"<@{row.created_by}>", id=row.id)
        mentions = discord.AllowedMentions(everyone=False, roles=False, users=[discord.Object(id=row.created_by)])
        return (await posting(self._channel(row).send(text, embed=embed, allowed_mentions=mentions))).id

    async def find_summary(self, summary: AssignmentSummary, since: datetime) -> int | None:
        row = summary.assignment
        dm = await posting(self.client.create_dm(discord.Object(id=row.created_by)))
        found = await find_own(self.client, dm, since, LOOK_BACK, _marked(summary.marker))
        return found or await find_own(self.client, self._channel(row), since, LOOK_BACK, _marked(summary.marker))
