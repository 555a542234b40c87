"""Neo4j as the production store: `zhiqian schema apply`, `zhiqian push --to neo4j`,
`zhiqian export neo4j-admin DIR` (see docs/neo4j.md)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from api.cli.common import console, err_console, handle_errors, print_json, settings
from graph.enums import LABEL_TITLES, REL_TITLES
from graph.store import open_store
from graph.store.memory import MemoryStore
from graph.store.neo4j import Neo4jStore
from graph.store.neo4j_bulk import copy_store, export_neo4j_admin

schema_app = typer.Typer(help="Neo4j 图模式：唯一约束与索引（可重复执行）。", no_args_is_help=True)
export_app = typer.Typer(help="导出图数据（neo4j-admin 批量导入文件）。", no_args_is_help=True)

JsonFlag = Annotated[bool, typer.Option("--json", help="机器可读 JSON 输出")]


class Target(StrEnum):
    NEO4J = "neo4j"


def _titles() -> dict[str, str]:
    return {**{k.value: v for k, v in LABEL_TITLES.items()},
            **{k.value: v for k, v in REL_TITLES.items()}}


@schema_app.command("apply")
@handle_errors
def schema_apply(as_json: JsonFlag = False) -> None:
    """在配置的 Neo4j 数据库上创建全部唯一约束和索引（IF NOT EXISTS，幂等）。"""
    store = Neo4jStore.from_settings(settings())
    try:
        sent = store.apply_schema()
    finally:
        store.close()
    if as_json:
        print_json({"statements": sent})
        return
    for text in sent:
        console.print(" ".join(text.split()), highlight=False)
    console.print(f"[green]已应用[/green] {len(sent)} 条约束/索引语句")


def _progress() -> Progress:
    return Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TimeElapsedColumn(), console=err_console)


@handle_errors
def push(
    to: Annotated[Target, typer.Option("--to", help="目标存储")] = Target.NEO4J,
    batch_size: Annotated[int | None, typer.Option(help="每批行数（默认取配置）", min=1)] = None,
    as_json: JsonFlag = False,
) -> None:
    """把内置存储（data_dir）的整张图经 Bolt 写入 Neo4j：先建约束，再分批 UNWIND/MERGE。"""
    current = settings()
    source = MemoryStore(current.data_dir)
    target = Neo4jStore.from_settings(current)
    size = batch_size or current.neo4j_batch_size
    titles = _titles()
    try:
        target.apply_schema()
        totals = source.counts()
        with _progress() as bar:
            tasks = {name: bar.add_task(f"{titles.get(name, name)} {name}", total=n)
                     for name, n in totals.items() if n}
            report = copy_store(source, target, size, lambda name, n: bar.advance(tasks[name], n))
    finally:
        source.close()
        target.close()
    if as_json:
        print_json({"written": dict(report.written), "skipped": report.skipped, "to": to.value})
        return
    table = Table(title="写入 Neo4j")
    for column in ("类别", "名称", "行数"):
        table.add_column(column, justify="right" if column == "行数" else "left")
    for name, n in report.written.items():
        table.add_row(titles.get(name, ""), name, f"{n:,}")
    console.print(table)
    console.print(f"跳过（端点不存在）的关系：{report.skipped:,}")


@export_app.command("neo4j-admin")
@handle_errors
def export_admin(
    directory: Annotated[Path, typer.Argument(help="输出目录（CSV 与表头文件）")],
    database: Annotated[str, typer.Option(help="neo4j-admin 导入的目标数据库")] = "neo4j",
    mount: Annotated[str | None, typer.Option(help="neo4j-admin 看到的目录，如 /import")] = None,
    as_json: JsonFlag = False,
) -> None:
    """写出 neo4j-admin database import full 所需的节点/关系 CSV，并打印确切的导入命令。"""
    with_store = open_store(settings())
    try:
        export = export_neo4j_admin(with_store, directory)
    finally:
        with_store.close()
    command = export.command(database, mount)
    (directory / "neo4j-admin-import.sh").write_text(
        "#!/bin/sh\n# Run with the database stopped; then `zhiqian schema apply`.\n"
        + command + "\n", encoding="utf-8")
    if as_json:
        print_json({"directory": str(directory), "rows": export.rows, "command": command})
        return
    for name, n in export.rows.items():
        console.print(f"{name}: {n:,}", highlight=False)
    console.print(command, highlight=False, soft_wrap=True)


def register(app: typer.Typer) -> None:
    """`schema apply`, `push --to neo4j`, `export neo4j-admin`."""
    app.add_typer(schema_app, name="schema")
    app.add_typer(export_app, name="export")
    app.command("push")(push)

