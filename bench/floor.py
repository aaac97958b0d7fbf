"""The floor: a bare discord.py bot answering the interaction kinds the benchmark sends with constant replies.

    DISCORD_TOKEN=... DISCORD_API_BASE=... DISCORD_GATEWAY_URL=... python -m bench.floor

It registers the same command names as the bot (/help, /quote, /quiz, /progress, /leaderboard) and answers each
with a fixed embed; /quiz posts a message with two buttons, and a click on either edits that message to a fixed
embed with the same buttons (what an answer click or a "Next" click does in the bot). Nothing is read or
stored: whatever the bot costs beyond this is the bot's own work. Same discord.py, same defaults
(`guild_ready_timeout` included), run as its own process like the bot.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys

import discord
import discord.gateway
import discord.http
import yarl
from discord import app_commands

log = logging.getLogger("floor")

EMBED = discord.Embed(title="Constant", description="The same reply every time.")


class Buttons(discord.ui.View):
    def __init__(self) -> None:
        super().__init__(timeout=None)

    @discord.ui.button(label="A", custom_id="floor:a")
    async def answer(self, interaction: discord.Interaction, _: discord.ui.Button) -> None:
        await interaction.response.edit_message(embed=EMBED, view=Buttons())

    @discord.ui.button(label="Next", custom_id="floor:n")
    async def next(self, interaction: discord.Interaction, _: discord.ui.Button) -> None:
        await interaction.response.edit_message(embed=EMBED, view=Buttons())


class Floor(discord.Client):
    def __init__(self) -> None:
        super().__init__(intents=discord.Intents.none() | discord.Intents(guilds=True),
                         allowed_mentions=discord.AllowedMentions.none())
        self.tree = app_commands.CommandTree(self)

        async def constant(interaction: discord.Interaction) -> None:
            await interaction.response.send_message(embed=EMBED, ephemeral=True)

        for name in ("help", "quote", "progress", "leaderboard"):
            self.tree.command(name=name, description=f"constant /{name}")(constant)

        @self.tree.command(name="quiz", description="a message with two buttons")
        async def quiz(interaction: discord.Interaction) -> None:
            await interaction.response.send_message(embed=EMBED, view=Buttons(), ephemeral=True)

    async def setup_hook(self) -> None:
        self.add_view(Buttons())  # clicks on any message with these custom_ids reach the view
        await self.tree.sync()

    async def on_ready(self) -> None:
        log.info("ready as %s in %d server(s)", self.user, len(self.guilds))


def main() -> int:
    logging.basicConfig(stream=sys.stdout, level=logging.INFO,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    discord.http.Route.BASE = os.environ["DISCORD_API_BASE"]
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(os.environ["DISCORD_GATEWAY_URL"])
    client = Floor()
    asyncio.run(client.start(os.environ["DISCORD_TOKEN"]))  # until SIGTERM
    return 0


if __name__ == "__main__":
    sys.exit(main())
