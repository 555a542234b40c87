"""XLSX export of cross-district groups: a sheet of groups, one of cases, one of tasks."""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO

from openpyxl import Workbook

from graph.areas import area_registry
from graph.values import format_yuan
from queries.crossdistrict.models import Group

GROUP_HEADER = (
    "协调组编号",
    "跨越范围",
    "涉及区县",
    "主办区县",
    "协办区县",
    "协调机关",
    "案件数",
    "涉及人数",
    "欠薪金额（元）",
    "最早受理",
    "最近受理",
    "跨地区蔓延",
    "新进入区县",
    "关联路径",
)
CASE_HEADER = (
    "协调组编号",
    "案件编号",
    "区县",
    "街镇",
    "项目编号",
    "受理日期",
    "涉及人数",
    "欠薪金额（元）",
    "被投诉主体",
)
TASK_HEADER = ("协调组编号", "承担区县", "任务类别", "对象", "期限", "状态")


def _names(codes: Sequence[str]) -> str:
    return "、".join(area_registry().full_name(c) for c in codes)


def group_row(group: Group) -> list[object]:
    return [
        group.id,
        group.span,
        _names([d.code for d in group.districts]),
        _names([group.lead_district]),
        _names(group.co_districts),
        group.coordinator.name,
        len(group.cases),
        group.workers,
        format_yuan(group.amount_fen),
        group.first_received.isoformat(),
        group.last_received.isoformat(),
        "是" if group.spreading else "否",
        _names(group.new_districts),
        "\n".join(p.text for p in group.paths),
    ]


def to_xlsx(groups: Sequence[Group]) -> bytes:
    """The workbook's bytes (sheets 跨区协调组, 案件, 协查任务)."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook always has one sheet
    sheet.title = "跨区协调组"
    sheet.append(GROUP_HEADER)
    cases, tasks = book.create_sheet("案件"), book.create_sheet("协查任务")
    cases.append(CASE_HEADER)
    tasks.append(TASK_HEADER)
    reg = area_registry()
    for group in groups:
        sheet.append(group_row(group))
        for case in group.cases:
            cases.append(
                [
                    group.id,
                    case.id,
                    reg.full_name(case.district),
                    reg.name(case.street or ""),
                    case.project or "",
                    case.received_at.isoformat(),
                    case.workers,
                    format_yuan(case.amount_fen),
                    "、".join(case.respondents),
                ]
            )
        for task in group.tasks:
            tasks.append(
                [
                    group.id,
                    task.district_name,
                    task.kind,
                    task.subject,
                    task.due.isoformat(),
                    task.status,
                ]
            )
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
