"""`zhiqian demo`: generate a synthetic district, load it, print first answers, optionally serve."""

from __future__ import annotations

import shutil
from datetime import date, datetime
from typing import Any

import typer
from rich.panel import Panel
from rich.table import Table

from api.cli.common import console, handle_errors, settings
from graph.enums import LABEL_TITLES, REL_TITLES
from graph.settings import Settings
from graph.store.memory import MemoryStore
from graph.store.protocol import GraphStore

DEMO_MARKER = "DEMO"
REFERENCE_DAY = date(2025, 10, 31)
"""The synthetic city's reference date (docs/synthetic-data.md): the demo answers as of then."""


def register(app: typer.Typer) -> None:
    app.command(
        "demo", help="演示：生成一个合成区、导入内置存储、给出首批答案（可随后启动 API）。"
    )(demo)


@handle_errors
def demo(
    scale: str = typer.Option("district", help="tiny | district | city"),
    seed: int = typer.Option(42, help="随机种子：同一种子生成完全相同的数据"),
    serve: bool = typer.Option(False, "--serve", help="答完后启动 HTTP API"),
    port: int = typer.Option(8000, help="API 端口（仅本机 127.0.0.1）"),
    force: bool = typer.Option(False, help="数据目录已有非演示数据时仍然覆盖"),
) -> None:
    """Generate, load, answer, and say how to go on."""
    current = settings().model_copy(update={"allow_synthetic_ids": True})
    store = _fresh_store(current, force)
    try:
        _generate_and_load(store, current, scale, seed)
        _answers(store)
    finally:
        store.close()
    _how_to_go_on(current, port)
    if serve:
        _serve(current, port)


def _fresh_store(current: Settings, force: bool) -> MemoryStore:
    data = current.data_dir
    if data.exists() and any(data.iterdir()) and not (data / DEMO_MARKER).exists() and not force:
        raise typer.BadParameter(
            f"数据目录 {data} 已有非演示数据；请设置 ZHIQIAN_DATA_DIR 指向其他目录，或加 --force"
        )
    shutil.rmtree(data, ignore_errors=True)
    data.mkdir(parents=True)
    (data / DEMO_MARKER).write_text("synthetic demo data\n", encoding="utf-8")
    return MemoryStore(data)


def _generate_and_load(store: GraphStore, current: Settings, scale: str, seed: int) -> None:
    from api.cli.commands.data import count_table, summary_table
    from loaders.ingest import load_directory
    from loaders.synthetic import generate

    source = current.data_dir / "demo-input"
    console.rule(f"[bold]1. 生成合成数据（{scale}，种子 {seed}）")
    city = generate(scale, seed, source)
    console.print(
        f"已生成 {len(city.files)} 个文件，共 {sum(city.counts.values()):,} 行 → {source}"
    )
    console.rule("[bold]2. 导入内置存储")
    report = load_directory(store, source, current)
    console.print(summary_table(report))
    titles = {str(k): v for k, v in [*LABEL_TITLES.items(), *REL_TITLES.items()]}
    counts = {f"{titles[k]} {k}": v for k, v in store.counts().items() if v}
    console.print(count_table("图谱内容", counts))


def _answers(store: GraphStore) -> None:
    console.rule("[bold]3. 首批答案")
    case_id = _interesting_case(store)
    if case_id:
        _liability(store, case_id)
        _assignment(store, case_id)
    _cross_district(store)
    _risk(store)


def _interesting_case(store: GraphStore) -> str | None:
    """The first open case whose chain names several liable parties (a good first example)."""
    from queries.liability import liability_for_case

    for ctx in store.case_contexts():
        if ctx.project is None or not ctx.is_open:
            continue
        answer = liability_for_case(store, ctx.case.ref.key, REFERENCE_DAY)
        if len({f.party for f in answer.findings}) >= 3:
            return ctx.case.ref.key
    return None


def _liability(store: GraphStore, case_id: str) -> None:
    from queries.liability import evaluate
    from queries.liability.graph_route import facts_for_case
    from queries.liability.report import render

    facts = facts_for_case(store, case_id, REFERENCE_DAY)
    console.print(Panel(render(evaluate(facts), facts), title=f"欠薪责任 · 案件 {case_id}"))


def _assignment(store: GraphStore, case_id: str) -> None:
    from queries.coordination.assign import assign_all, coverage
    from queries.coordination.policy import default_policy

    now = datetime.combine(REFERENCE_DAY, datetime.min.time())
    results = assign_all(store, default_policy(), actor="demo", now=now)
    share = coverage(store)
    console.print(
        f"包案：{len(results):,} 件在办案件已分派；有唯一主办单位的占 "
        f"{share['lead_unit_share']:.1%}，有唯一包案领导的占 {share['owner_share']:.1%}"
    )
    ctx = store.case_context(case_id)
    table = Table("角色", "单位 / 领导", title=f"案件 {case_id} 的责任单位与包案领导")
    for rel in ctx.handling:
        target = store.get_node(rel.dst)
        table.add_row(
            str(rel.get("role", rel.key)), str(target.get("name") if target else rel.dst.key)
        )
    console.print(table)


def _cross_district(store: GraphStore) -> None:
    from queries.crossdistrict.detect import detect_in_store
    from queries.crossdistrict.models import Policy

    detection = detect_in_store(store, Policy(), now=REFERENCE_DAY)
    table = Table(
        "协调组",
        "范围",
        "区县",
        "案件",
        "人数",
        "金额",
        "协调机关",
        title=f"跨区域欠薪：{len(detection.groups)} 个协调组（前 5 个）",
    )
    for group in detection.groups[:5]:
        table.add_row(
            group.id,
            group.span,
            "、".join(d.name for d in group.districts),
            str(len(group.cases)),
            str(group.workers),
            group.amount_text,
            group.coordinator.name,
        )
    console.print(table)


def _risk(store: GraphStore) -> None:
    from queries.risk.assess import assess
    from queries.risk.ledger import ledger_rows
    from queries.risk.policy import load_policy

    rows = ledger_rows(assess(store, REFERENCE_DAY, load_policy()))
    grades: dict[str, int] = {}
    for row in rows:
        grades[row.grade] = grades.get(row.grade, 0) + 1
    console.print("风险台账：" + "，".join(f"{g} {n:,} 家" for g, n in sorted(grades.items())))


def _how_to_go_on(current: Settings, port: int) -> None:
    data: Any = current.data_dir
    console.print(
        Panel(
            "\n".join(
                [
                    f"数据在 {data}（合成数据，身份号码以 99 开头，不会与真人混淆）。接着可以：",
                    "  . .venv/bin/activate",
                    "  export ZHIQIAN_ALLOW_SYNTHETIC_IDS=true",
                    "  zhiqian stats                       # 图谱统计",
                    "  zhiqian liability --case <案件编号>   # 欠薪责任",
                    "  zhiqian ledger                      # 台账",
                    "  zhiqian cross-district              # 跨区域欠薪",
                    "  zhiqian risk score                  # 风险等级",
                    f"  zhiqian serve --port {port}          # HTTP API，文档在 /docs",
                    "  zhiqian keys create --name 我的系统 --agency A --scope 310115 "
                    "--role investigator",
                ]
            ),
            title="下一步 · How to go on",
        )
    )


def _serve(current: Settings, port: int) -> None:
    import uvicorn

    from api.app import create_app

    console.print(f"API: http://127.0.0.1:{port}/docs  (Ctrl+C 停止)")
    uvicorn.run(create_app(current), host="127.0.0.1", port=port, log_level="warning")
