"""Keeping a long-running server's caches out of the cyclic garbage collector's walks.

The embedded store freezes its graph when it opens (``gc.freeze``), but answers fill caches
as they are asked (contracting graphs and liability parts per project, look-ups per area):
at city scale millions of long-lived objects that every full collection walks again, each
walk a pause of the whole server. Every ``every`` requests this middleware collects the
young generations (cheap; what is garbage there is freed) and freezes what survived, so
full collections only ever walk what was allocated since.
"""

from __future__ import annotations

import gc

from starlette.types import ASGIApp, Receive, Scope, Send

FREEZE_EVERY = 500
"""Requests between two freezes: rare enough to cost nothing, often enough that the objects
allocated in between stay far below the size of a costly full collection."""


class FreezeLongLived:
    """ASGI middleware: after every ``every`` HTTP requests, collect young objects and
    freeze the survivors (see the module doc)."""

    def __init__(self, app: ASGIApp, every: int = FREEZE_EVERY) -> None:
        self.app = app
        self.every = every
        self.seen = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.app(scope, receive, send)
        if scope["type"] != "http":
            return
        self.seen += 1
        if self.seen % self.every == 0 and gc.isenabled():
            gc.collect(1)
            gc.freeze()
