"""The truth files agree with the rows written, and scenarios pass the scenario reader."""

from __future__ import annotations

import json
from collections import Counter

from graph.values import yuan_to_fen
from loaders.synthetic import GeneratedCity
from queries.liability.scenario import load_scenario
from tests.synthetic.conftest import Rows


def scenarios(city: GeneratedCity) -> list[dict]:
    lines = city.scenarios_path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def test_truth_files_match_the_object(tiny: GeneratedCity) -> None:
    folder = tiny.out_dir / "truth"
    groups = json.loads((folder / "cross_district_groups.json").read_text(encoding="utf-8"))
    risky = json.loads((folder / "risky_enterprises.json").read_text(encoding="utf-8"))
    assert groups == tiny.cross_district_groups
    assert risky == tiny.risky_enterprises
    assert len(scenarios(tiny)) == tiny.scenario_count


def test_every_group_spans_districts_and_has_cases_in_each(
    tiny: GeneratedCity, tiny_rows: Rows
) -> None:
    cases = {r["id"]: r for r in tiny_rows("cases")}
    assert {g["kind"] for g in tiny.cross_district_groups} == {
        "controller",
        "foreman",
        "name_variant",
    }
    for group in tiny.cross_district_groups:
        assert len(group["districts"]) >= 2
        districts = {cases[c]["area"][:6] for c in group["case_ids"]}
        assert districts == set(group["districts"])


def test_group_members_are_in_the_files(tiny: GeneratedCity, tiny_rows: Rows) -> None:
    usccs = {r["uscc"] for r in tiny_rows("enterprises")}
    people = {r["resident_id"] for r in tiny_rows("persons")}
    for group in tiny.cross_district_groups:
        assert {e["uscc"] for e in group["enterprises"]} <= usccs
        assert {p["resident_id"] for p in group["persons"]} <= people


def test_one_scenario_per_case_that_concerns_a_project(
    tiny: GeneratedCity, tiny_rows: Rows
) -> None:
    with_project = {r["id"] for r in tiny_rows("cases") if r["project"]}
    assert {s["id"] for s in scenarios(tiny)} == with_project
    assert len(with_project) < len(tiny_rows("cases"))  # some cases are outside construction


def test_scenario_claims_add_up_to_the_claimants_rows(tiny: GeneratedCity, tiny_rows: Rows) -> None:
    claimed: Counter[str] = Counter()
    people: Counter[str] = Counter()
    for row in tiny_rows("claimants"):
        claimed[row["case_id"]] += yuan_to_fen(row["amount_claimed"])
        people[row["case_id"]] += 1
    for scenario in scenarios(tiny):
        groups = scenario["worker_groups"]
        assert sum(yuan_to_fen(str(g["owed"])) for g in groups) == claimed[scenario["id"]]
        assert sum(g["count"] for g in groups) == people[scenario["id"]]


def test_scenario_parties_cover_contracts_and_employers(tiny: GeneratedCity) -> None:
    for scenario in scenarios(tiny):
        ids = {p["id"] for p in scenario["parties"]}
        ends = {c[k] for c in scenario["contracts"] for k in ("from", "to")}
        assert ends <= ids
        assert {g["employed_by"] for g in scenario["worker_groups"]} <= ids


def test_scenarios_pass_the_scenario_reader(tiny: GeneratedCity) -> None:
    for scenario in scenarios(tiny):
        facts = load_scenario(scenario)
        assert facts is not None


def test_contract_amounts_match_contract_rows(tiny: GeneratedCity, tiny_rows: Rows) -> None:
    rows = {r["contract_id"]: r for r in tiny_rows("contracts")}
    for scenario in scenarios(tiny)[:10]:
        for contract in scenario["contracts"]:
            row = rows[contract["id"]]
            assert yuan_to_fen(row["overdue"]) == yuan_to_fen(str(contract["overdue"]))
            assert yuan_to_fen(row["unpaid"]) == yuan_to_fen(str(contract["unpaid"]))


def test_risky_enterprises_exist_and_say_why(tiny: GeneratedCity, tiny_rows: Rows) -> None:
    usccs = {r["uscc"] for r in tiny_rows("enterprises")}
    reasons = {r for e in tiny.risky_enterprises for r in e["reasons"]}
    assert {"owner_arrears_upstream", "repeat_defaulter_controller"} <= reasons
    assert all(e["uscc"] in usccs for e in tiny.risky_enterprises)
