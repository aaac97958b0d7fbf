"""Autocomplete for topics, terms and speakers, in the user's language (at most 25 choices)."""

from __future__ import annotations

from collections.abc import Callable

import discord
from discord import app_commands

from bot.domain import daily as daily_rules
from bot.domain import limits as L
from bot.domain import lookup
from bot.i18n.names import person

from .components import app_of
from .locale import lang_for
from .text import fit


def _offer(entries: list, current: str, name: Callable[[object], str],
           value: Callable[[object], str]) -> list[app_commands.Choice[str]]:
    """The entries ranked as a typed name resolves (bot.domain.lookup): what is offered is what is found.
    Nothing typed yet: the first ones, in course order."""
    found = [entry for _, entry in lookup.rank(current, entries)] if current.strip() else [e for e, _ in entries]
    return [app_commands.Choice(name=fit(name(e), L.CHOICE_NAME), value=value(e))
            for e in found[: L.AUTOCOMPLETE_CHOICES]]


async def topic_choices(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    lang, catalog = lang_for(interaction), app_of(interaction).course.catalog
    return _offer(lookup.topic_entries(catalog), current, lambda tp: tp.title.get(lang), lambda tp: tp.id)


async def term_choices(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    lang, catalog = lang_for(interaction), app_of(interaction).course.catalog
    return _offer(lookup.term_entries(catalog), current, lambda g: g.term.get(lang), lambda g: g.id)


async def speaker_choices(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    lang, catalog = lang_for(interaction), app_of(interaction).course.catalog
    return _offer(lookup.speaker_entries(catalog), current, lambda s: person(s, lang), lambda s: s[: L.CHOICE_NAME])


COMMON_ZONES = ("UTC", "Europe/London", "Europe/Madrid", "Europe/Paris", "Europe/Berlin", "Europe/Moscow",
                "America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles",
                "America/Mexico_City", "America/Havana", "America/Bogota", "America/Lima", "America/Caracas",
                "America/Santiago", "America/Argentina/Buenos_Aires", "America/Sao_Paulo", "Africa/Johannesburg",
                "Asia/Kolkata", "Asia/Shanghai", "Asia/Tokyo", "Australia/Sydney", "Pacific/Auckland")


async def zone_choices(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    """IANA zones: a short list of common ones to start with, then any zone matching what is typed
    (spaces count as underscores: 'buenos aires' finds America/Argentina/Buenos_Aires)."""
    wanted = current.strip().casefold().replace(" ", "_")
    if not wanted:
        names = list(COMMON_ZONES)
    else:
        hits = [n for n in daily_rules.zone_names() if wanted in n.casefold()]
        hits.sort(key=lambda n: (not n.casefold().rsplit("/", 1)[-1].startswith(wanted), len(n), n))
        names = hits
    return [app_commands.Choice(name=n, value=n) for n in names[: L.AUTOCOMPLETE_CHOICES]]
