"""Buttons whose state is their custom_id, so they work after a restart. Their clicks are routed by the
custom_id's prefix (bot/discord/routes.py), never by discord.py's view store: it would keep a view per message
and, for every click, rebuild the message's whole view to find the button."""

from __future__ import annotations

import discord


class StatefulButton(discord.ui.Button):
    """A button that says everything its click needs in its custom_id (a prefix listed in routes.py, then
    its parts). Its view (`Buttons`) is finished from the start, so discord.py never dispatches it."""


class Buttons(discord.ui.View):
    """The view for a message with stateful buttons. It has nothing to listen for (clicks are routed by
    custom_id), so it counts as finished from the start and discord.py neither stores it nor times it out."""

    def __init__(self) -> None:
        super().__init__(timeout=None)

    def is_finished(self) -> bool:
        return True
