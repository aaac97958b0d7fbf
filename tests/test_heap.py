"""Setting long-lived objects aside from the garbage collector must not keep garbage alive."""

import gc
import weakref

import pytest

from bot.heap import set_aside_long_lived


class Node:
    def __init__(self) -> None:
        self.other: Node | None = None


@pytest.fixture(autouse=True)
def unfrozen():
    yield
    gc.unfreeze()  # the rest of the test run is collected as usual


def test_what_is_alive_is_set_aside_and_what_is_dropped_is_still_freed():
    kept, dropped = Node(), Node()
    gone = weakref.ref(dropped)
    assert set_aside_long_lived() > 0
    assert all(o is not kept for o in gc.get_objects())  # out of the collector's view
    del dropped  # no cycle: reference counting frees it, frozen or not
    assert gone() is None


def test_a_later_call_collects_the_cycles_left_among_what_was_set_aside():
    a, b = Node(), Node()
    a.other, b.other = b, a  # a cycle: only the collector can free it
    gone = weakref.ref(a)
    set_aside_long_lived()
    del a, b
    gc.collect()
    assert gone() is not None  # frozen: the collector does not see it
    set_aside_long_lived()  # a fresh start: the old state is let go
    assert gone() is None
