"""Rules fixed after checking the engine against published cases (tests/liability/published),
and the robustness of the scenario reader on the kinds of input those cases produce."""

from __future__ import annotations

from typing import Any

import pytest

from graph.errors import InvalidValue
from queries.liability import load_scenario
from tests.liability.helpers import caps, company, contract, crew, person, run, scenario

GC = company("GC", role="general_contractor")


def _foreman_paid_in_full(decided_on: str, **edge: Any) -> dict[str, Any]:
    return scenario(
        [GC, person("BOSS")],
        [
            contract("OWNER", "GC", "general_contract", overdue=0),
            contract("GC", "BOSS", "let_to_individual", **edge),
        ],
        [crew("BOSS", owed=18800.0, count=1)],
        decided_on=decided_on,
    )


# ------------------------------------------------ A8: full payment to the foreman (PC-03, PC-04)


def test_before_2020_full_payment_to_the_foreman_keeps_candidates_and_warns() -> None:
    answer = run(_foreman_paid_in_full("2019-01-09", price=18800.0, paid=18800.0))
    assert {"JOINT", "EMPLOYER_RESP"} <= caps(answer, "GC")
    assert any("付清" in w and "A8" in w for w in answer.warnings)


def test_before_2020_recorded_payments_covering_the_price_count_as_paid() -> None:
    data = _foreman_paid_in_full("2019-01-09", price=18800.0)
    data["payments"] = [{"from": "GC", "to": "BOSS", "amount": 18800, "via": "foreman_account"}]
    assert any("付清" in w for w in run(data).warnings)


def test_before_2020_a_partial_payment_of_unknown_scope_is_not_full_payment() -> None:
    """PC-05: the 总包 paid the foreman 400,000 'for part of the wages'; the price is unknown."""
    data = _foreman_paid_in_full("2017-12-15")
    data["payments"] = [{"from": "GC", "to": "BOSS", "amount": 400000, "via": "foreman_account"}]
    assert not any("付清" in w for w in run(data).warnings)


def test_before_2020_no_warning_while_price_is_still_unpaid() -> None:
    answer = run(_foreman_paid_in_full("2019-01-09", price=18800.0, paid=5000.0, unpaid=13800.0))
    assert not any("付清" in w for w in answer.warnings)


def test_after_2020_full_payment_to_the_foreman_does_not_release_the_contractor() -> None:
    answer = run(_foreman_paid_in_full("2022-06-01", price=18800.0, paid=18800.0, unpaid=0))
    assert "PAY" in caps(answer, "GC")
    assert not any("付清" in w for w in answer.warnings)


# ------------------------------------------------ the crew's own contract (PC-07)


def _two_jobs(**w1: Any) -> dict[str, Any]:
    job = contract("GC", "BOSS", "transfer")
    job["id"] = "JOB1"
    return scenario(
        [GC, company("LENDER"), person("BOSS")],
        [contract("OWNER", "GC", "general_contract", overdue=0), job],
        [crew("BOSS", gid="W1", **w1), crew("BOSS", gid="W2")],
        name_lending=[{"lender": "LENDER", "borrower": "BOSS"}],
    )


def _parties_for(answer: Any, group: str) -> set[str]:
    return {f.party for f in answer.findings if group in f.worker_groups}


def test_a_crew_under_a_named_contract_answers_only_to_that_chain() -> None:
    answer = run(_two_jobs(contract="JOB1"))
    assert "LENDER" not in _parties_for(answer, "W1")
    assert {"GC", "BOSS"} <= _parties_for(answer, "W1")


def test_a_crew_whose_contract_is_unknown_lists_every_candidate_and_warns() -> None:
    answer = run(_two_jobs(contract="JOB1"))
    assert {"GC", "LENDER", "BOSS"} <= _parties_for(answer, "W2")
    assert any(w.startswith("W2所属合同不明") for w in answer.warnings)


# ------------------------------------------------ order served on the upstream unit (PC-10)


def _crew_under_subcontractor(order_on: str) -> dict[str, Any]:
    return scenario(
        [GC, company("SUB"), person("BOSS")],
        [
            contract("OWNER", "GC", "general_contract", overdue=0),
            contract("GC", "SUB", "specialty_subcontract"),
            contract("SUB", "BOSS", "crew_contract"),
        ],
        [crew("BOSS")],
        events=[{"kind": "order_to_pay_served", "party": order_on}],
    )


def test_order_served_on_the_letting_unit_is_reported_as_such_for_the_foreman() -> None:
    (ref,) = run(_crew_under_subcontractor("SUB")).criminal_referral
    assert ref.party == "BOSS"
    assert "上游单位SUB有限公司" in ref.conditions[0]
    assert "待核实" in ref.conditions[0]


def test_order_served_on_the_foreman_himself_is_plain() -> None:
    (ref,) = run(_crew_under_subcontractor("BOSS")).criminal_referral
    assert ref.conditions[0] == "经政府有关部门责令支付仍不支付（已送达责令支付文书）"


# ------------------------------------------------ robustness of the reader


def _lab_crew(**group: Any) -> dict[str, Any]:
    return _gc_crew_group({"id": "W1", "employed_by": "BOSS", "claim": "wage", **group})


def _gc_crew_group(group: dict[str, Any]) -> dict[str, Any]:
    return scenario(
        [GC, person("BOSS")],
        [
            contract("OWNER", "GC", "general_contract", overdue=0),
            contract("GC", "BOSS", "发包给个人"),
        ],
        [group],
    )


@pytest.mark.parametrize("field", ["owed", "per_worker_owed_max", "count", "months_owed_max"])
def test_unknown_written_out_means_a_missing_value(field: str) -> None:
    facts = load_scenario(_lab_crew(**{"owed": "未知", field: "unknown"}))
    assert getattr(facts.worker_groups[0], field) is None


def test_unknown_amount_still_names_the_payers_and_warns() -> None:
    answer = run(_lab_crew(owed="unknown", count="unknown"))
    assert "PAY" in caps(answer, "GC")
    assert any("欠薪金额不明" in w for w in answer.warnings)


def test_amounts_with_thousands_commas_are_read_in_fen() -> None:
    facts = load_scenario(_lab_crew(owed="1,234,567.89"))
    assert facts.worker_groups[0].owed == 123456789


def test_unknown_booleans_and_chinese_tokens_are_read() -> None:
    data = _lab_crew(owed=1000, claim="劳动报酬")
    data["project"] |= {"planning_compliant": "unknown", "permit": "未知", "sector": "房建"}
    answer = run(data)
    assert "PAY" in caps(answer, "GC")
    assert any("第37条" in w for w in answer.warnings)


def test_ambiguous_labour_fee_is_refused_naming_the_field() -> None:
    """'劳务费' is what courts call both a worker's pay and a foreman's price (A6): no alias."""
    with pytest.raises(InvalidValue) as err:
        load_scenario(_lab_crew(claim="劳务费"))
    assert "worker_groups[0].claim" in str(err.value)


def test_a_negative_or_nonsense_amount_is_refused_not_crashing() -> None:
    with pytest.raises(InvalidValue):
        load_scenario(_lab_crew(owed="十二万"))
    with pytest.raises(InvalidValue):
        load_scenario(_lab_crew(count=-3))
