"""Reports by cadence (特案专报, 重案月报, 普案季报, 政法委季度台账) and KPIs against targets.

KPIs are computed from each case's state history (docs/coordination.md defines them):
a case's *spans* are the stages it went through, each with the day it entered and left.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from pydantic import BaseModel, ConfigDict, Field

from graph.enums import CaseKind
from graph.errors import InvalidValue
from graph.store.protocol import GraphStore
from graph.store.records import CLOSED_CASE_STATES, CaseContext, NodeRecord
from queries.coordination.ledger import (
    LedgerRow,
    Period,
    district_of,
    handler_names,
    ledger_row,
    select,
)
from queries.coordination.lifecycle import MEDIATION_SUCCESS, STATE_TITLES, history_of
from queries.coordination.policy import CoordinationPolicy, Grade

REPORT_KINDS: dict[str, tuple[str, tuple[Grade, ...], str]] = {
    "special": ("特案专报", (Grade.SPECIAL,), "now"),
    "major_monthly": ("重案月报", (Grade.MAJOR,), "month"),
    "ordinary_quarterly": ("普案季报", (Grade.ORDINARY, Grade.DIFFICULT), "quarter"),
    "plc_quarterly": ("政法委季度台账", tuple(Grade), "quarter"),
}
"""kind → (title, grades included, cadence)."""

KPI_TITLES = {
    "mediation_success": "调解成功率",
    "arbitration_closure": "仲裁结案率",
    "inspection_closure": "监察结案率",
    "complaint_closure": "欠薪投诉办结率",
}
INSPECTION_DONE = frozenset({"return_visit", "closed", "referred_to_police", "transferred_out"})


# ------------------------------------------------------------------ periods


PERIOD_FORMS = "must be YYYY-MM, YYYYQn, YYYY or YYYY-MM-DD..YYYY-MM-DD"
_YEARS = range(1949, 3000)
"""Years a period may name (records outside them are data errors)."""


def _month(year: int, month: int) -> Period:
    nxt = date(year + month // 12, month % 12 + 1, 1)
    return date(year, month, 1), nxt - timedelta(days=1)


def _quarter(year: int, q: int) -> Period:
    return _month(year, 3 * q - 2)[0], _month(year, 3 * q)[1]


def _current(cadence: str, today: date) -> Period:
    if cadence == "quarter":
        return _quarter(today.year, (today.month - 1) // 3 + 1)
    return _month(today.year, today.month) if cadence == "month" else (today, today)


def parse_period(text: str | None, cadence: str, today: date) -> Period:
    """'2025-01' (month), '2025Q1' (quarter), '2025' (year), 'YYYY-MM-DD..YYYY-MM-DD' (range);
    None: the current period of ``cadence``. Anything else (empty text, a year outside 1949–2999,
    month 13, quarter 5, an impossible day, a range that ends before it starts) raises
    :class:`InvalidValue` naming the field ``period`` and the value."""
    if text is None:
        return _current(cadence, today)
    span = _parse(text.strip())
    if span is None:
        raise InvalidValue("period", text, PERIOD_FORMS)
    if span[1] < span[0]:
        raise InvalidValue("period", text, "ends before it starts")
    return span


def _parse(text: str) -> Period | None:
    """The period of a well-formed text, None when it has none of the forms."""
    if re.match(r"\d{4}", text) and int(text[:4]) not in _YEARS:
        raise InvalidValue("period", text, f"names a year outside {_YEARS[0]}–{_YEARS[-1]}")
    if m := re.fullmatch(r"(\d{4})-?Q([1-4])", text, re.IGNORECASE):
        return _quarter(int(m[1]), int(m[2]))
    if m := re.fullmatch(r"(\d{4})-(0[1-9]|1[0-2])", text):
        return _month(int(m[1]), int(m[2]))
    if re.fullmatch(r"\d{4}", text):
        return _month(int(text), 1)[0], _month(int(text), 12)[1]
    if m := re.fullmatch(r"(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})", text):
        return _day(m[1], text), _day(m[2], text)
    return None


def _day(part: str, text: str) -> date:
    try:
        day = date.fromisoformat(part)
    except ValueError as exc:
        raise InvalidValue("period", text, f"names an impossible day {part}") from exc
    if day.year not in _YEARS:
        raise InvalidValue("period", text, f"names a year outside {_YEARS[0]}–{_YEARS[-1]}")
    return day


# ------------------------------------------------------------------ spans


@dataclass(frozen=True, slots=True)
class Span:
    state: str
    entered: date
    left: date | None
    next_state: str | None


def spans(case: NodeRecord) -> list[Span]:
    """The stages of a case in order (a case without history: one span of its status)."""
    start = date.fromisoformat(str(case.get("received_at"))[:10])
    moves = [e for e in history_of(case) if e.from_state != e.to_state]
    if not moves:
        return _imported_spans(case, start)
    out, state, entered = [], moves[0].from_state, start
    for move in moves:
        out.append(Span(state, entered, move.day, move.to_state))
        state, entered = move.to_state, move.day
    out.append(Span(state, entered, None, None))
    return out


def _imported_spans(case: NodeRecord, start: date) -> list[Span]:
    """A case without history: its status since receipt; a closed one with ``closed_at``
    was received on its received day and closed on that day."""
    status = str(case.get("status", "received"))
    closed = case.get("closed_at")
    if status in CLOSED_CASE_STATES and closed:
        end = date.fromisoformat(str(closed)[:10])
        return [Span("received", start, end, status), Span(status, end, None, None)]
    return [Span(status, start, None, None)]


# ------------------------------------------------------------------ KPIs


class Kpi(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")
    name: str = Field(title="指标")
    title: str = Field(title="指标名称")
    numerator: int = Field(title="分子")
    denominator: int = Field(title="分母")
    rate: float | None = Field(title="实际值")
    target: float = Field(title="目标值")
    met: bool | None = Field(title="是否达标")


def _within(day: date | None, period: Period) -> bool:
    return day is not None and period[0] <= day <= period[1]


def mediation_counts(cases: Iterable[NodeRecord], period: Period) -> tuple[int, int]:
    """(successful, concluded) mediations that ended within the period."""
    ended = [
        s for c in cases for s in spans(c) if s.state == "mediation" and _within(s.left, period)
    ]
    return sum(1 for s in ended if s.next_state in MEDIATION_SUCCESS), len(ended)


def _stage_conclusion(
    case: NodeRecord, starts: frozenset[str], done: frozenset[str]
) -> tuple[date, date | None] | None:
    """(entered the stage, concluded) for the first time the case entered ``starts``."""
    seq = spans(case)
    first = next((i for i, s in enumerate(seq) if s.state in starts), None)
    if first is None:
        return None
    end = next((s.entered for s in seq[first + 1 :] if s.state in done), None)
    if seq[first].state in done:
        end = seq[first].entered
    return seq[first].entered, end


def closure_counts(
    cases: Iterable[NodeRecord],
    period: Period,
    starts: frozenset[str],
    done: frozenset[str],
) -> tuple[int, int]:
    """(concluded in period, caseload): caseload = entered by the period end and not
    concluded before its start (旧存 + 新收); concluded = conclusion day within the period."""
    num = den = 0
    for case in cases:
        found = _stage_conclusion(case, starts, done)
        if found is None or found[0] > period[1] or (found[1] and found[1] < period[0]):
            continue
        den += 1
        num += _within(found[1], period)
    return num, den


def _arbitration_done() -> frozenset[str]:
    return frozenset({"handling", "return_visit", "closed", "cancelled", "transferred_out"})


def kpi_counts(cases: Sequence[NodeRecord], period: Period) -> dict[str, tuple[int, int]]:
    """(numerator, denominator) of each KPI over the cases."""
    complaints = [c for c in cases if c.get("kind") == CaseKind.COMPLAINT.value]
    return {
        "mediation_success": mediation_counts(cases, period),
        "arbitration_closure": closure_counts(
            cases, period, frozenset({"arbitration"}), _arbitration_done()
        ),
        "inspection_closure": closure_counts(
            cases, period, frozenset({"inspection_filed"}), INSPECTION_DONE
        ),
        "complaint_closure": closure_counts(
            complaints, period, frozenset(STATE_TITLES), CLOSED_CASE_STATES
        ),
    }


def kpis(cases: Sequence[NodeRecord], period: Period, policy: CoordinationPolicy) -> list[Kpi]:
    """Each KPI with numerator, denominator, rate, target and whether it is met."""
    out = []
    for name, (num, den) in kpi_counts(cases, period).items():
        target = policy.kpi_targets.get(name, 0.0)
        rate = round(num / den, 4) if den else None
        out.append(
            Kpi(
                name=name,
                title=KPI_TITLES[name],
                numerator=num,
                denominator=den,
                rate=rate,
                target=target,
                met=None if rate is None else rate >= target,
            )
        )
    return out


def kpis_by_district(
    store: GraphStore,
    period: Period,
    policy: CoordinationPolicy,
) -> dict[str, list[Kpi]]:
    """KPIs per district of the place of employment (one pass over the cases)."""
    groups: dict[str, list[NodeRecord]] = {}
    for ctx in store.case_contexts():
        groups.setdefault(district_of(ctx), []).append(ctx.case)
    return {d: kpis(cases, period, policy) for d, cases in sorted(groups.items())}


# ------------------------------------------------------------------ reports


class Report(BaseModel):
    """One report: its rows (ledger lines), a summary and the KPIs."""

    model_config = ConfigDict(frozen=True, extra="forbid")
    kind: str = Field(title="报告类别")
    title: str = Field(title="报告名称")
    period_from: str = Field(title="起始日期")
    period_to: str = Field(title="截止日期")
    district: str | None = Field(title="区划代码")
    rows: tuple[LedgerRow, ...] = Field(title="案件")
    summary: dict[str, int | float] = Field(title="汇总")
    kpis: tuple[Kpi, ...] = Field(title="考核指标")


def _summary(rows: Sequence[LedgerRow]) -> dict[str, int | float]:
    grades = Counter(r.grade_title for r in rows)
    out: dict[str, int | float] = {
        "cases": len(rows),
        "workers": sum(r.workers for r in rows),
        "amount_yuan": round(sum(r.amount_yuan for r in rows), 2),
        "overdue": sum(1 for r in rows if r.days_left is not None and r.days_left < 0),
        "open": sum(1 for r in rows if r.status not in CLOSED_CASE_STATES),
    }
    out.update({f"grade:{g}": n for g, n in sorted(grades.items())})
    return out


def report(
    store: GraphStore,
    kind: str,
    policy: CoordinationPolicy,
    *,
    period: str | None = None,
    district: str | None = None,
    today: date | None = None,
) -> Report:
    """A report of ``kind`` (special, major_monthly, ordinary_quarterly, plc_quarterly)."""
    if kind not in REPORT_KINDS:
        raise InvalidValue("kind", kind, f"is not a report kind ({', '.join(REPORT_KINDS)})")
    title, grades, cadence = REPORT_KINDS[kind]
    day = today or date.today()
    span = parse_period(period, cadence, day)
    in_district = select(store.case_contexts(), district, None, None)
    chosen = _report_cases(in_district, grades, cadence, span)
    names = handler_names(store, chosen)
    rows = sorted(
        (ledger_row(c, names, policy, day) for c in chosen),
        key=lambda r: (r.deadline or "9999", r.case_id),
    )
    measured = [] if cadence == "now" else kpis([c.case for c in in_district], span, policy)
    return Report(
        kind=kind,
        title=title,
        period_from=span[0].isoformat(),
        period_to=span[1].isoformat(),
        district=district,
        rows=tuple(rows),
        summary=_summary(rows),
        kpis=tuple(measured),
    )


def _report_cases(
    contexts: Sequence[CaseContext],
    grades: tuple[Grade, ...],
    cadence: str,
    span: Period,
) -> list[CaseContext]:
    """Cases of the grades: open now (特案专报), else active within the period."""
    wanted = {g.value for g in grades}
    if cadence == "now":
        return [c for c in contexts if c.is_open and c.case.get("severity") in wanted]
    return [
        c
        for c in select(contexts, None, span, None)
        if c.case.get("severity") in wanted
        or (Grade.ORDINARY in grades and not c.case.get("severity"))
    ]


__all__ = ["REPORT_KINDS", "Kpi", "Report", "kpis", "kpis_by_district", "parse_period", "report"]
