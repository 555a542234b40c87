"""Ledgers (台账), reports (特案专报 / 重案月报 / 普案季报) and KPI figures: JSON, CSV or XLSX.

Rows carry case ids, units and leaders, never workers' personal data. A district principal
gets its own district by default and may not ask for another (403); a street principal gets
the rows of cases in its street; a city principal may choose any district or none.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from datetime import date
from enum import StrEnum
from pathlib import Path as FilePath
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import Response
from pydantic import Field

from api.deps import Caller, CallerDep, PolicyDep
from api.errors import ERROR_RESPONSES
from api.schemas.common import ApiModel, Page, Paging, StatusQuery, paging
from graph.enums import Label
from graph.errors import Forbidden, InvalidValue
from graph.store.records import NodeRef
from queries.coordination.ledger import LedgerRow, ledger, write_csv, write_xlsx
from queries.coordination.reports import (
    Kpi,
    Report,
    kpis_by_district,
    parse_period,
    report,
)

router = APIRouter(prefix="/v1", tags=["台账与报表 Ledgers"], responses=ERROR_RESPONSES)

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOWNLOADS: dict[int | str, dict[str, Any]] = {200: {"content": {
    "text/csv": {"schema": {"type": "string"}},
    XLSX_TYPE: {"schema": {"type": "string", "format": "binary"}},
}}}


class Format(StrEnum):
    JSON = "json"
    CSV = "csv"
    XLSX = "xlsx"


class ReportKind(StrEnum):
    SPECIAL = "special"
    MAJOR_MONTHLY = "major_monthly"
    ORDINARY_QUARTERLY = "ordinary_quarterly"
    PLC_QUARTERLY = "plc_quarterly"


class DistrictKpis(ApiModel):
    district: str = Field(title="区县代码", examples=["310115"])
    kpis: list[Kpi] = Field(title="考核指标")


class KpiTable(ApiModel):
    period_from: str = Field(title="起始日期", examples=["2024-04-01"])
    period_to: str = Field(title="截止日期", examples=["2024-06-30"])
    districts: list[DistrictKpis] = Field(title="各区指标")


_YEAR, _MONTH, _DAY = r"(19|20)\d{2}", r"(0[1-9]|1[0-2])", r"(0[1-9]|[12]\d|3[01])"
FormatQuery = Annotated[Format, Query(title="格式", openapi_examples={
    "JSON": {"value": "json"}, "Excel": {"value": "xlsx"}})]
LedgerPeriod = Annotated[str | None, Query(
    title="期间", description="YYYY-MM、YYYYQn 或 YYYY-MM-DD..YYYY-MM-DD",
    pattern=rf"^{_YEAR}(-{_MONTH}|-?Q[1-4]|-{_MONTH}-{_DAY}\.\.{_YEAR}-{_MONTH}-{_DAY})$",
    openapi_examples={"季度": {"value": "2024Q2"}})]
LedgerDistrict = Annotated[str | None, Query(
    title="区县代码", pattern=r"^\d{6}$", openapi_examples={"浦东": {"value": "310115"}})]


@router.get(
    "/ledgers/cases",
    summary="案件台账 Case ledger",
    description="每案一行：等级、主办单位、包案/指导领导、督办、期限、剩余天数与状态。"
    "`format=csv|xlsx` 下载全部行（中文表头），`json` 分页返回。",
    response_model=Page[LedgerRow],
    responses=DOWNLOADS,
)
def case_ledger(
    *,
    caller: CallerDep,
    rules: PolicyDep,
    pages: Annotated[Paging, Depends(paging)],
    district: LedgerDistrict = None,
    period: LedgerPeriod = None,
    status: StatusQuery = "open",
    format: FormatQuery = Format.JSON,
) -> Any:
    span = _period(period, "month") if period else None
    chosen = _district(caller, district)
    rows = _in_scope(caller, ledger(caller.store, rules, district=chosen, period=span,
                                    status=status))
    if format is not Format.JSON:
        return _download(rows, format, f"ledger-{chosen or 'all'}")
    return pages.cut(rows)


@router.get(
    "/reports/{kind}",
    summary="报表 Reports",
    description="特案专报（special）、重案月报（major_monthly）、普案季报（ordinary_quarterly）、"
    "政法委季度台账（plc_quarterly）：案件行、汇总与考核指标；`format=csv|xlsx` 下载案件行。",
    response_model=Report,
    responses=DOWNLOADS,
)
def get_report(
    *,
    caller: CallerDep,
    rules: PolicyDep,
    kind: Annotated[ReportKind, Path(title="报表类别", openapi_examples={
        "重案月报": {"value": "major_monthly"}})],
    district: LedgerDistrict = None,
    period: LedgerPeriod = None,
    format: FormatQuery = Format.JSON,
) -> Any:
    chosen = _district(caller, district)
    _period(period, "month")
    answer = report(caller.store, kind.value, rules, period=period, district=chosen)
    answer = answer.model_copy(update={"rows": tuple(_in_scope(caller, list(answer.rows)))})
    if format is not Format.JSON:
        return _download(list(answer.rows), format, f"{kind.value}-{chosen or 'all'}")
    return answer


@router.get(
    "/kpis",
    summary="考核指标 KPI figures",
    description="各区调解成功率、仲裁结案率、监察结案率与欠薪投诉办结率（分子、分母、目标、是否达标）。",
)
def get_kpis(
    caller: CallerDep,
    rules: PolicyDep,
    period: LedgerPeriod = None,
) -> KpiTable:
    span = _period(period, "quarter")
    table = kpis_by_district(caller.store, span, rules)
    scope = caller.principal
    rows = [DistrictKpis(district=d, kpis=k) for d, k in table.items()
            if d and (scope.covers(d) or d == scope.district)]
    return KpiTable(period_from=span[0].isoformat(), period_to=span[1].isoformat(), districts=rows)


def _period(text: str | None, cadence: str) -> tuple[date, date]:
    """The period named by ``text`` (an impossible date such as 2024-02-30 is a 422)."""
    try:
        return parse_period(text, cadence, date.today())
    except ValueError as exc:
        if isinstance(exc, InvalidValue):
            raise
        raise InvalidValue("period", text, f"is not a real period: {exc}") from exc


def _district(caller: Caller, district: str | None) -> str | None:
    """The district to report on: the principal's own by default; others only within scope."""
    principal = caller.principal
    if district is None:
        return principal.district
    if principal.covers(district) or district == principal.district:
        return district
    raise Forbidden(f"district {district} is outside scope {principal.scope_area}")


