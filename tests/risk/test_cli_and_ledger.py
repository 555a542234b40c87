"""The `risk` and `watchlist` commands end to end, and the ledger's XLSX/CSV export."""

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
from queries.risk.ledger import titles
from tests.risk.city import City, uscc

runner = CliRunner()


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A configured installation holding a small risky city."""
    directory = tmp_path / "data"
    monkeypatch.setenv("ZHIQIAN_DATA_DIR", str(directory))
    monkeypatch.setenv("ZHIQIAN_HASH_KEY", "test-key-not-a-secret")
    get_settings.cache_clear()
    store = MemoryStore(directory)
    city = City(store)
    city.agencies()
    owner, gc = city.enterprise(1, "业主公司"), city.enterprise(2, "总包公司")
    city.project("P1", wage_account=False)
    city.chain("P1", owner, gc, overdue=1_000_000)
    city.workers("P1", gc, 12, due=500_000, paid=0)  # 25 + W05 10 + overdue 15 = 50
    store.close()
    yield directory
    get_settings.cache_clear()


def _run(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_score_exports_the_ledger(data_dir: Path, tmp_path: Path) -> None:
    xlsx, csv_path = tmp_path / "ledger.xlsx", tmp_path / "ledger.csv"
    out = json.loads(
        _run(
            "risk",
            "score",
            "--as-of",
            "2025-06-15",
            "--json",
            "--xlsx",
            str(xlsx),
            "--csv",
            str(csv_path),
        )
    )
    ledger = {row["key"]: row for row in out["ledger"]}
    assert ledger[uscc(2)]["grade"] == "橙色"
    assert ledger[uscc(2)]["responsible_unit"] == "浦东新区劳动保障监察大队"
    assert "纳入重点监管服务名单" in ledger[uscc(2)]["measures"]
    sheet = load_workbook(xlsx).active
    assert [c.value for c in sheet[1]] == titles()
    assert sheet.max_row == len(out["ledger"]) + 1
    assert csv_path.read_text(encoding="utf-8-sig").splitlines()[0].startswith("对象类别,标识")
    assert "风险台账" in _run("risk", "score", "--as-of", "2025-06-15")


def test_warnings_explain_and_signals(data_dir: Path, tmp_path: Path) -> None:
    found = json.loads(
        _run("risk", "warnings", "--project", "P1", "--json", "--as-of", "2025-06-15")
    )
    assert [w["rule_id"] for w in found] == ["W05_no_wage_account"]
    signals = tmp_path / "signals.csv"
    signals.write_text(
        f"信号类别,来源部门,日期,统一社会信用代码\n违法记录,区人社局,2025-06-01,{uscc(2)}\n",
        encoding="utf-8",
    )
    assert "导入 1 条信号" in _run("risk", "load-signals", str(signals))
    explained = json.loads(_run("risk", "explain", uscc(2), "--json", "--as-of", "2025-06-15"))
    assert "signal:violation" in [c["code"] for c in explained["contributions"]]
    assert "+25.0 在欠 12 人工资" in _run("risk", "explain", "总包公司", "--as-of", "2025-06-15")
    missing = runner.invoke(app, ["risk", "explain", "没有这家"])
    assert missing.exit_code == 1


def test_watchlist_commands(data_dir: Path, tmp_path: Path) -> None:
    policy = tmp_path / "policy.yaml"
    policy.write_text("campaign_start: 2025-06-02\ncampaign_end: 2025-06-30\n", encoding="utf-8")
    eid = uscc(1)
    _run("watchlist", "add", eid, "--reason", "手工纳入", "--by", "李处长", "--date", "2025-06-01")
    _run("watchlist", "visit", eid, "--visitor", "O-1", "--agency", "A-JC", "--date", "2025-06-03")
    args = ("--as-of", "2025-06-17", "--policy", str(policy), "--json")
    overdue = json.loads(_run("watchlist", "overdue", *args))
    assert [(o["eid"], o["missed_weeks"]) for o in overdue] == [(eid, ["2025-W24"])]
    listed = json.loads(_run("watchlist", "list", *args))
    assert [(e["eid"], e["current_reasons"]) for e in listed] == [(eid, [])]
    _run(
        "watchlist",
        "remove",
        eid,
        "--reason",
        "核查无欠薪",
        "--by",
        "李处长",
        "--as-of",
        "2025-06-17",
    )
    assert json.loads(_run("watchlist", "list", "--json")) == []
    entered = json.loads(_run("watchlist", "apply", "--as-of", "2025-06-15", "--json"))
    assert list(entered) == [uscc(2)]
    refused = runner.invoke(
        app, ["watchlist", "remove", uscc(2), "--reason", "x", "--by", "y", "--as-of", "2025-06-15"]
    )
    assert refused.exit_code == 1
