"""Which language to answer in: the user's Discord locale, else the server's, else English."""

from __future__ import annotations

import discord

from bot.i18n import lang_of


def lang_for(interaction: discord.Interaction) -> str:
    if interaction.locale is not None:
        return lang_of(str(interaction.locale))
    return lang_of(str(interaction.guild_locale)) if interaction.guild_locale else "en"
