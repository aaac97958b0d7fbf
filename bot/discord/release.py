"""What a command leaves behind is freed at once, rather than left for the garbage collector.

Two things discord.py makes would otherwise outlive every command as reference cycles, which reference counting
never frees:
- an `Interaction` and its `InteractionResponse` refer to each other: with the member, user, options and data
  they hold, 12-15 objects per command or click;
- a `discord.File` made from an in-memory buffer leaves the buffer's `close` bound to the buffer itself, once
  the upload is done: the buffer (the picture, for `/progress`) and 2 objects more.

Under load those leftovers set off most of the collector's young passes, and each pass paused whichever command
was running. tests/test_release.py checks that none are left, so a discord.py that changes these details is
noticed."""

from __future__ import annotations

import contextlib
import io

import discord


def release(interaction: discord.Interaction) -> None:
    """Break the cycle of an interaction whose response is done; one not yet answered is left as it is. Its
    response still says it is done; what needs the way back to the interaction (a second answer) is refused
    by discord.py once a response is done anyway."""
    response = interaction.response
    if response.is_done():
        # a discord.py without this link back to the interaction: the collector frees the pair, as before
        with contextlib.suppress(AttributeError):
            response._parent = None  # type: ignore[assignment]


def release_buffer(buffer: io.BytesIO) -> None:
    """After a `discord.File(buffer)` is sent: drop the `close` that `File.close` set on the buffer."""
    vars(buffer).pop("close", None)
