"""Loading a directory of agency files into the graph: streamed, validated, idempotent.

Files are found by each source's ``file_stem`` (``rosters.csv``, ``rosters.xlsx``, or a
series such as ``wages-2024-01.csv`` / ``wages_2024_02.xlsx``) and loaded in
:data:`~loaders.columns.SOURCES` order. Every bad row becomes a :class:`RowError` and a
line of ``<rejects_dir>/<file>.rejects.csv``; good rows are written in batches. With
``strict`` every file is validated first and nothing is written if any row is bad.
All writes are upserts by natural key, so loading the same files twice changes nothing.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path

from graph.collector import collector_paused
from graph.enums import RelType
from graph.errors import InvalidValue
from graph.settings import Settings
from graph.store.protocol import GraphStore
from graph.values import mask_phone, mask_resident_id
from loaders.batch import Batch, WriteTally, employment_batches
from loaders.cells import CellOptions, RowParser
from loaders.columns import SOURCES, ColumnKind, Source
from loaders.context import LoadContext
from loaders.headers import HeaderMap, map_header
from loaders.options import DEFAULT_BATCH_SIZE, LoadOptions, Progress
from loaders.pipeline import (
    DirectWriter,
    Rows,
    Writer,
    can_parse_ahead,
    load_parsing_ahead,
)
from loaders.readers import SUPPORTED_SUFFIXES, Table, open_table
from loaders.report import FileReport, FileStats, LoadReport, RejectsWriter, RowError
from loaders.rows import BUILDERS, Row, RowOut, RowProblem
from loaders.wage_lines import WageLineFastPath

FAST_PATHS = {"wages": WageLineFastPath.for_header}
"""Sources with a fast path for well-formed rows (other rows take the generic path)."""

_MASKED_KINDS = (ColumnKind.RESIDENT_ID, ColumnKind.PHONE)


def discover(directory: Path) -> list[tuple[Source, Path]]:
    """The input files of a directory, in load order (sources, then file names)."""
    files = sorted(p for p in directory.iterdir() if p.is_file() and not p.name.startswith("~$"))
    found = []
    for source in SOURCES:
        for path in files:
            if path.suffix.lower() in SUPPORTED_SUFFIXES and _is_of(path.stem, source.file_stem):
                found.append((source, path))
    return found


def _is_of(stem: str, file_stem: str) -> bool:
    return stem == file_stem or stem.startswith((file_stem + "-", file_stem + "_"))


def load_directory(
    store: GraphStore,
    directory: Path,
    settings: Settings,
    *,
    strict: bool = False,
    progress: Progress | None = None,
    rejects_dir: Path | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    parse_ahead: bool = True,
) -> LoadReport:
    """Load every source file found in ``directory`` (see :func:`discover`); with
    ``parse_ahead`` (where the store allows it) rows are read in a second process while
    this one writes (:mod:`loaders.pipeline`).

    Raises :class:`InvalidValue` when the directory does not exist or holds no input file.
    """
    if not directory.is_dir():
        raise InvalidValue("directory", str(directory), "is not a directory")
    files = discover(directory)
    if not files:
        stems = ", ".join(s.file_stem for s in SOURCES)
        raise InvalidValue("directory", str(directory), f"holds no input file ({stems})")
    options = LoadOptions(
        rejects_dir or directory / "rejects", strict, batch_size, progress, parse_ahead
    )
    report = load_files(store, files, settings, options)
    signals = [_load_signals(store, path, strict) for path in _signal_files(directory)]
    if not signals or not report.written:
        return report
    return report.model_copy(update={"files": (*report.files, *signals)})


def _signal_files(directory: Path) -> list[Path]:
    """Risk signals (signals.csv, signals-2025-10.xlsx …): loaded after the sources."""
    return sorted(
        p
        for p in directory.iterdir()
        if p.suffix.lower() in (".csv", ".xlsx") and _is_of(p.stem, "signals")
    )


def _load_signals(store: GraphStore, path: Path, strict: bool) -> FileReport:
    """Load one signals file; with ``strict`` a file with a bad row is not written at all."""
    from loaders.signals import SignalReport, load_signals, read_signals

    started = time.perf_counter()
    if strict:
        check = SignalReport(path.name)
        for _ in read_signals(path, check):
            pass
        if check.errors:
            return FileReport(
                file=path.name,
                source="signals",
                rows=check.read,
                rejected=len(check.errors),
                errors=tuple(check.errors[:50]),
                fatal="严格模式：信号文件有错误行，未写入",
            )
    done = load_signals(store, path)
    return FileReport(
        file=path.name,
        source="signals",
        rows=done.read,
        loaded=done.written,
        rejected=len(done.errors),
        nodes_written=done.written,
        edges_written=done.linked,
        edges_skipped=done.unlinked,
        seconds=time.perf_counter() - started,
        errors=tuple(done.errors[:50]),
    )


def load_file(
    store: GraphStore,
    path: Path,
    source: Source,
    settings: Settings,
    *,
    strict: bool = False,
    progress: Progress | None = None,
    rejects_dir: Path | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
) -> LoadReport:
    """Load one file of the given source."""
    options = LoadOptions(rejects_dir or path.parent / "rejects", strict, batch_size, progress)
    return load_files(store, [(source, path)], settings, options)


def load_files(
    store: GraphStore,
    files: Sequence[tuple[Source, Path]],
    settings: Settings,
    options: LoadOptions,
) -> LoadReport:
    """Load the files in order; with ``options.strict``, validate all of them first."""
    if options.strict:
        check = _run(store, files, settings, options, write=False)
        if check.exit_code:
            return check.model_copy(update={"written": False})
    return _run(store, files, settings, options, write=True)


def _run(
    store: GraphStore,
    files: Sequence[tuple[Source, Path]],
    settings: Settings,
    options: LoadOptions,
    *,
    write: bool,
) -> LoadReport:
    ctx = LoadContext(store, settings.pseudonymiser(), CellOptions(settings.allow_synthetic_ids))
    with collector_paused(freeze_after=True):
        if write and can_parse_ahead(store, options):
            return load_parsing_ahead(ctx, files, options, load_all)
        return load_all(ctx, files, options, DirectWriter(ctx) if write else None)


def load_all(
    ctx: LoadContext,
    files: Sequence[tuple[Source, Path]],
    options: LoadOptions,
    writer: Writer | None,
) -> LoadReport:
    """Load (or, without a writer, only validate) the files in order. The EMPLOYED_BY edges
    are written once, by the last roster or wage file (wage lines complete the roster's)."""
    employment_files = [i for i, (s, _) in enumerate(files) if s.name in _EMPLOYMENT_SOURCES]
    last = employment_files[-1] if employment_files else -1
    reports = []
    for index, (source, path) in enumerate(files):
        if writer is not None:
            writer.start_file(index)
        load = _FileLoad(ctx, source, path, options, writer, flush_employment=index == last)
        reports.append(load.run())
    return LoadReport(strict=options.strict, written=writer is not None, files=tuple(reports))


_EMPLOYMENT_SOURCES = frozenset({"rosters", "wages"})


class _FileLoad:
    """Loading (or, when not ``write``, only validating) one file."""

    def __init__(
        self,
        ctx: LoadContext,
        source: Source,
        path: Path,
        options: LoadOptions,
        writer: Writer | None,
        *,
        flush_employment: bool = False,
    ) -> None:
        self.ctx, self.source, self.path = ctx, source, path
        self.options, self.writer = options, writer
        self.write = writer is not None
        self.flush_employment = flush_employment
        self.stats = FileStats(path.name, source.name)
        self.builder = BUILDERS[source.name]
        self.late: list[tuple[int, list[str], RowOut]] = []
        self.reported = 0

    def run(self) -> FileReport:
        started = time.perf_counter()
        try:
            table = open_table(self.path)
        except (InvalidValue, OSError) as exc:
            self.stats.fatal = f"{self.path.name}: {exc}"
            return self.stats.freeze(time.perf_counter() - started)
        try:
            self.stats.encoding = table.encoding
            self._load(table)
        finally:
            table.close()
        if self.flush_employment:
            self._write_employment()
        return self.stats.freeze(time.perf_counter() - started)

    def _write_employment(self) -> None:
        """The EMPLOYED_BY edges of every employment the load's roster and wage rows changed."""
        if self.writer is None:
            return
        for rels in employment_batches(self.ctx, self.options.batch_size):
            self._tally(self.writer.relationships(RelType.EMPLOYED_BY, rels))

    def _load(self, table: Table) -> None:
        header = map_header(self.source, table.header)
        if header.missing_required:
            missing = "、".join(f"{c.zh} ({c.name})" for c in header.missing_required)
            self.stats.fatal = f"{self.path.name}: missing required column {missing}"
            return
        self._warn_header(header)
        self.header = header
        self.rejects = RejectsWriter(self.options.rejects_dir, self.path.name, table.header)
        self.masked = [i for i, c in header.columns if c.kind in _MASKED_KINDS]
        progress = self.options.progress
        if progress:
            label = self.path.name if self.write else f"校验 {self.path.name}"
            progress.start(label, table.total_rows)
        try:
            self._rows(table)
        finally:
            self.rejects.close()
            if progress:
                progress.finish()
        self.stats.rejects_file = str(self.rejects.path) if self.rejects.used else None

    def _warn_header(self, header: HeaderMap) -> None:
        for text in header.unknown:
            self.stats.warn(f"{self.path.name}: unknown column {text!r} ignored")
        for text in header.duplicates:
            self.stats.warn(f"{self.path.name}: column {text!r} repeats another; the first is used")

    def _rows(self, table: Table) -> None:
        batch = self._new_batch()
        parser = RowParser(self.header.columns, self.ctx.options)
        empty: Row = {c.name: None for c in self.source.columns}
        fast_path = FAST_PATHS.get(self.source.name)
        fast = fast_path(self.header, self.ctx) if fast_path is not None else None
        stats, batch_size = self.stats, self.options.batch_size
        for line, cells in table.rows:
            stats.rows += 1
            if fast is not None and fast(cells):
                batch.rows += 1
            else:
                row = dict(empty)
                problems = parser.parse(cells, row)
                if problems:
                    self._reject(cells, [self._error(line, *problem) for problem in problems])
                    continue
                errors: list[RowError] = []
                out = self._build(line, row, errors)
                if out is None:
                    self._reject(cells, errors)
                    continue
                if out.late:
                    self.late.append((line, cells, out))
                batch.add(out)
            if batch.rows >= batch_size:
                batch = self._flush(batch)
        self._flush(batch)
        self._check_late()

    def _build(self, line: int, row: Row, errors: list[RowError]) -> RowOut | None:
        """The row's output, or None with the problem appended to ``errors``."""
        out = RowOut()
        try:
            self.builder(row, self.ctx, out)
        except RowProblem as problem:
            errors.append(self._error(line, problem.column, problem.value, problem.reason))
            return None
        for warning in out.warnings:
            self.stats.warn(
                self._error(line, warning.column, warning.value, warning.reason).message
            )
        return out

    def _error(self, line: int, column: str, value: object, reason: str) -> RowError:
        title = self.header.titles.get(column) or column
        return RowError(self.path.name, line, title, str(value), reason)

    def _reject(self, cells: list[str], errors: list[RowError]) -> None:
        shown = list(cells)
        for index in self.masked:
            if index < len(shown) and shown[index].strip():
                shown[index] = _mask(shown[index].strip())
        for error in errors:
            self.stats.error(error)
            self.rejects.write(shown, error)

    def _new_batch(self) -> Rows:
        return self.writer.new_batch() if self.writer is not None else Batch()

    def _flush(self, batch: Rows) -> Rows:
        if batch.holds_writes and self.writer is not None:
            self._tally(self.writer.batch(batch))
        if self.options.progress and self.stats.rows > self.reported:
            self.options.progress.advance(self.stats.rows - self.reported)
            self.reported = self.stats.rows
        return self._new_batch()

    def _tally(self, tally: WriteTally) -> None:
        self.stats.nodes_written += tally.nodes
        self.stats.edges_written += tally.edges
        self.stats.edges_skipped += tally.skipped

    def _check_late(self) -> None:
        """References that may be satisfied later in the same file (a superior agency)."""
        for line, cells, out in self.late:
            for label, key, column in out.late:
                if key not in self.ctx.keys(label):
                    reason = f"is not a known {label.value} (in the store or this file)"
                    self._reject(cells, [self._error(line, column, key, reason)])


def _mask(text: str) -> str:
    if len(text) == 18:
        return mask_resident_id(text)
    return mask_phone(text)
