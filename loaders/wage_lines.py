"""The fast path for payroll lines, the largest input by far (several lines per worker).

A line whose every cell parses cleanly and whose worker is on the project's roster is
folded straight into the worker's employment, exactly as the generic path would do it
(:class:`loaders.cells.RowParser`, then :func:`loaders.rows.wages`). Each distinct cell
text is parsed once (by the same cell parsers) and remembered; a worker's resident id is
validated and hashed once for their consecutive lines. Any other line (an empty required
cell, a value that does not parse, a worker without a roster row) is left to the generic
path, which rejects it with the usual message.
"""

from __future__ import annotations

from typing import Any

from graph.errors import InvalidValue
from loaders.cells import CACHE_LIMIT, CellOptions, parse_cell
from loaders.columns import Column
from loaders.context import Employment, LoadContext
from loaders.headers import HeaderMap

_FOLDED = frozenset({"project", "resident_id", "month", "due", "paid", "paid_on", "via"})


class WageLineFastPath:
    """Folds well-formed wage lines; ``__call__`` says whether it took the line."""

    def __init__(self, columns: dict[str, tuple[int, Column]], ctx: LoadContext) -> None:
        self.ctx = ctx
        self.columns = columns
        self.memos: dict[str, dict[str, Any]] = {name: {} for name in columns}
        index = {name: i for name, (i, _) in columns.items()}
        self.project, self.rid = index["project"], index["resident_id"]
        self.month, self.due, self.paid = index["month"], index["due"], index["paid"]
        self.paid_on, self.via = index.get("paid_on"), index.get("via")
        self.employment = ctx.employment
        # consecutive lines of one worker on one project share their employment
        self.last: tuple[str, str, Employment] | None = None

    @classmethod
    def for_header(cls, header: HeaderMap, ctx: LoadContext) -> WageLineFastPath | None:
        """The fast path for a wages file with this header (None when it has other columns)."""
        columns = {column.name: (i, column) for i, column in header.columns}
        if not columns.keys() <= _FOLDED or header.missing_required:
            return None
        return cls(columns, ctx)

    def __call__(self, cells: list[str]) -> bool:
        try:
            return self._fold(cells)
        except KeyError:  # a cell text not seen before in this file
            pass
        except IndexError:
            return False
        if not self._learn(cells):
            return False
        try:
            return self._fold(cells)
        except (KeyError, IndexError):
            return False

    def _fold(self, cells: list[str]) -> bool:
        memos = self.memos
        month = memos["month"][cells[self.month]]
        due = memos["due"][cells[self.due]]
        paid = memos["paid"][cells[self.paid]]
        paid_on = None if self.paid_on is None else memos["paid_on"][cells[self.paid_on]]
        if self.via is not None:
            memos["via"][cells[self.via]]  # only validated, as the generic path does
        rid, project = cells[self.rid], cells[self.project]
        last = self.last
        if last is not None and last[0] == rid and last[1] == project:
            job = last[2]
        else:
            key = (memos["resident_id"][rid], memos["project"][project])
            found = self.employment.get(key)
            if found is None:
                return False
            self.ctx.employment_changed.add(key)
            job = found
            self.last = (rid, project, job)
        job.months[month] = (due, paid)
        if paid_on and (job.last_paid_on is None or paid_on > job.last_paid_on):
            job.last_paid_on = paid_on
        return True

    def _learn(self, cells: list[str]) -> bool:
        """Parse the row's unseen cells into the memos; False when one does not parse."""
        options: CellOptions = self.ctx.options
        for name, (index, column) in self.columns.items():
            if index >= len(cells):
                return False
            memo, raw = self.memos[name], cells[index]
            if raw in memo:
                continue
            text = raw.strip()
            if not text:
                if column.required:
                    return False
                value: Any = None
            else:
                try:
                    value = parse_cell(column, text, options)
                except InvalidValue:
                    return False
                if name == "resident_id":
                    value = self.ctx.pid(value)
            if len(memo) >= CACHE_LIMIT:
                memo.clear()
            memo[raw] = value
        return True
