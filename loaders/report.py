"""What a load tells its caller: per-file counts, row errors and the rejects file.

A :class:`RowError` names file, line, column, value and reason, in the one format the
project uses (``enterprises.csv line 14, column 统一社会信用代码: '91310115MA1K3' fails its
check character``). Values of resident ids and phones are masked before they get here.
Rejected rows are written to ``<file>.rejects.csv`` (UTF-8 with BOM, so Excel opens it):
the original row (resident ids and phones masked) plus 行号, 列, 值, 原因.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from pydantic import BaseModel, ConfigDict, Field

MAX_LISTED = 50
"""Messages kept in a report per file; the rejects file has every one."""
REJECT_COLUMNS = ("行号", "列", "值", "原因")


@dataclass(frozen=True, slots=True)
class RowError:
    """One bad cell or row."""

    file: str
    line: int
    column: str
    value: str
    reason: str

    @property
    def message(self) -> str:
        return f"{self.file} line {self.line}, column {self.column}: {self.value!r} {self.reason}"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class FileReport(_Frozen):
    """The outcome of loading one file."""

    file: str = Field(title="文件")
    source: str = Field(title="数据类别")
    encoding: str | None = Field(None, title="编码")
    rows: int = Field(0, title="数据行数")
    loaded: int = Field(0, title="已导入")
    rejected: int = Field(0, title="已拒绝")
    warnings: int = Field(0, title="警告")
    nodes_written: int = Field(0, title="写入节点")
    edges_written: int = Field(0, title="写入关系")
    edges_skipped: int = Field(0, title="因端点缺失跳过的关系")
    seconds: float = Field(0.0, title="耗时（秒）")
    errors: tuple[str, ...] = Field((), title="错误（前 50 条）")
    warning_messages: tuple[str, ...] = Field((), title="警告（前 50 条）")
    rejects_file: str | None = Field(None, title="拒绝行文件")
    fatal: str | None = Field(None, title="整个文件无法导入的原因")


class LoadReport(_Frozen):
    """The outcome of a load: one report per file, and whether anything was written."""

    strict: bool = Field(False, title="严格模式")
    written: bool = Field(True, title="已写入")
    files: tuple[FileReport, ...] = Field((), title="文件")

    @property
    def rejected(self) -> int:
        return sum(f.rejected for f in self.files)

    @property
    def fatal(self) -> int:
        return sum(1 for f in self.files if f.fatal)

    @property
    def exit_code(self) -> int:
        """0 when the load did what was asked (rejects allowed unless strict), else 2."""
        if self.fatal or (self.strict and self.rejected):
            return 2
        return 0


@dataclass(slots=True)
class FileStats:
    """The mutable tally kept while a file loads; frozen into a :class:`FileReport`."""

    file: str
    source: str
    encoding: str | None = None
    rows: int = 0
    rejected_lines: set[int] = field(default_factory=set)
    warnings: int = 0
    nodes_written: int = 0
    edges_written: int = 0
    edges_skipped: int = 0
    errors: list[str] = field(default_factory=list)
    warning_messages: list[str] = field(default_factory=list)
    rejects_file: str | None = None
    fatal: str | None = None

    def error(self, error: RowError) -> None:
        self.rejected_lines.add(error.line)
        if len(self.errors) < MAX_LISTED:
            self.errors.append(error.message)

    def warn(self, message: str) -> None:
        self.warnings += 1
        if len(self.warning_messages) < MAX_LISTED:
            self.warning_messages.append(message)

    def freeze(self, seconds: float) -> FileReport:
        rejected = len(self.rejected_lines)
        return FileReport(
            file=self.file,
            source=self.source,
            encoding=self.encoding,
            rows=self.rows,
            loaded=self.rows - rejected if not self.fatal else 0,
            rejected=rejected,
            warnings=self.warnings,
            nodes_written=self.nodes_written,
            edges_written=self.edges_written,
            edges_skipped=self.edges_skipped,
            seconds=round(seconds, 3),
            errors=tuple(self.errors),
            warning_messages=tuple(self.warning_messages),
            rejects_file=self.rejects_file,
            fatal=self.fatal,
        )


class RejectsWriter:
    """Writes ``<file>.rejects.csv`` lazily: no bad row, no file (a stale one is removed)."""

    def __init__(self, directory: Path, file_name: str, header: list[str]) -> None:
        self.path = directory / f"{file_name}.rejects.csv"
        self._header = header
        self._handle: IO[str] | None = None
        self._csv: Any = None
        self.path.unlink(missing_ok=True)

    def write(self, cells: list[str], error: RowError) -> None:
        """One line per error: the original cells, then 行号, 列, 值, 原因."""
        if self._handle is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._handle = self.path.open("w", encoding="utf-8-sig", newline="")
            self._csv = csv.writer(self._handle)
            self._csv.writerow([*self._header, *REJECT_COLUMNS])
        width = len(self._header)
        row = (cells + [""] * width)[:width]
        self._csv.writerow([*row, error.line, error.column, error.value, error.reason])

    @property
    def used(self) -> bool:
        return self._handle is not None

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
