"""Loading on two cores: a forked child reads, validates and builds the rows while this
process writes what the child built into the store.

Parsing a row (cells, check digits, keyed hashes, building its nodes and relationships) and
writing it (the journal, the graph) cost about the same, so the two overlap. The child is
forked, so it starts with the load context and the store as they are, without copying them;
it only reads them (the load's lookup tables are kept up to date by its own rows, as in a
validation pass) and never writes: every write happens in this process, in file order, so
the journal's durability and the store's merge semantics are those of a load in one
process. Batches travel through a pipe, with a few dozen waiting in the child at most
(:class:`~loaders.channel.Outbox`), so a fast reader runs on through a long write but waits
for a slow writer instead of piling batches up in memory. A store whose reads would share a
connection with a forked child (a Neo4j driver) is loaded in one process.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import pickle
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Protocol

from graph.enums import RelType
from graph.store.protocol import GraphStore
from graph.store.records import RelRow
from loaders.batch import (
    Batch,
    PackedRow,
    WriteTally,
    pack_row,
    write_batch,
    write_relationships,
)
from loaders.channel import Outbox, receive
from loaders.columns import Source
from loaders.context import LoadContext
from loaders.options import LoadOptions
from loaders.plain import TYPES
from loaders.report import LoadReport
from loaders.rows import RowOut


class Rows(Protocol):
    """Rows gathered for one write: a :class:`Batch`, or packed rows to send."""

    rows: int

    @property
    def holds_writes(self) -> bool: ...

    def add(self, out: RowOut) -> None: ...


class Writer(Protocol):
    """Where a load's batches go: into the store, or to the process that writes them."""

    def new_batch(self) -> Rows: ...

    def start_file(self, index: int) -> None: ...

    def batch(self, batch: Any) -> WriteTally: ...

    def relationships(self, rel_type: RelType, rels: list[RelRow]) -> WriteTally: ...


LoadAll = Callable[[LoadContext, Sequence[tuple[Source, Path]], LoadOptions, Writer], LoadReport]


class DirectWriter:
    """Writes each batch into the context's store and says what was written."""

    def __init__(self, ctx: LoadContext) -> None:
        self.ctx = ctx

    def new_batch(self) -> Batch:
        return Batch()

    def start_file(self, index: int) -> None:
        return None

    def batch(self, batch: Batch) -> WriteTally:
        return write_batch(self.ctx.store, self.ctx, batch)

    def relationships(self, rel_type: RelType, rels: list[RelRow]) -> WriteTally:
        return write_relationships(self.ctx.store, rel_type, rels)


def can_parse_ahead(store: GraphStore, options: LoadOptions) -> bool:
    """Whether a forked child may read while this process writes (see the module doc)."""
    return (
        options.parse_ahead
        and bool(getattr(store, "forkable_reads", False))
        and "fork" in multiprocessing.get_all_start_methods()
    )


def load_parsing_ahead(
    ctx: LoadContext,
    files: Sequence[tuple[Source, Path]],
    options: LoadOptions,
    load_all: LoadAll,
) -> LoadReport:
    """Run ``load_all`` in a forked child that sends its batches here to be written; the
    report is the child's, with the counts of what was written here."""
    forking = multiprocessing.get_context("fork")
    receiver, sender = forking.Pipe(duplex=False)
    child_options = dataclasses.replace(options, progress=None)
    show_progress = options.progress is not None
    child = forking.Process(
        target=_read_in_child,
        args=(sender, ctx, files, child_options, load_all),
        kwargs={"show_progress": show_progress},
        name="zhiqian-load-reader",
        daemon=True,
    )
    child.start()
    sender.close()
    try:
        report, tallies = _write_what_arrives(receiver, DirectWriter(ctx), options)
    except BaseException:
        child.kill()
        raise
    finally:
        child.join()
        receiver.close()
    return _with_tallies(report, tallies)


