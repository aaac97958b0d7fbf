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
    """Break the cycle of an interaction whose response is done, once its handling is over; one not yet answered
    is left as it is. The interaction forgets its cached response object: asked again, `interaction.response`
    would be a new one that does not know a reply was sent, so call this only when nothing more will answer.
    The old response object keeps its link to the interaction, which discord.py's own later work needs (a
    reply sent with `delete_after` deletes itself through it)."""
    if interaction.response.is_done():
        # a discord.py without this cache slot: the collector frees the pair, as before
        with contextlib.suppress(AttributeError):
            del interaction._cs_response  # discord.py's cache of `Interaction.response`


def release_buffer(buffer: io.BytesIO) -> None:
    """After a `discord.File(buffer)` is sent: drop the `close` that `File.close` set on the buffer."""
    vars(buffer).pop("close", None)
