"""The policy loads, rejects bad files, and every field is documented in docs/coordination.md."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from graph.errors import InvalidValue
from queries.coordination.lifecycle import STATE_TITLES
from queries.coordination.policy import (
    POLICY_ENV,
    CoordinationPolicy,
    DeadlineRule,
    GradeRule,
    LeaderRule,
    Pick,
    default_policy,
    load_policy,
)
from queries.coordination.reports import KPI_TITLES, REPORT_KINDS

DOC = Path(__file__).resolve().parents[2] / "docs" / "coordination.md"


@pytest.mark.parametrize("model", [CoordinationPolicy, GradeRule, Pick, LeaderRule, DeadlineRule])
def test_every_policy_field_is_documented(model: type[CoordinationPolicy]) -> None:
    text = DOC.read_text(encoding="utf-8")
    missing = [name for name in model.model_fields if f"`{name}`" not in text]
    assert missing == []


def test_states_reports_and_kpis_are_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    names = [*STATE_TITLES, *REPORT_KINDS, *KPI_TITLES]
    assert [n for n in names if f"`{n}`" not in text] == []


def test_default_policy_is_complete() -> None:
    policy = default_policy()
    assert set(policy.leaders) == {"ordinary", "difficult", "major", "special"}
    assert set(policy.deadlines) <= set(STATE_TITLES)
    assert {r.anchor for r in policy.deadlines.values()} <= set(STATE_TITLES)
    assert set(policy.kpi_targets) == set(KPI_TITLES)
    assert policy.kpi_targets["complaint_closure"] == 0.98


def test_policy_from_a_file_and_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = default_policy().model_dump(mode="json")
    data["grades"][1]["min_workers"] = 30
    path = tmp_path / "local.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert load_policy(path).grades[1].min_workers == 30
    monkeypatch.setenv(POLICY_ENV, str(path))
    assert load_policy().grades[1].min_workers == 30


def test_bad_policy_files_are_refused(tmp_path: Path) -> None:
    with pytest.raises(InvalidValue, match="does not exist"):
        load_policy(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("grades: 3\n", encoding="utf-8")
    with pytest.raises(InvalidValue, match="not a valid policy"):
        load_policy(bad)
