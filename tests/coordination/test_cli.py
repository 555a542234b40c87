"""The coordination commands end to end on the small test city."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from api.cli.main import app
from graph.settings import get_settings
from graph.store.memory import MemoryStore
from tests.coordination.conftest import PUDONG, add_case, build_city

runner = CliRunner()


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    directory = tmp_path / "data"
    monkeypatch.setenv("ZHIQIAN_DATA_DIR", str(directory))
    monkeypatch.setenv("ZHIQIAN_HASH_KEY", "test-key-not-a-secret")
    get_settings.cache_clear()
    store = MemoryStore(directory)
    build_city(store)
    add_case(store, "C-1", project="P-1", received_at="2025-01-06")
    add_case(store, "C-2", project="P-2", received_at="2025-01-03", workers=60)
    store.close()
    yield directory
    get_settings.cache_clear()


def _run(*args: str, code: int = 0) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == code, result.output
    return result.output


def test_assign_one_and_all(data_dir: Path) -> None:
    one = json.loads(_run("assign", "C-1", "--json", "--actor", "张科长"))
    assert one["assignments"][0]["owner"]["official_id"] == "O-LI-1"
    text = _run("assign", "--all")
    assert "共 2 件在办" in text
    assert "郑副区长" in text
    all_json = json.loads(_run("assign", "--all", "--json"))
    assert all_json["coverage"]["with_one_owner"] == 2
    _run("assign", code=2)


def test_case_move_show_and_refusal(data_dir: Path) -> None:
    _run("case", "move", "C-1", "verifying", "--reason", "受理核查", "--actor", "李四")
    shown = json.loads(_run("case", "show", "C-1", "--json"))
    assert shown["status"] == "verifying"
    assert shown["history"][-1]["actor"] == "李四"
    assert "mediation" in shown["allowed"]
    refused = runner.invoke(app, ["case", "move", "C-1", "closed", "--reason", "x"])
    assert refused.exit_code == 1
    assert "cannot move" in refused.output
    bad = runner.invoke(app, ["case", "move", "C-1", "finished", "--reason", "x"])
    assert bad.exit_code == 2


def test_case_escalate(data_dir: Path) -> None:
    _run("assign", "--all")
    found = json.loads(_run("case", "escalate", "--json"))
    assert {e["case_id"] for e in found} == {"C-1", "C-2"}  # both long past their 2025 deadline
    assert json.loads(_run("case", "escalate", "--json")) == []


def test_ledger_export_and_report(data_dir: Path, tmp_path: Path) -> None:
    _run("assign", "--all")
    rows = json.loads(_run("ledger", "--district", PUDONG, "--json"))
    assert [r["case_id"] for r in rows] == ["C-2", "C-1"]
    out = tmp_path / "台账.xlsx"
    assert "已导出 2 行" in _run("ledger", "--out", str(out))
    assert load_workbook(out).active["A2"].value == "C-2"
    assert "台账" in _run("ledger")
    rep = json.loads(_run("report", "major_monthly", "--period", "2025-01", "--json"))
    assert [r["case_id"] for r in rep["rows"]] == ["C-2"]
    assert "考核指标" in _run("report", "plc_quarterly", "--period", "2025Q1")
    _run("report", "yearly", code=2)
