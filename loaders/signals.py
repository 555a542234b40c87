"""Loading the signals agencies share (预警信号): one CSV/XLSX row per signal.

A signal has a kind (:data:`SIGNAL_KINDS`), a source agency, a date, an optional month
(for monthly series: wage-account inflows and payouts, attendance), the enterprise and/or
project it is about, an amount in yuan and a head count where relevant, and the record it
came from. Each row becomes a Signal node (id stable across reloads: from the source
agency and the row's 记录编号, or from the row's content when it has none) with ABOUT
relationships to the enterprise and project when they exist. Bad cells are reported as
``file line N, column X: 'v' reason`` and their rows left out.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from graph.enums import SIGNAL_KINDS as ENUM_SIGNAL_KINDS
from graph.enums import Label, RelType
from graph.errors import InvalidValue
from graph.ids import enterprise_key
from graph.store.protocol import GraphStore
from graph.store.records import NodeRef, RelRecord
from loaders.cells import CACHE_LIMIT, CellOptions, parse_cell
from loaders.columns import Column, ColumnKind, Source
from loaders.headers import map_header
from loaders.readers import open_table
from loaders.report import RowError

SIGNAL_KINDS = ENUM_SIGNAL_KINDS
"""Signal kind token → Chinese name (defined once, in graph.enums)."""

_KIND_ALIASES = {
    "专户入账": "wage_account_inflow",
    "人工费拨付": "wage_account_inflow",
    "人工费用拨付": "wage_account_inflow",
    "专户代发": "wage_account_payout",
    "工资发放": "wage_account_payout",
    "考勤记录": "attendance",
    "社保欠缴": "social_insurance_arrears",
    "欠缴社保": "social_insurance_arrears",
    "税务欠缴": "tax_arrears",
    "欠缴税款": "tax_arrears",
    "欠缴水电费": "utility_arrears",
    "水电欠费": "utility_arrears",
    "经营异常名录": "abnormal_operation",
    "企业裁员每日一报": "layoff",
    "裁员报告": "layoff",
    "网络舆情": "public_opinion",
    "负面新闻": "public_opinion",
    "投诉举报": "complaint",
    "上访": "petition",
    "违法行为": "violation",
    "行政处罚": "violation",
    "以往违法": "violation",
}

C, K = Column, ColumnKind
SIGNALS = Source(
    "signals",
    "预警信号",
    "signals",
    (
        C("record_id", "记录编号", K.TEXT, aliases=("编号", "来源记录号")),
        C("kind", "信号类别", K.TEXT, True, ("类别", "信号类型")),
        C("source_agency", "来源部门", K.TEXT, True, ("来源单位", "报送部门")),
        C("date", "日期", K.DATE, True, ("报送日期", "发生日期")),
        C("period", "月份", K.MONTH, aliases=("所属月份", "考勤月份")),
        C("uscc", "统一社会信用代码", K.USCC, aliases=("信用代码",)),
        C("enterprise_name", "企业名称", K.NAME, aliases=("单位名称",)),
        C("project", "项目编号", K.TEXT, aliases=("项目代码",)),
        C("amount", "金额（元）", K.YUAN, aliases=("金额",)),
        C("count", "人数", K.INT, aliases=("涉及人数", "考勤人数")),
        C("detail", "详情", K.TEXT, aliases=("说明", "摘要")),
    ),
    "signals shared by agencies (wage account, attendance, arrears, layoffs, 舆情 …)",
)

_BATCH = 5000


def signal_kind(text: str) -> str:
    """The kind token of a Chinese or English signal word; raises InvalidValue otherwise."""
    word = unicodedata.normalize("NFKC", text).strip()
    if word.lower() in SIGNAL_KINDS:
        return word.lower()
    found = _KIND_ALIASES.get(word) or {v: k for k, v in SIGNAL_KINDS.items()}.get(word)
    if found is None:
        raise InvalidValue("kind", text, f"is not one of {'、'.join(SIGNAL_KINDS.values())}")
    return found


def signal_id(props: dict[str, Any], record_id: str | None) -> str:
    """'S-' + a digest of the source agency and record id, or of the row's content."""
    if record_id:
        basis = f"{props['source_agency']}|{record_id}"
    else:
        keys = (
            "kind",
            "source_agency",
            "date",
            "period",
            "enterprise",
            "project",
            "amount",
            "count",
            "detail",
        )
        basis = "|".join(str(props.get(k, "")) for k in keys)
    return "S-" + hashlib.sha256(basis.encode()).hexdigest()[:20].upper()