def _in_scope(caller: Caller, rows: list[LedgerRow]) -> list[LedgerRow]:
    """Rows the principal may see: by district prefix, or case by case for a street scope."""
    principal = caller.principal
    if len(principal.scope_area) <= 6:
        return [r for r in rows if principal.covers(r.district)]
    cases = caller.store.get_nodes([NodeRef(Label.CASE, r.case_id) for r in rows])
    return [r for r in rows if (c := cases.get(NodeRef(Label.CASE, r.case_id)))
            and caller.guard.case_visible(c)]


def _download(rows: Sequence[LedgerRow], format: Format, name: str) -> Response:
    writer = write_csv if format is Format.CSV else write_xlsx
    return file_response(lambda path: writer(rows, path), format, name)


def file_response(write: Callable[[FilePath], object], format: Format, name: str) -> Response:
    """A CSV or XLSX download: ``write`` fills the file, which is sent as an attachment."""
    with tempfile.TemporaryDirectory() as folder:
        path = FilePath(folder) / f"{name}.{format.value}"
        write(path)
        data = path.read_bytes()
    media = CSV_TYPE if format is Format.CSV else XLSX_TYPE
    disposition = f'attachment; filename="{name}.{format.value}"'
    return Response(data, media_type=media, headers={"Content-Disposition": disposition})

