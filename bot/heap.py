"""What lives for the whole run, set aside from the garbage collector's full passes."""

from __future__ import annotations

import gc


def set_aside_long_lived() -> int:
    """Freeze what is alive now (modules, the course, discord.py's state: ~80,000 objects once the bot is ready),
    so the collector's full passes no longer walk it; returns how many objects are set aside.

    Under load those passes come every few seconds, and each walked all of it: 26-49 ms during which no command
    is answered (measured in the bench's reads phase). Frozen objects are still freed by reference counting when
    nothing holds them (a replaced course is: it holds no reference cycles). Only cycles among them are not, so
    each call first unfreezes and collects: call it again when a fresh start replaces discord.py's state (a new
    gateway session), and the old state's cycles are collected rather than kept."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()
