"""`zhiqian risk …` and `zhiqian watchlist …`: warnings, grades, the ledger, the
key-supervision list and its weekly visits."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from api.cli.common import (
    EXIT_BAD_INPUT,
    console,
    err_console,
    fail,
    handle_errors,
    print_json,
    store_session,
)
from graph.store.protocol import GraphStore
from graph.values import parse_date
from loaders.signals import load_signals
from queries.risk import watchlist as wl
from queries.risk.assess import Assessment, assess
from queries.risk.ledger import ledger_rows, write_csv, write_xlsx
from queries.risk.policy import load_policy
from queries.risk.score import RiskScore

risk_app = typer.Typer(help="风险监测预警：预警规则、风险等级、风险台账。", no_args_is_help=True)
watch_app = typer.Typer(
    help="重点监管服务名单：纳入、移出、走访、逾期未走访。", no_args_is_help=True
)

AsOf = Annotated[str | None, typer.Option("--as-of", help="评估日期 YYYY-MM-DD（默认今天）")]
PolicyFile = Annotated[Path | None, typer.Option("--policy", help="风险策略 YAML（覆盖默认值）")]
Json = Annotated[bool, typer.Option("--json", help="以 JSON 输出")]


def register(app: typer.Typer) -> None:
    """Add the `risk` and `watchlist` command groups."""
    app.add_typer(risk_app, name="risk")
    app.add_typer(watch_app, name="watchlist")


def _day(text: str | None, option: str = "--as-of") -> date:
    return parse_date(text, option) if text else date.today()


def _assess(store: GraphStore, as_of: str | None, policy: Path | None) -> Assessment:
    return assess(store, _day(as_of), load_policy(policy))


def _table(title: str, columns: list[str], rows: list[list[Any]]) -> Table:
    table = Table(title=title, show_lines=False)
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(str(v) if v is not None else "-" for v in row))
    return table


# ------------------------------------------------------------------ risk


@risk_app.command("score")
@handle_errors
def score(
    *,
    as_of: AsOf = None,
    policy: PolicyFile = None,
    xlsx: Annotated[Path | None, typer.Option("--xlsx", help="导出风险台账 XLSX")] = None,
    csv_file: Annotated[Path | None, typer.Option("--csv", help="导出风险台账 CSV")] = None,
    limit: Annotated[int, typer.Option("--limit", help="表格最多显示行数")] = 50,
    as_json: Json = False,
) -> None:
    """全市评分：各企业、项目的风险分与等级，输出风险台账。"""
    with store_session() as store:
        a = _assess(store, as_of, policy)
    rows = ledger_rows(a)
    if xlsx:
        write_xlsx(rows, xlsx)
    if csv_file:
        write_csv(rows, csv_file)
    if as_json:
        print_json(
            {
                "as_of": a.facts.as_of.isoformat(),
                "warnings": len(a.risk.warnings),
                "ledger": [r.model_dump() for r in rows],
            }
        )
        return
    counts = {g: sum(r.grade == g for r in rows) for g in ("红色", "橙色", "黄色", "蓝色")}
    summary = "，".join(f"{g} {n}" for g, n in counts.items())
    console.print(f"评估日期 {a.facts.as_of}：预警 {len(a.risk.warnings):,} 条；{summary}")
    body = [
        [r.grade, r.kind, r.name, f"{r.score:.0f}", r.reasons, r.responsible_unit]
        for r in rows[:limit]
    ]
    console.print(_table("风险台账", ["等级", "类别", "名称", "分", "主要原因", "责任单位"], body))
    for path in (xlsx, csv_file):
        if path:
            err_console.print(f"已导出 {path}", highlight=False)


@risk_app.command("warnings")
@handle_errors
def warnings(
    project: Annotated[str | None, typer.Option("--project", help="只看一个项目")] = None,
    as_of: AsOf = None,
    policy: PolicyFile = None,
    as_json: Json = False,
) -> None:
    """预警清单：规则、依据、项目、企业、事实和责任单位。"""
    with store_session() as store:
        a = _assess(store, as_of, policy)
    if project and project not in a.facts.projects:
        raise fail(f"project {project!r} not found")
    found = [w for w in a.risk.warnings if project is None or w.project == project]
    if as_json:
        print_json([w.model_dump(mode="json") for w in found])
        return
    body = [
        [w.rule_id[:3], w.title_zh, w.article, w.project, w.explanation, w.responsible_unit]
        for w in found
    ]
    console.print(
        _table(f"预警 {len(found)} 条", ["规则", "名称", "依据", "项目", "事实", "责任单位"], body)
    )


def _find(a: Assessment, target: str) -> RiskScore | None:
    if target in a.facts.projects:
        return a.risk.projects.get(target) or _zero(
            "project", target, a.facts.projects[target].name
        )
    eid = _eid(target)
    firm = a.facts.enterprises.get(eid) or next(
        (f for f in a.facts.enterprises.values() if f.name == target), None
    )
    if firm is None:
        return None
    return a.risk.enterprises.get(firm.eid) or _zero("enterprise", firm.eid, firm.name)


def _zero(kind: str, key: str, name: str) -> RiskScore:
    return RiskScore(
        kind=kind, key=key, name=name, score=0, grade=None, grade_zh="低", contributions=()
    )


@risk_app.command("explain")
@handle_errors
def explain(
    target: Annotated[str, typer.Argument(help="统一社会信用代码、企业名称或项目编号")],
    as_of: AsOf = None,
    policy: PolicyFile = None,
    as_json: Json = False,
) -> None:
    """解释一个企业或项目的风险等级：每项因素、分值和原因。"""
    with store_session() as store:
        a = _assess(store, as_of, policy)
    found = _find(a, target)
    if found is None:
        raise fail(f"enterprise or project {target!r} not found")
    if as_json:
        print_json(found.model_dump(mode="json"))
        return
    console.print(
        f"{found.name}（{found.key}）：{found.grade_zh}，{found.score:.1f} 分；"
        f"责任单位 {found.responsible_unit or '-'}",
        highlight=False,
    )
    for line in found.explain() or ["无风险因素"]:
        console.print(f"  {line}", highlight=False)


@risk_app.command("load-signals")
@handle_errors
def load_signals_command(
    file: Annotated[Path, typer.Argument(help="signals.csv / signals.xlsx")],
    as_json: Json = False,
) -> None:
    """导入各部门共享的预警信号（可重复导入）。"""
    with store_session() as store:
        report = load_signals(store, file)
    if as_json:
        print_json(
            {
                "file": report.file,
                "read": report.read,
                "written": report.written,
                "unlinked": report.unlinked,
                "errors": report.errors,
            }
        )
    else:
        console.print(
            f"{report.file}：读取 {report.read:,} 行，导入 {report.written:,} 条信号，"
            f"{report.unlinked:,} 个关联对象不在图谱中",
            highlight=False,
        )
        for message in report.errors[:20]:
            err_console.print(f"  {message}", highlight=False, markup=False)
    if report.errors:
        raise typer.Exit(EXIT_BAD_INPUT)


# ------------------------------------------------------------------ watchlist


def _eid(text: str) -> str:
    return text.strip().upper() if len(text.strip()) == 18 else text.strip()


@watch_app.command("list")
@handle_errors
def list_entries(as_of: AsOf = None, policy: PolicyFile = None, as_json: Json = False) -> None:
    """名单中的企业、纳入原因及当前仍满足的条件。"""
    with store_session() as store:
        entries = wl.listed(store, _assess(store, as_of, policy))
    if as_json:
        print_json([e.model_dump() for e in entries])
        return
    body = [
        [e.eid, e.name, e.since, e.reason, "；".join(e.current_reasons) or "已不满足（可移出）"]
        for e in entries
    ]
    console.print(
        _table(
            f"重点监管服务名单 {len(entries)} 家",
            ["企业标识", "名称", "纳入日期", "纳入原因", "当前条件"],
            body,
        )
    )


@watch_app.command("apply")
@handle_errors
def apply_rules(as_of: AsOf = None, policy: PolicyFile = None, as_json: Json = False) -> None:
    """按规则纳入：高风险等级、多次或严重违法、裁员/经营异常。"""
    with store_session() as store:
        entered = wl.apply_entry_rules(store, _assess(store, as_of, policy))
    if as_json:
        print_json(entered)
        return
    console.print(f"新纳入 {len(entered)} 家", highlight=False)
    for eid, reasons in entered.items():
        console.print(f"  {eid}：{'；'.join(reasons)}", highlight=False)


@watch_app.command("add")
@handle_errors
def add(
    enterprise: Annotated[str, typer.Argument(help="企业标识（统一社会信用代码）")],
    reason: Annotated[str, typer.Option("--reason", help="纳入原因")],
    actor: Annotated[str, typer.Option("--by", help="操作人")],
    on: Annotated[str | None, typer.Option("--date", help="纳入日期（默认今天）")] = None,
) -> None:
    """手工纳入名单。"""
    with store_session() as store:
        wl.add(store, _eid(enterprise), actor, reason, _day(on, "--date"))
    console.print(f"已纳入 {enterprise}", highlight=False)


@watch_app.command("remove")
@handle_errors
def remove(
    enterprise: Annotated[str, typer.Argument(help="企业标识（统一社会信用代码）")],
    reason: Annotated[str, typer.Option("--reason", help="移出原因（整改情况）")],
    actor: Annotated[str, typer.Option("--by", help="确认人")],
    as_of: AsOf = None,
    policy: PolicyFile = None,
) -> None:
    """移出名单：仅当纳入条件均已消除，且有确认人和原因。"""
    with store_session() as store:
        wl.remove(store, _eid(enterprise), actor, reason, _assess(store, as_of, policy))
    console.print(f"已移出 {enterprise}", highlight=False)


@watch_app.command("visit")
@handle_errors
def visit(
    enterprise: Annotated[str, typer.Argument(help="企业标识（统一社会信用代码）")],
    visitor: Annotated[str, typer.Option("--visitor", help="走访干部编号")],
    agency: Annotated[str, typer.Option("--agency", help="走访部门编号")],
    on: Annotated[str | None, typer.Option("--date", help="走访日期（默认今天）")] = None,
    notes: Annotated[str, typer.Option("--notes", help="走访情况")] = "",
) -> None:
    """记录一次指导走访。"""
    with store_session() as store:
        vid = wl.record_visit(
            store, _eid(enterprise), _day(on, "--date"), visitor, agency=agency, notes=notes
        )
    console.print(f"已记录走访 {vid}", highlight=False)


@watch_app.command("overdue")
@handle_errors
def overdue(as_of: AsOf = None, policy: PolicyFile = None, as_json: Json = False) -> None:
    """专项行动期间逾期未走访的名单企业及责任单位。"""
    with store_session() as store:
        a = _assess(store, as_of, policy)
        rows = wl.overdue_visits(store, a)
    if as_json:
        print_json([r.model_dump() for r in rows])
        return
    if not a.policy.campaign_start:
        err_console.print(
            "[yellow]提示[/yellow] 策略未设置专项行动期间（campaign_start），不计走访频次"
        )
    body = [
        [r.eid, r.name, "、".join(r.missed_weeks), r.last_visit, r.responsible_unit] for r in rows
    ]
    console.print(
        _table(
            f"逾期未走访 {len(rows)} 家",
            ["企业标识", "名称", "未走访周次", "最近走访", "责任单位"],
            body,
        )
    )
