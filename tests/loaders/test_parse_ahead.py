"""Loading on two cores (a forked reader, this process writing) and the wage-line fast path
give exactly what a load in one process through the generic row path gives."""

from __future__ import annotations

import gc
import multiprocessing
from pathlib import Path
from typing import Any

import pytest

from graph.errors import StoreError
from graph.settings import Settings
from graph.store.memory import MemoryStore
from loaders import ingest
from loaders.ingest import load_directory
from loaders.report import LoadReport
from loaders.rows import BUILDERS
from loaders.synthetic import generate
from tests.loaders.fixtures import rid, write_city, write_csv
from tests.loaders.test_ingest import snapshot


@pytest.fixture(scope="module")
def tiny_city(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("tiny")
    generate("tiny", 7, out)
    return out


def _comparable(report: LoadReport) -> list[dict[str, Any]]:
    return [f.model_dump(exclude={"seconds", "rejects_file"}) for f in report.files]


def _load(
    directory: Path, settings: Settings, store_dir: Path, **kwargs: Any
) -> tuple[LoadReport, dict[str, Any]]:
    store = MemoryStore(store_dir)
    try:
        report = load_directory(store, directory, settings, **kwargs)
        return report, snapshot(store)
    finally:
        store.close()


def _with_bad_wage_lines(city: Path) -> Path:
    write_csv(
        city / "wages.csv",
        ["项目编号", "公民身份号码", "工资月份", "应发工资（元）", "实发工资（元）", "发放日期"],
        [
            ["P-001", rid(10), "2024-03", "100", "100", "2024-04-10"],
            ["P-001", rid(10), "2024-04", "100", "40", ""],
            ["P-001", rid(14), "2024-03", "100", "0", ""],  # no roster row
            ["P-001", rid(10), "2024-13", "100", "0", ""],  # no such month
            ["P-001", rid(10), "2024-05", "-5", "0", ""],  # negative
            ["P-001", rid(10), "2024-05", "100", "", ""],  # required cell empty
            ["P-001", " " + rid(10) + " ", "2024-05", "100.5", "100.50", "2024/6/1"],
        ],
    )
    return city


@pytest.mark.parametrize("which", ["fixture", "synthetic"])
def test_parse_ahead_load_equals_a_load_in_one_process(
    which: str, tiny_city: Path, settings: Settings, tmp_path: Path
) -> None:
    city = tiny_city if which == "synthetic" else _with_bad_wage_lines(write_city(tmp_path / "in"))
    ahead, ahead_graph = _load(city, settings, tmp_path / "a")
    alone, alone_graph = _load(city, settings, tmp_path / "b", parse_ahead=False)
    assert ahead_graph == alone_graph
    assert _comparable(ahead) == _comparable(alone)
    assert sum(f.edges_written for f in ahead.files) > 0


@pytest.mark.parametrize("which", ["fixture", "synthetic"])
def test_wage_fast_path_folds_lines_like_the_generic_path(
    which: str,
    tiny_city: Path,
    settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    city = tiny_city if which == "synthetic" else _with_bad_wage_lines(write_city(tmp_path / "in"))
    fast, fast_graph = _load(city, settings, tmp_path / "a", parse_ahead=False)
    monkeypatch.setattr(ingest, "FAST_PATHS", {})
    generic, generic_graph = _load(city, settings, tmp_path / "b", parse_ahead=False)
    assert fast_graph == generic_graph
    assert _comparable(fast) == _comparable(generic)


def test_bad_wage_lines_are_still_reported_one_by_one(settings: Settings, tmp_path: Path) -> None:
    city = _with_bad_wage_lines(write_city(tmp_path / "in"))
    report, _ = _load(city, settings, tmp_path / "a")
    wages = next(f for f in report.files if f.file == "wages.csv")
    assert (wages.loaded, wages.rejected) == (3, 4)
    assert [e.split(":")[0] for e in wages.errors] == [
        "wages.csv line 4, column 公民身份号码",
        "wages.csv line 5, column 工资月份",
        "wages.csv line 6, column 应发工资（元）",
        "wages.csv line 7, column 实发工资（元）",
    ]


def test_a_failure_while_reading_reaches_the_caller_and_keeps_what_was_written(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: Any) -> None:
        raise RuntimeError("the projects builder broke")

    monkeypatch.setitem(BUILDERS, "projects", broken)
    store = MemoryStore(tmp_path / "store")
    try:
        with pytest.raises(RuntimeError, match="the projects builder broke"):
            load_directory(store, write_city(tmp_path / "in"), settings)
        written = {k: v for k, v in store.counts().items() if v}
    finally:
        store.close()
    assert written["Enterprise"] > 0  # enterprises come before projects
    assert "Project" not in written
    assert multiprocessing.active_children() == []
    reopened = MemoryStore(tmp_path / "store")
    try:
        assert {k: v for k, v in reopened.counts().items() if v} == written
    finally:
        reopened.close()


def test_a_failed_write_stops_the_reader(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = MemoryStore(tmp_path / "store")
    calls = {"n": 0}
    upsert = store.upsert_relationship_rows

    def failing(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] > 2:
            raise StoreError("disk full")
        return upsert(*args, **kwargs)

    monkeypatch.setattr(store, "upsert_relationship_rows", failing)
    try:
        with pytest.raises(StoreError, match="disk full"):
            load_directory(store, write_city(tmp_path / "in"), settings)
    finally:
        store.close()
    assert multiprocessing.active_children() == []


class _Recorder:
    def __init__(self) -> None:
        self.started: list[tuple[str, int | None]] = []
        self.rows = 0
        self.finished = 0

    def start(self, name: str, total: int | None) -> None:
        self.started.append((name, total))

    def advance(self, rows: int) -> None:
        self.rows += rows

    def finish(self) -> None:
        self.finished += 1


def test_progress_of_the_reader_is_shown_by_the_caller(
    tiny_city: Path, settings: Settings, tmp_path: Path
) -> None:
    progress = _Recorder()
    report, _ = _load(tiny_city, settings, tmp_path / "a", progress=progress)
    sources = [f for f in report.files if f.source != "signals"]
    assert [name for name, _ in progress.started] == [f.file for f in sources]
    assert progress.finished == len(sources)
    assert progress.rows == sum(f.rows for f in sources)


def test_the_collector_is_paused_during_a_load_and_back_after(
    tiny_city: Path, settings: Settings, tmp_path: Path
) -> None:
    assert gc.isenabled()
    gc.unfreeze()
    _load(tiny_city, settings, tmp_path / "a")
    assert gc.isenabled()
    assert gc.get_freeze_count() > 0
    gc.unfreeze()


def _with_a_worker_on_two_projects(city: Path) -> Path:
    write_csv(
        city / "projects.csv",
        ["项目编号", "项目名称", "项目所在地区划代码"],
        [["P-001", "花木路改造工程", "310115010"], ["P-002", "世纪大道工程", "310115010"]],
    )
    write_csv(
        city / "rosters.csv",
        ["项目编号", "公民身份号码", "姓名", "用工单位名称"],
        [
            ["P-001", rid(10), "李四", "浦江建设集团有限公司"],
            ["P-002", rid(10), "李四", "申城劳务有限公司"],
            ["P-001", rid(11), "赵六", "浦江建设集团有限公司"],
        ],
    )
    write_csv(
        city / "wages.csv",
        ["项目编号", "公民身份号码", "工资月份", "应发工资（元）", "实发工资（元）", "发放日期"],
        [
            ["P-001", rid(10), "2024-03", "100", "100", "2024-04-10"],
            ["P-002", rid(10), "2024-03", "200", "0", ""],
            ["P-002", rid(10), "2024-04", "200", "50", "2024-05-10"],
            ["P-001", rid(10), "2024-04", "100", "100", "2024-05-12"],
            ["P-001", rid(11), "2024-03", "300", "300", ""],
            ["P-002", rid(11), "2024-03", "300", "0", ""],  # no roster row on P-002
            ["P-001", rid(11), "2024-03", "300", "200", "2024-04-01"],  # the same month again
        ],
    )
    return city


def test_wage_lines_of_one_worker_on_two_projects_fold_like_the_generic_path(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    city = _with_a_worker_on_two_projects(write_city(tmp_path / "in"))
    fast, fast_graph = _load(city, settings, tmp_path / "a", parse_ahead=False)
    monkeypatch.setattr(ingest, "FAST_PATHS", {})
    generic, generic_graph = _load(city, settings, tmp_path / "b", parse_ahead=False)
    assert fast_graph == generic_graph
    assert _comparable(fast) == _comparable(generic)
    wages = next(f for f in fast.files if f.file == "wages.csv")
    assert (wages.loaded, wages.rejected) == (6, 1)
