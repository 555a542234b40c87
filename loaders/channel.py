"""Messages between a load's reading and writing processes (:mod:`loaders.pipeline`).

Batches are plain values (strings, numbers, lists, tuples and dicts of them), which
:mod:`marshal` writes and reads about twice as fast as :mod:`pickle`; anything else (the
report, an exception) is pickled. The first byte of a message says which.
"""

from __future__ import annotations

import marshal
import pickle
import queue
import threading
from multiprocessing.connection import Connection
from typing import Any

_MARSHAL = b"M"
_PICKLE = b"P"


def send(connection: Connection, message: tuple[Any, ...]) -> None:
    """Send one message (blocks while the pipe is full)."""
    connection.send_bytes(encode(message))


def encode(message: tuple[Any, ...]) -> bytes:
    try:
        return _MARSHAL + marshal.dumps(message)
    except ValueError:  # not plain values only
        return _PICKLE + pickle.dumps(message, pickle.HIGHEST_PROTOCOL)


def receive(connection: Connection) -> tuple[Any, ...]:
    """The next message; raises EOFError when the other end has closed."""
    data = memoryview(connection.recv_bytes())
    load = marshal.loads if data[:1] == _MARSHAL else pickle.loads
    message: tuple[Any, ...] = load(data[1:])
    return message


_AHEAD = 32
"""Messages the reading process may have waiting to be sent (a few hundred MB at most)."""


class Outbox:
    """The reading process's end of the pipe: messages are encoded at once and sent by a
    thread, so that reading runs on while the writing process is busy with a long write
    (the employment edges, written while the last files are still being read)."""

    def __init__(self, connection: Connection) -> None:
        self.connection = connection
        self._queue: queue.Queue[bytes | None] = queue.Queue(maxsize=_AHEAD)
        self._failure: BaseException | None = None
        self._thread = threading.Thread(target=self._send_all, name="zhiqian-load-outbox")
        self._thread.start()

    def send(self, message: tuple[Any, ...]) -> None:
        """Queue one message (blocks while the queue is full); raises what sending raised."""
        self._put(encode(message))

    def close(self) -> None:
        """Send what is queued, then stop; raises what sending raised."""
        self._put(None)
        self._thread.join()
        if self._failure is not None:
            raise self._failure

    def _put(self, data: bytes | None) -> None:
        while True:
            if self._failure is not None:
                raise self._failure
            try:
                self._queue.put(data, timeout=0.5)
                return
            except queue.Full:
                continue

    def _send_all(self) -> None:
        try:
            while (data := self._queue.get()) is not None:
                self.connection.send_bytes(data)
        except BaseException as exc:  # the reading thread raises it on its next message
            self._failure = exc
