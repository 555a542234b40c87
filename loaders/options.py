"""How a load runs: strictness, where rejects go, batch size, and where progress is shown."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

DEFAULT_BATCH_SIZE = 10_000


class Progress(Protocol):
    """Where a load reports progress (the CLI draws a bar; tests pass nothing)."""

    def start(self, name: str, total: int | None) -> None: ...

    def advance(self, rows: int) -> None: ...

    def finish(self) -> None: ...


@dataclass(frozen=True, slots=True)
class LoadOptions:
    """How files are loaded: strictness, where rejects go, batch size, progress."""

    rejects_dir: Path
    strict: bool = False
    batch_size: int = DEFAULT_BATCH_SIZE
    progress: Progress | None = None
    parse_ahead: bool = True
    """Read and validate in a second process while this one writes (see loaders.pipeline)."""