def signal_props(row: dict[str, Any], record: str) -> dict[str, Any]:
    """The Signal node's properties from a parsed row (None left out)."""
    if not (row.get("uscc") or row.get("enterprise_name") or row.get("project")):
        raise InvalidValue(
            "统一社会信用代码", "", "is empty: a signal needs an enterprise or a project"
        )
    props = {
        "kind": row["kind"],
        "source_agency": row["source_agency"],
        "date": row["date"],
        "period": row.get("period"),
        "amount": row.get("amount"),
        "count": row.get("count"),
        "detail": row.get("detail"),
        "project": row.get("project"),
        "record": record,
        "enterprise": enterprise_key(row.get("uscc"), row.get("enterprise_name") or "")
        if row.get("uscc") or row.get("enterprise_name")
        else None,
    }
    clean = {k: v for k, v in props.items() if v is not None}
    clean["id"] = signal_id(clean, row.get("record_id"))
    return clean


def about(props: dict[str, Any]) -> list[RelRecord]:
    """ABOUT relationships of a signal to its enterprise and project."""
    src = NodeRef(Label.SIGNAL, props["id"])
    targets = [NodeRef(Label.ENTERPRISE, props["enterprise"])] if "enterprise" in props else []
    targets += [NodeRef(Label.PROJECT, props["project"])] if "project" in props else []
    return [RelRecord(RelType.ABOUT, src, dst) for dst in targets]


@dataclass(slots=True)
class SignalReport:
    """What a load did: rows read, signals written, links skipped, bad rows."""

    file: str
    read: int = 0
    written: int = 0
    linked: int = 0
    unlinked: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def exit_code(self) -> int:
        return 2 if self.errors else 0


def _parse(
    line: int,
    cells: list[str],
    columns: tuple[tuple[int, Column], ...],
    file: str,
    memo: dict[tuple[str, str], Any],
) -> tuple[dict[str, Any], list[RowError]]:
    """The row's values and bad cells. Agencies, kinds, dates and enterprises repeat from
    row to row, so each good cell text is parsed once per file (``memo``)."""
    row: dict[str, Any] = {}
    errors = []
    for index, column in columns:
        text = cells[index].strip() if index < len(cells) else ""
        value = memo.get((column.name, text), _UNSEEN)
        if value is _UNSEEN:
            try:
                value = _cell_value(column, text)
            except InvalidValue as exc:
                errors.append(RowError(file, line, column.zh, str(exc.value), exc.reason))
                value = None
            else:
                if len(memo) >= CACHE_LIMIT:
                    memo.clear()
                memo[(column.name, text)] = value
        row[column.name] = value
        if column.required and not text:
            errors.append(RowError(file, line, column.zh, "", "is required"))
    return row, errors


_UNSEEN = object()


def _cell_value(column: Column, text: str) -> Any:
    value = parse_cell(column, text, CellOptions()) if text else None
    return signal_kind(value) if column.name == "kind" and value else value


def read_signals(path: Path, report: SignalReport) -> Iterator[dict[str, Any]]:
    """Signal node properties of every good row; bad rows go to ``report.errors``."""
    table = open_table(path)
    try:
        header = map_header(SIGNALS, table.header)
        if header.missing_required:
            missing = "、".join(c.zh for c in header.missing_required)
            raise InvalidValue("file", path.name, f"lacks required columns: {missing}")
        memo: dict[tuple[str, str], Any] = {}
        for line, cells in table.rows:
            report.read += 1
            row, errors = _parse(line, cells, header.columns, path.name, memo)
            try:
                props = None if errors else signal_props(row, f"{path.name}:{line}")
            except InvalidValue as exc:
                errors.append(RowError(path.name, line, exc.field, str(exc.value), exc.reason))
            report.errors.extend(e.message for e in errors)
            if props is not None:
                yield props
    finally:
        table.close()


def load_signals(store: GraphStore, path: Path) -> SignalReport:
    """Load a signals file into the store (idempotent); returns what happened."""
    report = SignalReport(path.name)
    batch: list[dict[str, Any]] = []
    for props in read_signals(path, report):
        batch.append(props)
        if len(batch) >= _BATCH:
            _write(store, batch, report)
            batch = []
    _write(store, batch, report)
    return report


def _write(store: GraphStore, batch: list[dict[str, Any]], report: SignalReport) -> None:
    if not batch:
        return
    report.written += store.upsert_nodes(Label.SIGNAL, batch).written
    result = store.upsert_relationships(RelType.ABOUT, [r for p in batch for r in about(p)])
    report.linked += result.written
    report.unlinked += result.skipped
