"""The `zhiqian cross-district` command: table, JSON, XLSX, record, show and match decisions."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli.main import app
from graph.settings import Settings
from graph.store.memory import MemoryStore
from tests.crossdistrict.scenario import A_USCC, PUDONG, XUHUI, Builder

NOW = ["--now", "2026-06-30"]


@pytest.fixture
def runner(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """A CLI runner over an embedded store holding one company owing in two districts."""
    monkeypatch.setenv("ZHIQIAN_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("ZHIQIAN_HASH_KEY", "test-key-not-a-secret")
    from api.cli import common

    monkeypatch.setattr(common, "settings", lambda: settings)
    store = MemoryStore(settings.data_dir)
    b = Builder(store)
    a = b.enterprise(A_USCC, "上海甲建设有限公司")
    b.case(PUDONG, [a])
    b.case(XUHUI, [a])
    b.case(XUHUI, [b.enterprise("X-0001", "上海丙劳务有限公司")])
    b.case(PUDONG, [b.enterprise("X-0002", "上海丙劳务有限责任公司")])
    store.close()
    return CliRunner()


def test_table_json_xlsx_and_record(runner: CliRunner, tmp_path: Path) -> None:
    table = runner.invoke(app, ["cross-district", *NOW])
    assert table.exit_code == 0, table.output
    assert "跨区域欠薪协调组（1 个）" in table.output
    xlsx = tmp_path / "groups.xlsx"
    result = runner.invoke(app, ["cross-district", *NOW, "--json", "--record", "--xlsx", str(xlsx)])
    data = json.loads(result.output)
    [group] = data["groups"]
    assert group["coordinator"]["name"] == "上海市人力资源和社会保障局"
    assert {d["code"] for d in group["districts"]} == {PUDONG, XUHUI}
    assert xlsx.stat().st_size > 0
    shown = runner.invoke(app, ["cross-district", "show", group["id"], *NOW, "--json"])
    assert json.loads(shown.output)["id"] == group["id"]
    missing = runner.invoke(app, ["cross-district", "show", "CG-NOPE"])
    assert missing.exit_code == 1


def test_match_decisions(runner: CliRunner) -> None:
    bad = runner.invoke(
        app, ["cross-district", "match", "confirm", "X-0001", "X-0001", "--reason", "同一"]
    )
    assert bad.exit_code == 2
    before = runner.invoke(app, ["cross-district", "matches", "--json"])
    assert [(m["a"], m["b"]) for m in json.loads(before.output)] == [("X-0001", "X-0002")]
    ok = runner.invoke(
        app, ["cross-district", "match", "reject", "X-0001", "X-0002", "--reason", "不同单位"]
    )
    assert ok.exit_code == 0, ok.output
    pending = runner.invoke(app, ["cross-district", "matches", "--json"])
    assert json.loads(pending.output) == []
