"""Pausing Python's cyclic garbage collector while whole-city work builds long-lived records.

A load, a whole-city detection or a risk assessment allocates millions of small containers
that stay alive until the work is done (or for good, in the graph). Each allocation burst
triggers the cyclic collector, whose full collections walk all of them again and free
nothing: a sixth of a city load, a third of a city-wide facts read. Reference counting still
frees everything that is not in a cycle while the pause lasts.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused(*, freeze_after: bool = False) -> Iterator[None]:
    """Disable the cyclic collector for the block; enable it again afterwards only if it was
    enabled before (nested or concurrent pauses never leave it off for good). With
    ``freeze_after``, what is alive at the end (a load's graph) is moved out of the
    collector's future walks (``gc.freeze``); it stays reference-counted as usual."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze_after:
            gc.freeze()
        if was_enabled:
            gc.enable()
