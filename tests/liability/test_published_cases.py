"""Real published cases (court judgments, 指导案例, procuratorate and police reports) encoded as
scenarios in tests/liability/published: the engine must give the outcome the law and the
published decision give, mapped to the engine's capacities (see each *.expected.json notes)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from queries.liability import evaluate, load_scenario
from tests.liability.helpers import expectation_failures

PUBLISHED = Path(__file__).parent / "published"
CASES = sorted(PUBLISHED.glob("PC-*.yaml"))


def _expected(path: Path) -> dict:  # type: ignore[type-arg]
    text = path.with_name(path.stem + ".expected.json").read_text(encoding="utf-8")
    return json.loads(text)  # type: ignore[no-any-return]


def test_at_least_ten_published_cases_are_encoded() -> None:
    assert len(CASES) >= 10


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_published_outcome(path: Path) -> None:
    answer = evaluate(load_scenario(path))
    assert expectation_failures(answer, _expected(path)) == []


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_each_case_cites_its_source(path: Path) -> None:
    header = path.read_text(encoding="utf-8").split("format:")[0]
    assert "# Source:" in header
    assert "Outcome:" in header
    assert _expected(path)["source"]
    assert yaml.safe_load(path.read_text(encoding="utf-8"))["id"] == path.stem


@pytest.mark.parametrize("path", CASES, ids=lambda p: p.stem)
def test_no_case_falls_back_silently_on_a_missing_date(path: Path) -> None:
    answer = evaluate(load_scenario(path))
    if yaml.safe_load(path.read_text(encoding="utf-8")).get("decided_on") is None:
        assert any("未给出决定日期" in w for w in answer.warnings)


def test_pc07_each_upstream_party_answers_for_its_own_works_only() -> None:
    """贡井法院: the 转包人 for the boiler crew, the name-lender for the pipe crew."""
    answer = evaluate(load_scenario(PUBLISHED / "PC-07.yaml"))
    boiler = {f.party for f in answer.findings if f.worker_groups == ("W1",)}
    assert "SC" not in boiler
    assert {"HN", "ZOU"} <= boiler


def test_pc10_referral_says_the_order_reached_the_subcontractor_not_the_foreman() -> None:
    answer = evaluate(load_scenario(PUBLISHED / "PC-10.yaml"))
    (ref,) = answer.criminal_referral
    assert "上游单位某经建筑工程（湛江）有限公司" in ref.conditions[0]
