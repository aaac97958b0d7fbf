"""What the services expect of a channel they post in (the daily quote, group quizzes): the Discord
adapter raises these, so the services can tell a channel that will never work from a passing failure."""

from __future__ import annotations


class PostRefused(Exception):
    """Discord will not take posts there: `reason` is 'channel_gone' or 'no_permission'."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason


class PostFailed(Exception):
    """A passing failure (a Discord outage, a timeout): try again later."""
