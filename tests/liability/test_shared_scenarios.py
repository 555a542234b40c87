"""Every example in ../shared/scenarios gives its expected answer (README's expectation keys)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from queries.liability import Answer, evaluate, load_scenario
from tests.conftest import SHARED
from tests.liability.helpers import expectation_failures

SCENARIOS = sorted((SHARED / "scenarios").glob("EX-*.yaml"))


def _answer(path: Path) -> tuple[Answer, dict]:  # type: ignore[type-arg]
    expected = json.loads(path.with_name(path.stem + ".expected.json").read_text(encoding="utf-8"))
    return evaluate(load_scenario(path)), expected


def test_all_fourteen_examples_are_found() -> None:
    assert len(SCENARIOS) == 14


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_must_name_each_party_with_a_compatible_capacity(path: Path) -> None:
    answer, expected = _answer(path)
    wanted = Counter((m["party"], tuple(m["capacities"])) for m in expected["must_name"])
    for (party, capacities), times in wanted.items():
        hits = [f for f in answer.findings if f.party == party and f.capacity in capacities]
        assert len(hits) >= times, (party, capacities)
    for m in expected["must_name"]:
        hits = [
            f for f in answer.findings if f.party == m["party"] and f.capacity in m["capacities"]
        ]
        if "worker_groups" in m:
            assert set(m["worker_groups"]) <= {g for f in hits for g in f.worker_groups}
        if "cap" in m:
            assert any(f.cap == m["cap"] for f in hits)


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_must_not_name(path: Path) -> None:
    answer, expected = _answer(path)
    assert not {f.party for f in answer.findings} & set(expected["must_not_name"])


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_criminal_subjects_and_regime(path: Path) -> None:
    answer, expected = _answer(path)
    if expected["criminal_subject"] is not None:
        assert sorted({r.party for r in answer.criminal_referral}) == sorted(
            expected["criminal_subject"]
        )
    assert answer.regime == expected["regime"]


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_answer_is_the_liability_format(path: Path) -> None:
    answer, _ = _answer(path)
    data = answer.model_dump(mode="json")
    assert data["format"] == "zhiqian-liability/1"
    assert set(data) >= {
        "scenario",
        "findings",
        "criminal_referral",
        "enforcement_order",
        "warnings",
    }
    for finding in data["findings"]:
        assert set(finding) == {
            "party",
            "capacity",
            "worker_groups",
            "amount",
            "cap",
            "recourse_to",
            "basis",
            "evidence",
            "explanation",
        }
        assert finding["explanation"].endswith("。")
        assert all({"law", "article"} <= set(b) for b in finding["basis"])


def test_ex11_general_contractor_is_not_paying_on_article_36() -> None:
    answer, _ = _answer(SHARED / "scenarios" / "EX-11.yaml")
    gc_basis = {
        (b.article, b.paragraph) for f in answer.findings if f.party == "GC" for b in f.basis
    }
    assert (36, 1) not in gc_basis
    assert (30, 3) in gc_basis


def test_ex14_warns_that_the_employer_is_not_connected() -> None:
    answer, expected = _answer(SHARED / "scenarios" / "EX-14.yaml")
    assert expected["warning_expected"]
    assert any("许某" in w and "没有已知联系" in w for w in answer.warnings)


def test_ex13_contract_price_names_nobody_and_says_why() -> None:
    answer, _ = _answer(SHARED / "scenarios" / "EX-13.yaml")
    assert answer.findings == ()
    assert answer.criminal_referral == ()
    assert any("不属于农民工工资" in w for w in answer.warnings)


def test_ex08_advance_is_capped_and_evidence_runs_from_owner_to_employer() -> None:
    answer, _ = _answer(SHARED / "scenarios" / "EX-08.yaml")
    advance = next(f for f in answer.findings if f.capacity == "ADVANCE_CAPPED")
    assert (advance.party, advance.cap, advance.amount) == ("OWNER", 680000.0, 912600.0)
    assert [(x.from_, x.to, x.kind) for x in advance.evidence] == [
        ("OWNER", "GC", "general_contract"),
        ("GC", "SUB", "labour_subcontract"),
    ]


def test_ex02_pay_first_recourse_runs_down_the_chain() -> None:
    answer, _ = _answer(SHARED / "scenarios" / "EX-02.yaml")
    deep = next(
        f for f in answer.findings if f.capacity == "PAY_FIRST" and f.worker_groups == ("W2",)
    )
    assert deep.recourse_to == ("T1", "T2", "T3", "T4")
    assert answer.enforcement_order[:2] == ("S1", "T4")


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_expectation_checker_used_for_published_cases_accepts_each_example(path: Path) -> None:
    """The checker of tests/liability/published agrees with the tests above on the examples."""
    answer, expected = _answer(path)
    assert expectation_failures(answer, expected) == []
