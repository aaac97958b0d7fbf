"""The daily quote on Discord: the post itself and the poster the scheduler drives.

Each post carries a nonce (discord.py then asks Discord to enforce it for a few minutes, so its own
retry of a 5xx cannot post twice) and its date in the embed's header (so a claim left unconfirmed can be
found in the channel later).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime

import discord

from bot.domain.catalog import Catalog
from bot.domain.content import Quote
from bot.i18n import lang_of, t
from bot.services.daily import DailyPost

from . import render
from .buttons import Buttons
from .errors import SILENT
from .learn_views import learn_button, quiz_me_button
from .posting import find_own, posting

log = logging.getLogger(__name__)
LOOK_BACK = 50


def daily_message(quote: Quote, day: date, lang: str, catalog: Catalog,
                  topic: str | None) -> tuple[discord.Embed, discord.ui.View]:
    topic = topic or quote.topics[0]
    embed = render.quote(quote, lang, catalog)
    embed.set_author(name=t("daily.header", lang, date=day.isoformat()))
    ui = Buttons()
    ui.add_item(learn_button(topic, 0, t("quote.learn", lang)))
    ui.add_item(quiz_me_button(topic, lang))
    return embed, ui


class DiscordDailyPoster:
    """The `DailyPoster` port over discord.py's HTTP client."""

    def __init__(self, client: discord.Client, catalog: Callable[[], Catalog]):
        self.client = client
        self.catalog = catalog  # () -> Catalog: the course in service at posting time

    def lang(self, guild_id: int) -> str:
        guild = self.client.get_guild(guild_id)
        return lang_of(str(guild.preferred_locale)) if guild is not None else "en"

    async def send(self, post: DailyPost) -> int:
        embed, ui = daily_message(post.quote, post.local_date, self.lang(post.guild_id), self.catalog(),
                                  post.topic_id)
        channel = self.client.get_partial_messageable(post.channel_id, guild_id=post.guild_id)
        message = await posting(channel.send(embed=embed, view=ui, allowed_mentions=SILENT, nonce=post.nonce))
        return message.id

    async def find(self, post: DailyPost, since: datetime) -> int | None:
        channel = self.client.get_partial_messageable(post.channel_id, guild_id=post.guild_id)
        return await find_own(self.client, channel, since, LOOK_BACK, lambda message: any(
            post.marker in (e.author.name or "") for e in message.embeds))
