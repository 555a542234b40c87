"""`zhiqian liability`: readable report, exact JSON, exit 2 on bad input with nothing on stdout."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli.main import app
from graph.enums import Label, RelType
from graph.privacy import Pseudonymiser
from graph.settings import Settings, get_settings
from graph.store.memory import MemoryStore
from graph.store.records import NodeRef, RelRecord
from graph.values import resident_id_check_digit
from queries.liability import evaluate, load_scenario
from tests.conftest import SHARED
from tests.liability.helpers import load_into_store

EX04 = SHARED / "scenarios" / "EX-04.yaml"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def test_json_is_exactly_the_engine_answer(runner: CliRunner) -> None:
    result = runner.invoke(app, ["liability", "--scenario", str(EX04), "--json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout) == evaluate(load_scenario(EX04)).model_dump(mode="json")


def test_report_draws_the_chain_and_the_findings(runner: CliRunner) -> None:
    result = runner.invoke(app, ["liability", "--scenario", str(EX04)])
    assert result.exit_code == 0
    assert (
        "建设单位 甲置业有限公司 → 总包 乙建工集团有限公司 → 包工头 马某 → 18名工人"
        in result.stdout
    )
    assert "先行清偿" in result.stdout
    assert "第36条第1款" in result.stdout
    assert "建议追责顺序：马某 → 乙建工集团有限公司" in result.stdout


def test_decided_on_overrides_the_file(runner: CliRunner) -> None:
    result = runner.invoke(
        app, ["liability", "--scenario", str(EX04), "--decided-on", "2025-10-01", "--json"]
    )
    assert json.loads(result.stdout)["regime"] == "post_2025_09_01"


def test_bad_scenario_exits_2_names_field_and_value_and_prints_nothing(
    runner: CliRunner, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        EX04.read_text(encoding="utf-8").replace("kind: individual", "kind: indivdual"),
        encoding="utf-8",
    )
    result = runner.invoke(app, ["liability", "--scenario", str(bad), "--json"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "parties[2].kind" in result.stderr
    assert "indivdual" in result.stderr


def test_no_source_or_two_sources_is_bad_input(runner: CliRunner) -> None:
    assert runner.invoke(app, ["liability"]).exit_code == 2
    assert runner.invoke(app, ["liability", "--scenario", str(EX04), "--case", "C1"]).exit_code == 2


def test_project_and_worker_routes_read_the_store(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, settings: Settings
) -> None:
    monkeypatch.setenv("ZHIQIAN_DATA_DIR", str(settings.data_dir))
    monkeypatch.setenv("ZHIQIAN_HASH_KEY", "test-key-not-a-secret")
    get_settings.cache_clear()
    monkeypatch.setenv("ZHIQIAN_ALLOW_SYNTHETIC_IDS", "true")
    rid = "99010119900101123" + resident_id_check_digit("99010119900101123")
    pid = Pseudonymiser(b"test-key-not-a-secret").person_key(rid)
    store = MemoryStore(settings.data_dir)
    load_into_store(store, load_scenario(EX04), "P-EX04")
    store.upsert_nodes(Label.PERSON, [{"pid": pid, "name": "测试工人", "id_masked": "***"}])
    store.upsert_relationships(
        RelType.EMPLOYED_BY,
        [
            RelRecord(
                RelType.EMPLOYED_BY,
                NodeRef(Label.PERSON, pid),
                NodeRef(Label.PERSON, "FOREMAN"),
                "P-EX04",
                {"project": "P-EX04", "wages_due": 1_234_500, "wages_paid": 0},
            )
        ],
    )
    store.close()
    try:
        project = runner.invoke(
            app, ["liability", "--project", "P-EX04", "--decided-on", "2024-09-10", "--json"]
        )
        worker = runner.invoke(app, ["liability", "--worker", "P-EX04-W1-0", "--project", "P-EX04"])
        missing = runner.invoke(app, ["liability", "--project", "P-NONE"])
        by_id = runner.invoke(app, ["liability", "--worker", rid, "--project", "P-EX04", "--json"])
        by_pid = runner.invoke(app, ["liability", "--worker", pid, "--project", "P-EX04", "--json"])
    finally:
        get_settings.cache_clear()
    assert project.exit_code == 0
    assert {(f["party"], f["capacity"]) for f in json.loads(project.stdout)["findings"]} >= {
        ("FOREMAN", "DIRECT"),
        ("GC", "PAY"),
    }
    assert worker.exit_code == 2  # not a resident id nor a pid: refused, and the value is masked
    assert "***" in worker.stderr
    assert missing.exit_code == 1
    assert "P-NONE" in missing.stderr
    assert by_id.exit_code == 0
    assert by_id.stdout == by_pid.stdout
    direct = next(f for f in json.loads(by_id.stdout)["findings"] if f["capacity"] == "DIRECT")
    assert (direct["party"], direct["amount"]) == ("FOREMAN", 12345.0)
    assert rid not in by_id.stdout
