"""`zhiqian load` and `zhiqian stats`: getting agency files in, and counting what is there."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from api.cli.common import (
    EXIT_BAD_INPUT,
    console,
    err_console,
    handle_errors,
    print_json,
    settings,
    store_session,
)
from graph.enums import LABEL_TITLES, REL_TITLES, Label, RelType
from loaders.ingest import load_directory
from loaders.report import LoadReport


class RichProgress:
    """A progress bar per file (rows and rows/s), drawn on stderr."""

    def __init__(self) -> None:
        self._bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]} 行/秒"),
            TimeElapsedColumn(),
            console=err_console,
            transient=False,
        )
        self._task: TaskID | None = None

    def __enter__(self) -> RichProgress:
        self._bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._bar.stop()

    def start(self, name: str, total: int | None) -> None:
        self._task = self._bar.add_task(name, total=total, rate="-")

    def advance(self, rows: int) -> None:
        if self._task is not None:
            self._bar.advance(self._task, rows)
            speed = self._bar.tasks[self._task].speed
            self._bar.update(self._task, rate=f"{speed:,.0f}" if speed else "-")

    def finish(self) -> None:
        if self._task is not None:
            task = self._bar.tasks[self._task]
            self._bar.update(self._task, total=task.completed)
            self._task = None


def summary_table(report: LoadReport) -> Table:
    table = Table(title="导入结果" if report.written else "校验结果（未写入）")
    for title in ("文件", "编码", "行数", "已导入", "已拒绝", "警告", "节点", "关系", "秒"):
        table.add_column(title, justify="left" if title in ("文件", "编码") else "right")
    for f in report.files:
        table.add_row(
            f.file,
            f.encoding or "-",
            f"{f.rows:,}",
            f"{f.loaded:,}",
            f"[red]{f.rejected:,}[/red]" if f.rejected else "0",
            str(f.warnings),
            f"{f.nodes_written:,}",
            f"{f.edges_written:,}",
            f"{f.seconds:.1f}",
        )
    return table


def _print_problems(report: LoadReport) -> None:
    for f in report.files:
        if f.fatal:
            err_console.print(f"[red]无法导入[/red] {f.fatal}", highlight=False)
        for message in (*f.errors[:5], *f.warning_messages[:5]):
            err_console.print(f"  {message}", highlight=False, markup=False)
        if f.rejects_file:
            err_console.print(f"  拒绝行已写入 {f.rejects_file}", highlight=False)


def _report_json(report: LoadReport) -> dict[str, Any]:
    data = report.model_dump(mode="json")
    data |= {"rejected": report.rejected, "exit_code": report.exit_code}
    return data


@handle_errors
def load(
    directory: Annotated[Path, typer.Argument(help="目录：enterprises.csv、rosters.xlsx …")],
    strict: Annotated[bool, typer.Option("--strict", help="任何一行有错则全部不写入")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出导入报告")] = False,
) -> None:
    """导入数据目录（企业、人员、项目、合同、花名册、工资、案件、部门…），可重复导入。"""
    current = settings()
    with store_session(current) as store:
        if as_json:
            report = load_directory(store, directory, current, strict=strict)
        else:
            with RichProgress() as progress:
                report = load_directory(store, directory, current, strict=strict, progress=progress)
    if as_json:
        print_json(_report_json(report))
    else:
        console.print(summary_table(report))
        _print_problems(report)
        if report.rejected and report.written:
            err_console.print(f"[yellow]警告[/yellow] {report.rejected:,} 行被拒绝，其余已导入")
        if not report.written:
            err_console.print(f"[red]未写入[/red] {report.rejected:,} 行有错（--strict）")
    if report.exit_code:
        raise typer.Exit(EXIT_BAD_INPUT)


@handle_errors
def stats(
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出")] = False,
) -> None:
    """图谱统计：各类节点与关系的数量。"""
    with store_session() as store:
        counts = store.counts()
    nodes = {label.value: counts.get(label.value, 0) for label in Label}
    rels = {rel.value: counts.get(rel.value, 0) for rel in RelType}
    if as_json:
        print_json({"nodes": nodes, "relationships": rels})
        return
    console.print(
        count_table("节点", {f"{LABEL_TITLES[Label(k)]} {k}": v for k, v in nodes.items()})
    )
    console.print(
        count_table("关系", {f"{REL_TITLES[RelType(k)]} {k}": v for k, v in rels.items()})
    )


def count_table(title: str, counts: dict[str, int]) -> Table:
    table = Table(title=title)
    table.add_column("类别")
    table.add_column("数量", justify="right")
    for name, count in counts.items():
        table.add_row(name, f"{count:,}")
    return table


def register(app: typer.Typer) -> None:
    """Add `load` and `stats` to the CLI."""
    app.command("load")(load)
    app.command("stats")(stats)
