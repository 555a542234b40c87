"""`zhiqian generate`: write the seeded synthetic city (input files and truth files)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from api.cli.common import console, err_console, handle_errors, print_json
from loaders.columns import SOURCES_BY_NAME
from loaders.synthetic import SCALES, GeneratedCity, generate


@handle_errors
def generate_command(
    *,
    scale: Annotated[str, typer.Option("--scale", help="规模：tiny | district | city")] = "tiny",
    seed: Annotated[int, typer.Option("--seed", help="随机种子（同一种子逐字节相同）")] = 42,
    out: Annotated[Path, typer.Option("--out", help="输出目录")] = Path("synthetic"),
    fmt: Annotated[str, typer.Option("--format", help="文件格式：csv | xlsx")] = "csv",
    encoding: Annotated[
        str, typer.Option("--encoding", help="CSV 编码：utf-8 | gb18030")
    ] = "utf-8",
    as_json: Annotated[bool, typer.Option("--json", help="以 JSON 输出各文件行数")] = False,
) -> None:
    """生成合成城市数据（企业、项目、花名册、工资、案件…），经真实导入流程使用。"""
    started = time.perf_counter()
    if as_json:
        city = generate(scale, seed, out, fmt=fmt, encoding=encoding)
    else:
        city = _with_progress(scale, seed, out, fmt, encoding)
    seconds = round(time.perf_counter() - started, 1)
    if as_json:
        print_json(
            {
                "scale": city.scale,
                "seed": city.seed,
                "out_dir": str(city.out_dir),
                "counts": city.counts,
                "scenarios": city.scenario_count,
                "cross_district_groups": len(city.cross_district_groups),
                "risky_enterprises": len(city.risky_enterprises),
                "seconds": seconds,
            }
        )
        return
    console.print(_summary(city, seconds))


def _with_progress(scale: str, seed: int, out: Path, fmt: str, encoding: str) -> GeneratedCity:
    columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    with Progress(*columns, console=err_console, transient=True) as bar:
        task = bar.add_task(f"生成 {scale} 规模（种子 {seed}）", total=None)

        def step(stage: str) -> None:
            bar.update(task, description=f"生成 {scale} 规模（种子 {seed}）：{stage}")

        return generate(scale, seed, out, fmt=fmt, encoding=encoding, progress=step)


def _summary(city: GeneratedCity, seconds: float) -> Table:
    table = Table(title=f"合成数据：{city.scale} 规模，种子 {city.seed}，用时 {seconds} 秒")
    table.add_column("文件")
    table.add_column("内容")
    table.add_column("行数", justify="right")
    for path in city.files:
        source = SOURCES_BY_NAME.get(path.stem)
        name, title = (source.name, source.zh) if source else (path.stem, "预警信号")
        table.add_row(path.name, title, f"{city.counts[name]:,}")
    table.add_row(
        "truth/scenarios.jsonl", "案件事实（zhiqian-scenario/1）", f"{city.scenario_count:,}"
    )
    table.add_row(
        "truth/cross_district_groups.json",
        "跨区关联组（真值）",
        f"{len(city.cross_district_groups):,}",
    )
    table.add_row(
        "truth/risky_enterprises.json", "风险企业（真值）", f"{len(city.risky_enterprises):,}"
    )
    return table


def register(app: typer.Typer) -> None:
    """Adds `zhiqian generate`."""
    app.command("generate", help=f"生成合成城市数据（规模：{'、'.join(SCALES)}）")(generate_command)
