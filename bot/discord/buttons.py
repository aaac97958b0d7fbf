"""The base of every button: its state is in its custom_id (so it works after a restart), and any
failure goes through the one error handler."""

from __future__ import annotations

import discord

from bot.discord.errors import guarded


class StatefulButton(discord.ui.DynamicItem[discord.ui.Button], template=r"(?!)"):
    """Subclasses give a `template` and implement `handle`; this base is never registered itself."""

    def __init__(self, item: discord.ui.Button):
        super().__init__(item)

    @classmethod
    async def from_custom_id(cls, interaction, item, match, /):
        return cls(item)

    @property
    def custom_id(self) -> str:
        return self.item.custom_id or ""

    async def callback(self, interaction: discord.Interaction) -> None:
        await guarded(interaction, self.handle(interaction))

    async def handle(self, interaction: discord.Interaction) -> None:
        raise NotImplementedError
