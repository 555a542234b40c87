"""The case ledger (台账): one row per case with grade, units, leaders, deadline and status,
and its writers (CSV in UTF-8 with BOM so Excel shows Chinese; XLSX with Chinese headers)."""

from __future__ import annotations

import csv
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from graph.areas import area_registry
from graph.enums import RelType
from graph.errors import InvalidValue
from graph.store.protocol import GraphStore
from graph.store.records import CLOSED_CASE_STATES, CaseContext, NodeRecord, NodeRef
from graph.values import fen_to_yuan
from queries.coordination.assign import place_of_employment
from queries.coordination.assignment import GUIDE, LEAD, OWNER
from queries.coordination.lifecycle import STATE_TITLES, deadline_of, history_of
from queries.coordination.policy import GRADE_TITLES, CoordinationPolicy

Period = tuple[date, date]


class LedgerRow(BaseModel):
    """One line of the 台账."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    case_id: str = Field(title="案件编号")
    received_at: str = Field(title="受理日期")
    district: str = Field(title="区划代码")
    district_name: str = Field(title="所在区")
    street_name: str = Field(title="所在街镇")
    grade: str = Field(title="等级代码")
    grade_title: str = Field(title="风险等级")
    lead_unit: str = Field(title="主办单位")
    owner: str = Field(title="包案领导")
    guide: str = Field(title="指导领导")
    supervisor: str = Field(title="督办单位")
    deadline: str = Field(title="办理期限")
    days_left: int | None = Field(title="剩余天数（负数为逾期）")
    status: str = Field(title="状态代码")
    status_title: str = Field(title="办理状态")
    workers: int = Field(title="涉及人数")
    amount_yuan: float = Field(title="欠薪金额（元）")


def closed_on(case: NodeRecord) -> date | None:
    """The day the case reached a closed state (no history: ``closed_at``, else received)."""
    if str(case.get("status", "received")) not in CLOSED_CASE_STATES:
        return None
    ends = [e.day for e in history_of(case) if e.to_state in CLOSED_CASE_STATES]
    undated = case.get("closed_at") or case.get("received_at")
    return ends[-1] if ends else date.fromisoformat(str(undated)[:10])


def in_period(case: NodeRecord, period: Period | None) -> bool:
    """Received by the period's end and not closed before its start."""
    if period is None:
        return True
    received = date.fromisoformat(str(case.get("received_at"))[:10])
    ended = closed_on(case)
    return received <= period[1] and (ended is None or ended >= period[0])


def district_of(ctx: CaseContext) -> str:
    place = place_of_employment(ctx)
    return place[:6] if place else ""


def select(
    contexts: Iterable[CaseContext],
    district: str | None,
    period: Period | None,
    status: str | None,
) -> list[CaseContext]:
    """Cases of the district (place of employment) active in the period, by status filter:
    None = all, "open" = not closed, else that state."""
    if status not in (None, "open") and status not in STATE_TITLES:
        known = ", ".join(STATE_TITLES)
        raise InvalidValue("status", status, f"is not 'open' or a case state ({known})")
    out = []
    for ctx in contexts:
        if not _status_matches(ctx, status):
            continue
        if (district is None or district_of(ctx) == district) and in_period(ctx.case, period):
            out.append(ctx)
    return out


def _status_matches(ctx: CaseContext, status: str | None) -> bool:
    if status is None:
        return True
    if status == "open":
        return ctx.is_open
    return str(ctx.case.get("status", "received")) == status


def _handler_refs(ctx: CaseContext) -> dict[str, list[NodeRef]]:
    roles: dict[str, list[NodeRef]] = {}
    for rel in ctx.handling:
        if rel.type in (RelType.ASSIGNED_TO, RelType.LED_BY):
            roles.setdefault(rel.key, []).append(rel.dst)
    return roles


def handler_names(store: GraphStore, contexts: Sequence[CaseContext]) -> dict[NodeRef, str]:
    """Display names of the agencies and officials handling the cases (one read)."""
    refs = sorted({r.dst for c in contexts for r in c.handling})
    return {ref: str(n.get("name", ref.key)) for ref, n in store.get_nodes(refs).items()}


def ledger_row(
    ctx: CaseContext,
    names: dict[NodeRef, str],
    policy: CoordinationPolicy,
    today: date,
) -> LedgerRow:
    """The 台账 line of one case."""
    case, reg = ctx.case, area_registry()
    place = place_of_employment(ctx) or ""
    roles = _handler_refs(ctx)

    def who(role: str) -> str:
        return "、".join(names.get(r, r.key) for r in roles.get(role, []))

    deadline = deadline_of(case, policy)
    grade = str(case.get("severity") or "")
    state = str(case.get("status", "received"))
    return LedgerRow(
        case_id=case.ref.key,
        received_at=str(case.get("received_at", ""))[:10],
        district=place[:6],
        district_name=reg.name(place[:6]) if place else "",
        street_name=reg.name(place) if len(place) == 9 else "",
        grade=grade,
        grade_title=_grade_title(grade),
        lead_unit=who(LEAD),
        owner=who(OWNER),
        guide=who(GUIDE),
        supervisor=who("督办"),
        deadline=deadline.due.isoformat() if deadline else "",
        days_left=(deadline.due - today).days if deadline else None,
        status=state,
        status_title=STATE_TITLES.get(state, state),
        workers=int(case.get("workers", 0)),
        amount_yuan=fen_to_yuan(int(case.get("amount_owed", 0))),
    )


def _grade_title(grade: str) -> str:
    known = {g.value: t for g, t in GRADE_TITLES.items()}
    return known.get(grade, "未分级")


def ledger(
    store: GraphStore,
    policy: CoordinationPolicy,
    *,
    district: str | None = None,
    period: Period | None = None,
    status: str | None = "open",
    today: date | None = None,
) -> list[LedgerRow]:
    """The 台账 of a district (or all) over a period, ordered by deadline then case id."""
    contexts = select(store.case_contexts(), district, period, status)
    names = handler_names(store, contexts)
    day = today or date.today()
    rows = [ledger_row(c, names, policy, day) for c in contexts]
    return sorted(rows, key=lambda r: (r.deadline or "9999", r.case_id))


# ------------------------------------------------------------------ writers


def headers() -> list[str]:
    return [f.title or name for name, f in LedgerRow.model_fields.items()]


def _values(row: LedgerRow) -> list[object]:
    return ["" if v is None else v for v in row.model_dump().values()]


def write_csv(rows: Iterable[LedgerRow], path: Path) -> int:
    """Write the ledger as CSV (UTF-8 with BOM); returns the number of rows."""
    count = 0
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(headers())
        for row in rows:
            writer.writerow(_values(row))
            count += 1
    return count


def write_xlsx(rows: Iterable[LedgerRow], path: Path, title: str = "台账") -> int:
    """Write the ledger as XLSX: Chinese headers, frozen header row, fitted column widths."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = title[:31]
    sheet.append(headers())
    count = 0
    for row in rows:
        sheet.append(_values(row))
        count += 1
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for column in sheet.columns:
        width = max(_display_width(str(c.value or "")) for c in column)
        sheet.column_dimensions[column[0].column_letter].width = min(width + 2, 60)
    book.save(path)
    return count


def _display_width(text: str) -> int:
    """Width in Excel units: CJK characters count double."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def write_ledger(rows: Sequence[LedgerRow], path: Path) -> int:
    """Write by suffix: .xlsx or .csv."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        return write_xlsx(rows, path)
    if suffix == ".csv":
        return write_csv(rows, path)
    raise InvalidValue("out", str(path), "must end in .xlsx or .csv")
