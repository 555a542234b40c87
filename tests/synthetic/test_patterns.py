"""Even the tiny city holds every planted pattern, written the way agencies write it."""

from __future__ import annotations

from collections import defaultdict

from graph.values import normalize_name
from loaders.synthetic.names import variant_of
from tests.synthetic.conftest import Rows


def kinds(rows: Rows) -> set[str]:
    return {r["kind"] for r in rows("contracts")}


def test_lawful_and_unlawful_contract_kinds_are_present(tiny_rows: Rows) -> None:
    assert {"施工总承包", "专业分包", "劳务分包", "转包", "违法分包给个人"} <= kinds(tiny_rows)


def test_let_to_individual_goes_to_a_person(tiny_rows: Rows) -> None:
    illegal = [r for r in tiny_rows("contracts") if r["kind"] == "违法分包给个人"]
    assert illegal
    assert all(r["to_resident_id"] and not r["to_uscc"] for r in illegal)


def test_name_lending_and_unlicensed_dispatch(tiny_rows: Rows) -> None:
    assert tiny_rows("name_lending")
    licences = {r["uscc"]: r["dispatch_licence"] for r in tiny_rows("enterprises")}
    agencies = [r["agency_uscc"] for r in tiny_rows("dispatch")]
    assert agencies
    assert any(licences[a] == "无" for a in agencies)


def test_partnership_with_investors(tiny_rows: Rows) -> None:
    partnerships = {r["uscc"] for r in tiny_rows("enterprises") if r["kind"] == "合伙企业"}
    investors = defaultdict(int)
    for row in tiny_rows("persons"):
        if row["role"] == "出资人":
            investors[row["enterprise_uscc"]] += 1
    assert partnerships
    assert all(investors[p] >= 2 for p in partnerships)


def test_owner_overdue_on_some_general_contract(tiny_rows: Rows) -> None:
    overdue = [
        r for r in tiny_rows("contracts") if r["kind"] == "施工总承包" and float(r["overdue"]) > 0
    ]
    assert overdue


def test_revoked_unregistered_and_unqualified_subcontractors(tiny_rows: Rows) -> None:
    enterprises = tiny_rows("enterprises")
    by_uscc = {r["uscc"]: r for r in enterprises if r["uscc"]}
    working = {r["to_uscc"] for r in tiny_rows("contracts")}
    assert any(by_uscc[u]["status"] == "吊销" for u in working if u)
    assert any(r["status"] == "未登记" and not r["uscc"] for r in enterprises)
    assert any(by_uscc[u]["qualification"] in ("不足", "无") for u in working if u)


def test_a_person_controls_companies_in_two_districts(tiny_rows: Rows) -> None:
    areas = {r["uscc"]: r["registered_area"] for r in tiny_rows("enterprises")}
    districts = defaultdict(set)
    for row in tiny_rows("persons"):
        if row["role"] in ("法定代表人", "实际控制人") and row["enterprise_uscc"]:
            districts[row["resident_id"]].add(areas[row["enterprise_uscc"]])
    assert max(len(d) for d in districts.values()) >= 2


def test_a_foreman_employs_crews_in_two_districts(tiny_rows: Rows) -> None:
    projects = {r["code"]: r["area"][:6] for r in tiny_rows("projects")}
    districts = defaultdict(set)
    for row in tiny_rows("rosters"):
        if row["employer_resident_id"]:
            districts[row["employer_resident_id"]].add(projects[row["project"]])
    assert max(len(d) for d in districts.values()) >= 2


def test_name_variants_branch_office_and_missing_uscc(tiny_rows: Rows) -> None:
    registered = {r["uscc"]: r["name"] for r in tiny_rows("enterprises") if r["uscc"]}
    shown = {(r["to_uscc"], r["to_name"]) for r in tiny_rows("contracts") if r["to_uscc"]}
    variants = [(u, n) for u, n in shown if registered[u] != n]
    assert variants
    names = set(registered.values())
    assert any(name.endswith("分公司") and name[: name.index("有限")] for name in names)
    unnamed = [
        r
        for r in tiny_rows("cases")
        if r["respondent_name"] and not r["respondent_uscc"] and not r["respondent_resident_id"]
    ]
    assert unnamed
    assert all(r["respondent_name"] not in names for r in unnamed)


def test_bracket_variants_normalise_to_the_registered_name(tiny_rows: Rows) -> None:
    registered = {r["uscc"]: r["name"] for r in tiny_rows("enterprises") if r["uscc"]}
    pairs = {
        (r["to_name"], registered[r["to_uscc"]])
        for r in tiny_rows("contracts")
        if r["to_uscc"] and r["to_name"] != registered[r["to_uscc"]]
    }
    assert any("(" in shown and "（" in real for shown, real in pairs)
    assert all(
        normalize_name(shown) == normalize_name(real) for shown, real in pairs if "(" in shown
    )


def test_form_variant_swaps_the_company_form() -> None:
    assert variant_of("上海甲乙劳务有限公司", "form") == "上海甲乙劳务有限责任公司"
    assert variant_of("上海甲乙劳务有限责任公司", "form") == "上海甲乙劳务有限公司"
    assert variant_of("甲乙劳务（上海）有限公司", "brackets") == "甲乙劳务(上海)有限公司"


def test_owners_are_companies_or_public_institutions(tiny_rows: Rows) -> None:
    kinds_by_uscc = {r["uscc"]: r["kind"] for r in tiny_rows("enterprises")}
    owners = {r["from_uscc"] for r in tiny_rows("contracts") if r["kind"] == "施工总承包"}
    assert {kinds_by_uscc[o] for o in owners} <= {"公司", "事业单位"}
