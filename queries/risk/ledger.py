"""The risk ledger (风险台账): who is at what grade, why, the responsible unit and measures.

Rows come from an :class:`~queries.risk.assess.Assessment`; they export as XLSX (openpyxl)
or CSV (UTF-8 with BOM, which Excel opens correctly) with Chinese column titles.
"""

from __future__ import annotations

import csv
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from queries.risk.assess import Assessment, place_of

KIND_TITLES = {"enterprise": "企业", "project": "项目"}


class LedgerRow(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: str = Field(title="对象类别")
    key: str = Field(title="标识")
    name: str = Field(title="名称")
    grade: str = Field(title="风险等级")
    score: float = Field(title="风险分")
    reasons: str = Field(title="主要原因")
    responsible_unit: str = Field(title="责任单位")
    measures: str = Field(title="处置措施")
    watchlist: str = Field(title="重点监管")
    area: str | None = Field(None, title="所在区划", description="项目所在地或企业用工地区划代码")


def ledger_rows(a: Assessment, top_reasons: int = 3) -> list[LedgerRow]:
    """Every graded enterprise and project, highest score first."""
    firms = a.facts.enterprises
    rows = []
    for s in a.risk.graded():
        listed = s.kind == "enterprise" and firms[s.key].watchlist
        rows.append(
            LedgerRow(
                kind=KIND_TITLES[s.kind],
                key=s.key,
                name=s.name,
                grade=s.grade_zh,
                score=s.score,
                reasons="；".join(c.reason for c in s.contributions[:top_reasons]),
                responsible_unit=s.responsible_unit or "未确定（无对应部门）",
                measures="；".join(a.policy.measures.get(s.grade or "", ())),
                watchlist="是" if listed else "否",
                area=place_of(s.kind, s.key, a.facts),
            )
        )
    return rows


def titles() -> list[str]:
    """Chinese column titles, in field order."""
    return [f.title or name for name, f in LedgerRow.model_fields.items()]


def write_csv(rows: list[LedgerRow], path: Path) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(titles())
        writer.writerows(list(r.model_dump().values()) for r in rows)


def write_xlsx(rows: list[LedgerRow], path: Path) -> None:
    """One sheet 风险台账 with a frozen, bold header and widened columns."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "风险台账"
    sheet.append(titles())
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for r in rows:
        sheet.append(list(r.model_dump().values()))
    sheet.freeze_panes = "A2"
    for column, width in zip("ABCDEFGHIJ", (8, 22, 30, 8, 8, 60, 30, 40, 8, 12), strict=True):
        sheet.column_dimensions[column].width = width
    book.save(path)
