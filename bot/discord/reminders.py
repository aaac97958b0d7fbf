"""Review reminders on Discord: the DM itself, the sender the reminder scheduler drives, and its "Start review"
button (rv:USER, listed in routes.py).

Each DM carries the service's nonce (discord.py then asks Discord to enforce it for a few minutes, so its own
retry of a 5xx cannot send twice) and the day's marker in its footer (so a claim left unconfirmed by a crash
can be found in the learner's DM channel later)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime

import discord

from bot.domain.catalog import Catalog
from bot.domain.errors import NotYourReminder, QuizNotFound
from bot.i18n import plural, t
from bot.services.reminders import Reminder

from . import components, render
from .buttons import Buttons, StatefulButton
from .cooldown import QUIZ
from .errors import SILENT
from .posting import find_own, posting
from .text import fit

LOOK_BACK = 20  # the DM channel's latest messages `find` reads: the bot's DMs to one learner are few
TOPICS_SHOWN = 10
_USER = re.compile(r"\d{1,20}")


def reminder_message(reminder: Reminder, catalog: Catalog) -> tuple[str, discord.Embed, Buttons]:
    """What the DM says: how many reviews are due (in the text, so a notification shows it), the topics they
    come from, in the learner's language (a topic since removed from the course is left out), and the button
    that starts the review there."""
    lang = reminder.lang
    text = t("remind.dm_text", lang, reviews=plural("n.reviews_due", lang, reminder.due))
    titles = [catalog.topics[tid].title.get(lang) for tid in reminder.topic_ids if tid in catalog.topics]
    lines = [f"• {title}" for title in titles[:TOPICS_SHOWN]]
    if len(titles) > TOPICS_SHOWN:
        lines.append("• … " + t("remind.dm_more", lang, more=len(titles) - TOPICS_SHOWN))
    embed = discord.Embed(title=t("remind.dm_topics", lang) if lines else None,
                          description=fit("\n".join(lines), 4096) if lines else None, colour=render.BLUE)
    embed.set_footer(text=t("remind.dm_footer", lang, marker=reminder.marker))
    ui = Buttons()
    ui.add_item(StatefulButton(custom_id=f"rv:{reminder.user_id}", label=fit(t("remind.start", lang), 80),
                               style=discord.ButtonStyle.primary))
    return text, embed, ui


class DiscordReminderSender:
    """The `ReminderSender` port over discord.py: the learner's DM channel (opened, or found in discord.py's
    cache), a post there, and a look through its latest messages. Discord's 50007 (the learner's direct
    messages are closed to the bot) is PostRefused("dms_closed"); outages and timeouts are PostFailed
    (bot.discord.posting)."""

    def __init__(self, client: discord.Client, catalog: Callable[[], Catalog]):
        self.client = client
        self.catalog = catalog  # () -> Catalog: the course in service when the DM goes

    async def _channel(self, user_id: int) -> discord.DMChannel:
        return await posting(self.client.create_dm(discord.Object(id=user_id)))

    async def send(self, reminder: Reminder) -> int:
        text, embed, ui = reminder_message(reminder, self.catalog())
        channel = await self._channel(reminder.user_id)
        message = await posting(channel.send(text, embed=embed, view=ui, nonce=reminder.nonce,
                                             allowed_mentions=SILENT))
        return message.id

    async def find(self, reminder: Reminder, since: datetime) -> int | None:
        channel = await self._channel(reminder.user_id)
        return await find_own(self.client, channel, since, LOOK_BACK, lambda message: any(
            reminder.marker in (e.footer.text or "") for e in message.embeds))


async def review_from_reminder(interaction: discord.Interaction, rest: str) -> None:
    """"Start review" under a reminder: the learner's /review, there in the DM. It starts a quiz, so it spends
    /review's budget; only the learner it was sent to may press it."""
    if not _USER.fullmatch(rest):
        raise QuizNotFound()
    if int(rest) != interaction.user.id:
        raise NotYourReminder()
    await QUIZ.spend(interaction)
    await components.start_review(interaction)
