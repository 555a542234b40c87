"""Case coordination commands: `assign`, `case show|move|extend|escalate`, `ledger`, `report`.

Thin: parse options, call one function of queries.coordination, print a Chinese table (or
JSON with --json). Exit codes: 0 ok, 1 failure, 2 bad input.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from api.cli.common import EXIT_BAD_INPUT, console, fail, handle_errors, print_json, store_session
from graph.values import parse_date
from queries.coordination import (
    assign_all,
    assign_case,
    coverage,
    deadline_of,
    escalate_overdue,
    extend_deadline,
    ledger,
    load_policy,
    report,
    transition,
    write_ledger,
)
from queries.coordination.assignment import Assignment
from queries.coordination.ledger import LedgerRow
from queries.coordination.lifecycle import (
    STATE_TITLES,
    TRANSITIONS,
    HistoryEntry,
    case_node,
    history_of,
)
from queries.coordination.reports import Report

PolicyOpt = Annotated[
    Path | None, typer.Option("--policy", help="协调政策 YAML（默认：随包附带的默认政策）")
]
JsonOpt = Annotated[bool, typer.Option("--json", help="输出 JSON")]
ActorOpt = Annotated[str, typer.Option("--actor", help="操作人")]

case_app = typer.Typer(help="案件流转：查看、变更状态、延期、逾期督办。", no_args_is_help=True)


def _table(title: str, headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    table = Table(title=title, show_lines=False)
    for header in headers:
        table.add_column(header, overflow="fold")
    for row in rows:
        table.add_row(*["" if v is None else str(v) for v in row])
    console.print(table)


def _print_assignment(result: Assignment) -> None:
    units = "；".join(f"{u.role}：{u.agency_name}" for u in result.units) or "—"
    owner = f"{result.owner.name}（{result.owner.title}）" if result.owner else "未定"
    guide = f"{result.guide.name}（{result.guide.title}）" if result.guide else "—"
    console.print(f"[bold]{result.case_id}[/bold]  等级：{result.grade_title}  包案：{owner}  "
                  f"指导：{guide}", highlight=False)
    console.print(f"  单位：{units}", highlight=False)
    for line in result.trace:
        console.print(f"  · {line}", highlight=False)


@handle_errors
def assign_command(
    *,
    case_id: Annotated[str | None, typer.Argument(help="案件编号")] = None,
    all_cases: Annotated[bool, typer.Option("--all", help="为全部在办案件包案")] = False,
    transfer: Annotated[str | None, typer.Option("--transfer", help="更换包案领导的理由")] = None,
    policy: PolicyOpt = None,
    actor: ActorOpt = "cli",
    as_json: JsonOpt = False,
) -> None:
    """包案：确定主办、属地、协办、督办单位与包案/指导领导（附规则轨迹）。"""
    if bool(case_id) == all_cases:
        raise fail("give a case id or --all (not both)", EXIT_BAD_INPUT)
    rules, now = load_policy(policy), datetime.now()
    with store_session() as store:
        if all_cases:
            results = assign_all(store, rules, actor=actor, now=now)
            summary = coverage(store)
        else:
            assert case_id is not None
            results = [assign_case(store, case_id, rules, actor=actor, now=now,
                                   transfer_reason=transfer)]
            summary = None
    if as_json:
        print_json({"assignments": [r.model_dump(mode="json") for r in results],
                    "coverage": summary})
        return
    for result in results if not all_cases else results[:20]:
        _print_assignment(result)
    if summary:
        console.print(f"共 {summary['open_cases']} 件在办；有唯一主办单位 "
                      f"{summary['with_one_lead_unit']} 件，有唯一包案领导 "
                      f"{summary['with_one_owner']} 件；原因：{summary['reasons']}",
                      highlight=False)


@case_app.command("show")
@handle_errors
def case_show(
    *,
    case_id: Annotated[str, typer.Argument(help="案件编号")],
    policy: PolicyOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """查看案件状态、期限、可转入状态与流转记录。"""
    with store_session() as store:
        case = case_node(store, case_id)
        handling = store.case_context(case_id).handling
    deadline = deadline_of(case, load_policy(policy))
    state = str(case.get("status", "received"))
    data = {
        "id": case_id, "status": state, "status_title": STATE_TITLES.get(state, state),
        "severity": case.get("severity"),
        "deadline": deadline.due.isoformat() if deadline else None,
        "deadline_warning": deadline.warning if deadline else None,
        "allowed": list(TRANSITIONS.get(state, ())),
        "handling": [{"type": r.type.value, "role": r.key, "target": r.dst.key} for r in handling],
        "plan": json.loads(str(case.get("plan"))) if case.get("plan") else None,
        "history": [_entry(e) for e in history_of(case)],
    }
    if as_json:
        print_json(data)
        return
    console.print(f"[bold]{case_id}[/bold] {data['status_title']}（{state}） "
                  f"等级：{data['severity']} 期限：{data['deadline']}", highlight=False)
    console.print("可转入：" + "、".join(f"{STATE_TITLES[s]}({s})" for s in data["allowed"]),
                  highlight=False)
    _table("承办与包案", ["关系", "角色", "对象"],
           [(h["type"], h["role"], h["target"]) for h in data["handling"]])
    _table("流转记录", ["时间", "操作人", "从", "到", "理由"],
           [(h["at"], h["actor"], h["from"], h["to"], h["reason"]) for h in data["history"]])


def _entry(entry: HistoryEntry) -> dict[str, str]:
    return {"at": entry.at, "actor": entry.actor, "from": entry.from_state,
            "to": entry.to_state, "reason": entry.reason}


@case_app.command("move")
@handle_errors
def case_move(
    *,
    case_id: Annotated[str, typer.Argument(help="案件编号")],
    state: Annotated[str, typer.Argument(help="目标状态，如 verifying / mediation / closed")],
    reason: Annotated[str, typer.Option("--reason", help="理由（必填）")],
    approval: Annotated[str | None, typer.Option("--approval", help="审批文号")] = None,
    actor: ActorOpt = "cli",
    as_json: JsonOpt = False,
) -> None:
    """变更案件状态（非法流转会被拒绝并列出可转入状态）。"""
    with store_session() as store:
        case = transition(store, case_id, state, actor=actor, reason=reason,
                          now=datetime.now(), approval=approval)
    if as_json:
        print_json({"id": case_id, "status": case.get("status")})
        return
    console.print(f"{case_id} → {STATE_TITLES[state]}（{state}）", highlight=False)


@case_app.command("extend")
@handle_errors
def case_extend(
    *,
    case_id: Annotated[str, typer.Argument(help="案件编号")],
    approval: Annotated[str, typer.Option("--approval", help="批准文号（必填）")],
    policy: PolicyOpt = None,
    actor: ActorOpt = "cli",
) -> None:
    """经批准延长当前阶段期限（监察 +30 个工作日，仲裁 +15 日）。"""
    rules = load_policy(policy)
    with store_session() as store:
        case = extend_deadline(store, case_id, actor=actor, approval=approval,
                               now=datetime.now(), policy=rules)
    deadline = deadline_of(case, rules)
    console.print(f"{case_id} 期限延至 {deadline.due.isoformat() if deadline else '—'}",
                  highlight=False)


@case_app.command("escalate")
@handle_errors
def case_escalate(
    *,
    policy: PolicyOpt = None,
    actor: ActorOpt = "cli",
    as_json: JsonOpt = False,
) -> None:
    """逾期案件提请上级部门督办（可重复运行，不重复督办）。"""
    with store_session() as store:
        found = escalate_overdue(store, datetime.now(), actor, load_policy(policy))
    if as_json:
        print_json([e.model_dump(mode="json") for e in found])
        return
    _table(f"逾期督办（{len(found)} 件）", ["案件", "状态", "期限", "逾期天数", "督办单位", "说明"],
           [(e.case_id, e.state, e.due, e.days_overdue, e.supervisor_name, e.problem)
            for e in found])


def _ledger_table(rows: Sequence[LedgerRow], title: str) -> None:
    """The essential columns on screen; --out and --json carry every field."""
    headers = ["案件编号", "街镇", "等级", "包案领导", "期限", "剩余", "状态", "人数", "金额（元）"]
    _table(title, headers,
           [(r.case_id, r.street_name or r.district_name, r.grade_title, r.owner or "未定",
             r.deadline, r.days_left, r.status_title, r.workers, f"{r.amount_yuan:,.0f}")
            for r in rows])


@handle_errors
def ledger_command(
    *,
    district: Annotated[str | None, typer.Option("--district", help="区划代码（6 位）")] = None,
    date_from: Annotated[str | None, typer.Option("--from", help="起始日期")] = None,
    date_to: Annotated[str | None, typer.Option("--to", help="截止日期")] = None,
    status: Annotated[str, typer.Option("--status", help="open（默认）、all 或某一状态")] = "open",
    out: Annotated[Path | None, typer.Option("--out", help="导出 .xlsx 或 .csv")] = None,
    policy: PolicyOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """台账：在办案件的等级、主办单位、包案领导、期限与状态。"""
    period = None
    if date_from or date_to:
        period = (parse_date(date_from or "1900-01-01", "from"),
                  parse_date(date_to or date.today().isoformat(), "to"))
    with store_session() as store:
        rows = ledger(store, load_policy(policy), district=district, period=period,
                      status=None if status == "all" else status)
    if out is not None:
        count = write_ledger(rows, out)
        console.print(f"已导出 {count} 行到 {out}", highlight=False)
    if as_json:
        print_json([r.model_dump(mode="json") for r in rows])
    elif out is None:
        _ledger_table(rows, f"台账（{len(rows)} 件）")


def _print_report(result: Report) -> None:
    where = result.district or "全市"
    _ledger_table(result.rows, f"{result.title} {where} {result.period_from}～{result.period_to}")
    console.print("汇总：" + "，".join(f"{k}={v}" for k, v in result.summary.items()),
                  highlight=False)
    if result.kpis:
        _table("考核指标", ["指标", "分子", "分母", "实际", "目标", "达标"],
               [(k.title, k.numerator, k.denominator,
                 "—" if k.rate is None else f"{k.rate:.2%}", f"{k.target:.0%}",
                 {True: "是", False: "否", None: "—"}[k.met]) for k in result.kpis])


@handle_errors
def report_command(
    *,
    kind: Annotated[str, typer.Argument(
        help="special（特案专报）| major_monthly（重案月报）| ordinary_quarterly（普案季报）"
             "| plc_quarterly（政法委季度台账）")],
    period: Annotated[str | None, typer.Option(
        "--period", help="2025-01、2025Q1 或 2025-01-01..2025-03-31；默认本月/本季度")] = None,
    district: Annotated[str | None, typer.Option("--district", help="区划代码（6 位）")] = None,
    policy: PolicyOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """按周期报送：特案专报、重案月报、普案季报、政法委季度台账（含考核指标）。"""
    with store_session() as store:
        result = report(store, kind, load_policy(policy), period=period, district=district)
    if as_json:
        print_json(result.model_dump(mode="json"))
    else:
        _print_report(result)


def register(app: typer.Typer) -> None:
    """Add the coordination commands to the `zhiqian` CLI."""
    app.command("assign")(assign_command)
    app.command("ledger")(ledger_command)
    app.command("report")(report_command)
    app.add_typer(case_app, name="case")
