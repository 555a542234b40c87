"""`zhiqian cross-district`: defaulters whose open arrears span districts, and who coordinates.

zhiqian cross-district [--district CODE] [--since DATE] [--json] [--xlsx FILE] [--record]
zhiqian cross-district show GROUP_ID [--json]
zhiqian cross-district matches [--json]
zhiqian cross-district match confirm|reject A B --reason TEXT [--actor NAME]
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from api.cli.common import console, handle_errors, print_json, store_session
from graph.areas import area_registry
from graph.errors import NotFound
from graph.values import format_yuan, parse_date
from queries.crossdistrict import (
    Detection,
    Group,
    Policy,
    confirm_match,
    detect_in_store,
    record_group,
    reject_match,
    to_xlsx,
)
from queries.crossdistrict.models import Match

app = typer.Typer(help="跨区域欠薪：跨区县的欠薪主体、串案与协调机关。", no_args_is_help=False)
match_app = typer.Typer(help="分析人员确认或否定企业匹配（记录并在下次运行时遵循）。")
app.add_typer(match_app, name="match")

NowOption = Annotated[
    str | None, typer.Option("--now", help="以此日期为今天（YYYY-MM-DD），默认今天")
]
JsonOption = Annotated[bool, typer.Option("--json", help="以 JSON 输出")]
LeadOption = Annotated[
    str, typer.Option("--lead-by", help="主办地依据：workers（人数）或 amount（金额）")
]


def _today(now: str | None) -> date:
    return parse_date(now, "now") if now else date.today()


def _policy(lead_by: str) -> Policy:
    return Policy.model_validate({"lead_by": lead_by})


def _names(codes: tuple[str, ...] | list[str]) -> str:
    return "、".join(area_registry().name(c) for c in codes) or "-"


def _groups_table(groups: tuple[Group, ...]) -> Table:
    table = Table(title=f"跨区域欠薪协调组（{len(groups)} 个）")
    for title in ("编号", "范围", "涉及区县", "主办", "协调机关", "案件", "人数", "金额", "蔓延"):
        right = title in ("案件", "人数", "金额")
        table.add_column(title, justify="right" if right else "left", no_wrap=title == "编号")
    for g in groups:
        table.add_row(
            g.id,
            g.span,
            _names([d.code for d in g.districts]),
            _names([g.lead_district]),
            g.coordinator.name,
            str(len(g.cases)),
            f"{g.workers:,}",
            g.amount_text,
            "[red]是[/red] " + _names(g.new_districts) if g.spreading else "否",
        )
    return table


@app.callback(invoke_without_command=True)
@handle_errors
def cross_district(  # the CLI's options, one parameter each
    ctx: typer.Context,
    *,
    district: Annotated[
        str | None, typer.Option("--district", help="只看涉及该区划（区县/街镇/城市代码）的组")
    ] = None,
    since: Annotated[
        str | None, typer.Option("--since", help="只看此日期后有新受理案件的组")
    ] = None,
    as_json: JsonOption = False,
    xlsx: Annotated[
        Path | None, typer.Option("--xlsx", help="导出 Excel（协调组、案件、协查任务）")
    ] = None,
    record: Annotated[
        bool, typer.Option("--record", help="建立协调组并串案（LINKED_WITH）")
    ] = False,
    actor: Annotated[str, typer.Option("--actor", help="记录人")] = "cli",
    now: NowOption = None,
    lead_by: LeadOption = "workers",
) -> None:
    """列出未结欠薪跨两个及以上区县的欠薪主体群组，含主办、协办与协调机关。"""
    if ctx.invoked_subcommand is not None:
        return
    since_day = parse_date(since, "since") if since else None
    with store_session() as store:
        detection = detect_in_store(
            store, _policy(lead_by), now=_today(now), district=district, since=since_day
        )
        if record:
            stamp = datetime.now().replace(microsecond=0)
            for group in detection.groups:
                record_group(store, group, actor, stamp)
    if xlsx is not None:
        xlsx.write_bytes(to_xlsx(detection.groups))
    _print_detection(detection, as_json)


def _print_detection(detection: Detection, as_json: bool) -> None:
    if as_json:
        print_json(
            {
                "groups": [g.model_dump(mode="json") for g in detection.groups],
                "open_cases": detection.open_cases,
                "unlocated_cases": detection.unlocated,
                "pending_matches": len(detection.resolution.pending),
            }
        )
        return
    console.print(_groups_table(detection.groups))
    console.print(
        f"未结案件 {detection.open_cases:,} 件；无用工地 {detection.unlocated:,} 件；"
        f"待复核企业匹配 {len(detection.resolution.pending)} 对（zhiqian cross-district matches）"
    )


@app.command("show")
@handle_errors
def show(
    group_id: Annotated[str, typer.Argument(help="协调组编号 CG-…")],
    as_json: JsonOption = False,
    now: NowOption = None,
    lead_by: LeadOption = "workers",
) -> None:
    """协调组详情：区县、街镇、案件、关联主体与路径、任务。"""
    with store_session() as store:
        detection = detect_in_store(store, _policy(lead_by), now=_today(now))
    group = next((g for g in detection.groups if g.id == group_id), None)
    if group is None:
        raise NotFound("coordination group", group_id)
    if as_json:
        print_json(group.model_dump(mode="json"))
        return
    _print_group(group)


def _print_group(g: Group) -> None:
    console.print(
        f"[bold]{g.id}[/bold] {g.span}  {g.first_received} — {g.last_received}  "
        f"{len(g.cases)} 件 {g.workers:,} 人 {g.amount_text}"
    )
    console.print(
        f"主办 {_names([g.lead_district])}；协办 {_names(list(g.co_districts))}；"
        f"协调 {g.coordinator.name}（{g.coordinator.basis}）"
    )
    if g.spreading:
        console.print(f"[red]跨地区蔓延[/red]：近期新进入 {_names(list(g.new_districts))}")
    districts = Table(title="涉及区县")
    for title in ("区县", "案件", "人数", "金额", "首次受理"):
        districts.add_column(title)
    for d in g.districts:
        districts.add_row(
            d.name, str(d.cases), f"{d.workers:,}", format_yuan(d.amount_fen), str(d.first_received)
        )
    console.print(districts)
    console.print("涉及街镇：" + _names(list(g.streets)))
    for member in g.members:
        console.print(
            f"  {member.name}：{'、'.join(member.roles)}" + ("（纽带）" if member.connector else "")
        )
    for path in g.paths:
        console.print(f"  路径 {path.text}", highlight=False)
    tasks = Table(title="协查任务")
    for title in ("承担区县", "任务", "对象", "期限", "状态"):
        tasks.add_column(title)
    for t in g.tasks:
        tasks.add_row(t.district_name, t.kind, t.subject, str(t.due), t.status)
    console.print(tasks)


@app.command("matches")
@handle_errors
def matches(as_json: JsonOption = False) -> None:
    """待复核的企业匹配（名称相近但证据不足自动合并）。"""
    with store_session() as store:
        detection = detect_in_store(store, Policy(), now=date.today())
    pending = detection.resolution.pending
    if as_json:
        print_json([m.model_dump(mode="json") for m in pending])
        return
    console.print(_matches_table(pending))


def _matches_table(rows: tuple[Match, ...]) -> Table:
    table = Table(title=f"待复核企业匹配（{len(rows)} 对）")
    for title in ("企业A", "名称A", "企业B", "名称B", "得分", "理由"):
        table.add_column(title)
    for m in rows:
        table.add_row(m.a, m.a_name, m.b, m.b_name, f"{m.score:.2f}", "；".join(m.reasons))
    return table


ReasonOption = Annotated[str, typer.Option("--reason", help="理由（必填）")]


@match_app.command("confirm")
@handle_errors
def confirm(
    a: str, b: str, reason: ReasonOption, actor: Annotated[str, typer.Option("--actor")] = "cli"
) -> None:
    """确认两个企业标识为同一主体（不同统一社会信用代码不可合并）。"""
    with store_session() as store:
        decision = confirm_match(store, a, b, actor=actor, reason=reason, now=datetime.now())
    console.print(f"已确认同一主体：{decision.a} ≡ {decision.b}")


@match_app.command("reject")
@handle_errors
def reject(
    a: str, b: str, reason: ReasonOption, actor: Annotated[str, typer.Option("--actor")] = "cli"
) -> None:
    """确认两个企业标识不是同一主体；以后不再提示。"""
    with store_session() as store:
        decision = reject_match(store, a, b, actor=actor, reason=reason, now=datetime.now())
    console.print(f"已确认非同一主体：{decision.a} ≠ {decision.b}")


def register(root: typer.Typer) -> None:
    """Add `cross-district` to the CLI."""
    root.add_typer(app, name="cross-district")
