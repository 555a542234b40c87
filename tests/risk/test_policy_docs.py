"""The policy: shipped defaults, overrides, bad files, and docs/risk.md listing every field."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.errors import InvalidValue
from queries.risk.policy import RiskPolicy, load_policy
from queries.risk.rules import RULE_TITLES

DOC = Path(__file__).resolve().parents[2] / "docs" / "risk.md"


def test_every_policy_field_and_rule_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    missing = [name for name in RiskPolicy.model_fields if f"`{name}`" not in text]
    assert missing == []
    assert [rule for rule in RULE_TITLES if rule not in text] == []


def test_shipped_policy_weighs_every_rule() -> None:
    policy = load_policy()
    assert set(policy.warning_points) == set(RULE_TITLES)
    assert set(policy.measures) == {"red", "orange", "yellow", "blue"}
    assert policy.grades.red > policy.grades.orange > policy.grades.yellow > policy.grades.blue


def test_an_override_file_changes_only_its_fields(tmp_path: Path) -> None:
    path = tmp_path / "local.yaml"
    path.write_text("propagation_decay: 0.25\ncampaign_start: 2025-11-03\n", encoding="utf-8")
    policy = load_policy(path)
    assert policy.propagation_decay == 0.25
    assert str(policy.campaign_start) == "2025-11-03"
    assert policy.lookback_months == load_policy().lookback_months


@pytest.mark.parametrize("body", ["propagation_decay: 2\n", "no_such_field: 1\n", "- a list\n"])
def test_bad_policy_files_are_refused(tmp_path: Path, body: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(body, encoding="utf-8")
    with pytest.raises(InvalidValue, match=r"bad\.yaml"):
        load_policy(path)