def _write_what_arrives(
    receiver: Connection, writer: DirectWriter, options: LoadOptions
) -> tuple[LoadReport, dict[int, WriteTally]]:
    tallies: dict[int, WriteTally] = {}
    current = 0
    while True:
        try:
            message = receive(receiver)
        except EOFError:
            raise RuntimeError("the load's reading process ended without a report") from None
        kind = message[0]
        if kind == "batch":
            _add(tallies, current, writer.batch(unpack(message[1], message[2])))
        elif kind == "rels":
            _add(tallies, current, writer.relationships(TYPES[message[1]], message[2]))
        elif kind == "file":
            current = message[1]
        elif kind == "progress" and options.progress is not None:
            getattr(options.progress, message[1])(*message[2:])
        elif kind == "done":
            return message[1], tallies
        elif kind == "failed":
            raise message[1]


def _add(tallies: dict[int, WriteTally], index: int, tally: WriteTally) -> None:
    total = tallies.setdefault(index, WriteTally())
    total.nodes += tally.nodes
    total.edges += tally.edges
    total.skipped += tally.skipped


def _with_tallies(report: LoadReport, tallies: dict[int, WriteTally]) -> LoadReport:
    files = []
    for index, file in enumerate(report.files):
        tally = tallies.get(index)
        files.append(
            file
            if tally is None
            else file.model_copy(
                update={
                    "nodes_written": file.nodes_written + tally.nodes,
                    "edges_written": file.edges_written + tally.edges,
                    "edges_skipped": file.edges_skipped + tally.skipped,
                }
            )
        )
    return report.model_copy(update={"files": tuple(files)})


# ---------------------------------------------------------------- in the child


def _read_in_child(
    sender: Connection,
    ctx: LoadContext,
    files: Sequence[tuple[Source, Path]],
    options: LoadOptions,
    load_all: LoadAll,
    *,
    show_progress: bool,
) -> None:
    outbox = Outbox(sender)
    if show_progress:
        options = dataclasses.replace(options, progress=_ProgressRelay(outbox))
    try:
        outbox.send(("done", load_all(ctx, files, options, _SendingWriter(outbox))))
    except BaseException as exc:  # everything reaches the parent, which raises it
        outbox.send(("failed", _portable(exc)))
    finally:
        outbox.close()
        sender.close()


def _portable(exc: BaseException) -> BaseException:
    """The exception itself when it survives pickling, else a RuntimeError with its text."""
    try:
        copy: BaseException = pickle.loads(pickle.dumps(exc))
    except Exception:
        return RuntimeError(f"{type(exc).__name__}: {exc}")
    return copy


@dataclass(slots=True)
class PackedRows:
    """The child's batch: each row's output as plain values, which travel several times
    faster than a merged batch; the parent merges them (:func:`unpack`), which also moves
    that work to the process that has time for it."""

    rows: int = 0
    packed: list[PackedRow] = field(default_factory=list)

    @property
    def holds_writes(self) -> bool:
        return bool(self.packed)

    def add(self, out: RowOut) -> None:
        self.rows += 1
        if out.nodes or out.stubs or out.rels or out.areas:
            self.packed.append(pack_row(out))


def unpack(rows: int, packed: list[PackedRow]) -> Batch:
    """The batch of ``rows`` rows whose output is ``packed``."""
    batch = Batch(rows=rows)
    for row in packed:
        batch.add_packed(row)
    return batch


class _SendingWriter:
    """The child's writer: sends each batch to the parent (which counts what it writes)."""

    def __init__(self, outbox: Outbox) -> None:
        self.outbox = outbox

    def new_batch(self) -> PackedRows:
        return PackedRows()

    def start_file(self, index: int) -> None:
        self.outbox.send(("file", index))

    def batch(self, batch: PackedRows) -> WriteTally:
        self.outbox.send(("batch", batch.rows, batch.packed))
        return WriteTally()

    def relationships(self, rel_type: RelType, rels: list[RelRow]) -> WriteTally:
        self.outbox.send(("rels", rel_type.value, rels))
        return WriteTally()


class _ProgressRelay:
    """The child's progress: relayed to the parent, which shows it as batches are written."""

    def __init__(self, outbox: Outbox) -> None:
        self.outbox = outbox

    def start(self, name: str, total: int | None) -> None:
        self._send("start", name, total)

    def advance(self, rows: int) -> None:
        self._send("advance", rows)

    def finish(self) -> None:
        self._send("finish")

    def _send(self, *message: Any) -> None:
        self.outbox.send(("progress", *message))
