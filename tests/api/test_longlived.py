"""The server moves what its caches keep out of the cyclic collector's walks."""

from __future__ import annotations

import asyncio
import gc

from starlette.types import Message, Receive, Scope, Send

from api.longlived import FreezeLongLived


def _request(app: FreezeLongLived, kind: str = "http") -> None:
    async def receive() -> Message:
        return {"type": "http.request"}

    async def send(message: Message) -> None:
        return None

    asyncio.run(app({"type": kind}, receive, send))


class _Cache:
    def __init__(self) -> None:
        self.kept: list[dict[str, list[int]]] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.kept.append({"answer": [len(self.kept)]})  # a long-lived cache entry per request


def test_every_nth_request_freezes_what_survived() -> None:
    gc.unfreeze()
    cache = _Cache()
    app = FreezeLongLived(cache, every=3)
    _request(app)
    _request(app)
    assert gc.get_freeze_count() == 0
    _request(app)
    frozen = gc.get_freeze_count()
    assert frozen > 0
    _request(app, kind="lifespan")  # not a request: does not count
    _request(app)
    _request(app)
    assert gc.get_freeze_count() == frozen
    _request(app)
    assert gc.get_freeze_count() > frozen
    assert len(cache.kept) == 7
    gc.unfreeze()


def test_nothing_is_frozen_while_the_collector_is_off() -> None:
    gc.unfreeze()
    gc.disable()
    try:
        app = FreezeLongLived(_Cache(), every=1)
        _request(app)
        assert gc.get_freeze_count() == 0
    finally:
        gc.enable()
        gc.unfreeze()
