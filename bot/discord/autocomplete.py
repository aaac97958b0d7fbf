"""Autocomplete for topics, terms and speakers, in the user's language (at most 25 choices)."""

from __future__ import annotations

import discord
from discord import app_commands

from bot.domain import daily as daily_rules
from bot.domain import limits as L
from bot.domain.matching import normalize

from .components import app_of
from .locale import lang_for
from .text import fit


def _rank(pairs: list[tuple[str, str]], current: str) -> list[app_commands.Choice[str]]:
    wanted = normalize(current) if current else ""
    hits = [(name, value) for name, value in pairs if wanted in normalize(name) or wanted in value]
    hits.sort(key=lambda p: (not normalize(p[0]).startswith(wanted), p[0]))
    return [app_commands.Choice(name=fit(name, L.CHOICE_NAME), value=value)
            for name, value in hits[: L.AUTOCOMPLETE_CHOICES]]


async def topic_choices(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    lang, catalog = lang_for(interaction), app_of(interaction).course.catalog
    return _rank([(tp.title.get(lang), tp.id) for tp in catalog.topics.values()], current)


async def term_choices(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    lang, catalog = lang_for(interaction), app_of(interaction).course.catalog
    return _rank([(g.term.get(lang), g.id) for g in catalog.glossary.values()], current)


async def speaker_choices(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    catalog = app_of(interaction).course.catalog
    return _rank([(s, s[: L.CHOICE_NAME]) for s in catalog.speakers()], current)


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
