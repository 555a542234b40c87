"""`zhiqian load` and `zhiqian stats`: output, --json and exit codes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli.main import app
from graph.settings import get_settings
from tests.loaders.fixtures import rid, write_city, write_csv


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("ZHIQIAN_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ZHIQIAN_HASH_KEY", "cli-test-key")
    monkeypatch.setenv("ZHIQIAN_ALLOW_SYNTHETIC_IDS", "true")
    monkeypatch.setenv("ZHIQIAN_STORE", "memory")
    get_settings.cache_clear()
    yield write_city(tmp_path / "in")
    get_settings.cache_clear()


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, list(args))
    return result.exit_code, result.stdout


def test_load_prints_a_summary_and_stats_counts(env: Path) -> None:
    code, out = run("load", str(env))
    assert code == 0
    assert "导入结果" in out
    assert "rosters.csv" in out
    code, out = run("stats", "--json")
    counts = json.loads(out)
    assert code == 0
    assert counts["nodes"]["Person"] == 4
    assert counts["relationships"]["EMPLOYED_BY"] == 2
    code, out = run("stats")
    assert "人员 Person" in out


def test_load_json_report_and_idempotent_reload(env: Path) -> None:
    code, out = run("load", str(env), "--json")
    first = json.loads(out)
    assert code == 0
    assert first["written"] is True
    assert [f["file"] for f in first["files"]][:2] == ["enterprises.csv", "persons.csv"]
    before = json.loads(run("stats", "--json")[1])
    assert run("load", str(env), "--json")[0] == 0
    assert json.loads(run("stats", "--json")[1]) == before


def test_strict_with_a_bad_row_exits_2_and_writes_nothing(env: Path) -> None:
    write_csv(
        env / "claimants.csv", ["案件编号", "公民身份号码", "姓名"], [["K-404", rid(10), "李四"]]
    )
    code, out = run("load", str(env), "--strict", "--json")
    report = json.loads(out)
    assert code == 2
    assert report["written"] is False
    assert report["rejected"] == 1
    stats = json.loads(run("stats", "--json")[1])
    assert sum(stats["nodes"].values()) == 0


def test_bad_rows_without_strict_exit_0(env: Path) -> None:
    write_csv(
        env / "claimants.csv", ["案件编号", "公民身份号码", "姓名"], [["K-404", rid(10), "李四"]]
    )
    code, out = run("load", str(env), "--json")
    assert code == 0
    assert json.loads(out)["rejected"] == 1


def test_missing_directory_is_bad_input(env: Path) -> None:
    code, _out = run("load", str(env / "nowhere"))
    assert code == 2
