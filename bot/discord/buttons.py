"""Buttons whose state is their custom_id, so they work after a restart, and how their clicks are routed.

A click is matched by custom_id against each button kind's `template` and handed to that kind's `handle`;
any failure goes through the one error handler. discord.py's view store never sees these buttons: it would
keep a view per message and, for every click, rebuild the message's whole view to find the button."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, ClassVar

import discord

from bot.discord.errors import guarded


class StatefulButton(discord.ui.Button):
    """Subclasses give a `template` (a regular expression for the custom_ids they own) and implement `handle`."""

    template: ClassVar[re.Pattern[str]] = re.compile(r"(?!)")

    def __init_subclass__(cls, template: str | None = None, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if template is not None:
            cls.template = re.compile(template)

    def is_dispatchable(self) -> bool:
        return False  # routed by `route`, not by discord.py

    async def handle(self, interaction: discord.Interaction) -> None:
        raise NotImplementedError


class Buttons(discord.ui.View):
    """The view for a message with stateful buttons. It has nothing to listen for (clicks are routed by
    custom_id), so it counts as finished from the start and discord.py neither stores it nor times it out."""

    def __init__(self) -> None:
        super().__init__(timeout=None)

    def is_finished(self) -> bool:
        return True


async def route(interaction: discord.Interaction, kinds: Sequence[type[StatefulButton]]) -> bool:
    """Hand a button click to the first kind whose template matches its custom_id; False if none does (the
    bot's last kind matches everything, so that every click gets an answer)."""
    custom_id = (interaction.data or {}).get("custom_id", "")
    if not isinstance(custom_id, str):
        custom_id = ""
    for kind in kinds:
        if kind.template.fullmatch(custom_id):
            await guarded(interaction, kind(custom_id=custom_id).handle(interaction))
            return True
    return False
