"""One small named scenario per rule (RULES.md), and one per warning case."""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from queries.liability import evaluate, load_scenario
from queries.liability.rules.base import (
    LABOUR_CONTRACT_LAW,
    MOL_2004,
    MOL_2005,
    REGULATION,
    SPC_2025,
)
from tests.liability.helpers import (
    articles,
    caps,
    company,
    contract,
    crew,
    named,
    person,
    run,
    scenario,
)

GC = company("GC", role="general_contractor")


def _gc_lets_to(taker: dict[str, Any], kind: str, **kw: Any) -> dict[str, Any]:
    return scenario(
        [GC, taker],
        [contract("OWNER", "GC", "general_contract", overdue=0), contract("GC", taker["id"], kind)],
        [crew(taker["id"])],
        **kw,
    )


def test_art16_employer_is_direct_and_nobody_else_for_own_crew() -> None:
    answer = run(
        scenario(
            [GC],
            [contract("OWNER", "GC", "general_contract", overdue=0)],
            [crew("GC")],
            project={"wage_deposit": False},
        )
    )
    assert caps(answer, "GC") == {"DIRECT"}
    assert named(answer) == {"GC"}


def test_art17_unlicensed_company_employer_and_its_investors_law_93() -> None:
    unit = company("SUB", licence="none", investors=["INV"])
    answer = run(
        scenario(
            [GC, unit, person("INV")],
            [
                contract("OWNER", "GC", "general_contract", overdue=0),
                contract("GC", "SUB", "specialty_subcontract"),
            ],
            [crew("SUB")],
        )
    )
    assert (REGULATION, 17, None) in articles(answer, "SUB", "DIRECT")
    assert (LABOUR_CONTRACT_LAW, 93, None) in articles(answer, "INV", "INVESTOR")
    assert (REGULATION, 36, 1) in articles(answer, "GC", "PAY")


def test_art18_unlicensed_dispatch_user_pays_then_recovers() -> None:
    agency = company("AG", dispatch_licence="no")
    answer = run(
        scenario(
            [GC, agency],
            [contract("OWNER", "GC", "general_contract", overdue=0)],
            [crew("AG")],
            dispatch=[{"agency": "AG", "user": "GC"}],
        )
    )
    pay = next(f for f in answer.findings if f.capacity == "PAY_THEN_RECOVER")
    assert (pay.party, pay.recourse_to) == ("GC", ("AG",))
    assert "PAY_FIRST" not in caps(answer, "GC")


def test_art18_licensed_agency_gives_no_payer_but_a_warning_on_law_92() -> None:
    agency = company("AG", dispatch_licence="yes")
    answer = run(
        scenario(
            [GC, agency],
            [contract("OWNER", "GC", "general_contract", overdue=0)],
            [crew("AG")],
            dispatch=[{"agency": "AG", "user": "GC"}],
        )
    )
    assert named(answer) == {"AG"}
    assert any("第92条第2款" in w for w in answer.warnings)


def test_art19_outside_construction_letting_to_individual_is_joint_law_94() -> None:
    answer = run(_gc_lets_to(person("BOSS"), "let_to_individual", project={"sector": "other"}))
    assert (LABOUR_CONTRACT_LAW, 94, None) in articles(answer, "GC", "JOINT")
    assert "PAY" not in caps(answer, "GC")
    assert "PAY_FIRST" not in caps(answer, "GC")


def test_art19_2_outside_construction_name_lender_pays_then_recovers() -> None:
    data = scenario(
        [GC, person("BOSS")],
        [contract("OWNER", "GC", "general_contract", overdue=0)],
        [crew("BOSS")],
        project={"sector": "other"},
        name_lending=[{"lender": "GC", "borrower": "BOSS"}],
    )
    assert (REGULATION, 19, 2) in articles(run(data), "GC", "PAY_THEN_RECOVER")


def test_art20_partnership_investors() -> None:
    ptn = company("PTN", kind="partnership", investors=["A", "B"])
    answer = run(
        scenario(
            [GC, ptn, person("A"), person("B")],
            [
                contract("OWNER", "GC", "general_contract", overdue=0),
                contract("GC", "PTN", "labour_subcontract"),
            ],
            [crew("PTN")],
        )
    )
    assert caps(answer, "A") == caps(answer, "B") == {"INVESTOR"}
    assert (REGULATION, 20, None) in articles(answer, "A", "INVESTOR")


def test_art20_partnership_without_known_investors_warns() -> None:
    ptn = company("PTN", kind="sole_proprietorship")
    answer = run(
        scenario(
            [GC, ptn],
            [
                contract("OWNER", "GC", "general_contract", overdue=0),
                contract("GC", "PTN", "labour_subcontract"),
            ],
            [crew("PTN")],
        )
    )
    assert any("出资人未知" in w for w in answer.warnings)


def test_art22_revoked_employer_and_main_investor() -> None:
    sub = company("SUB", licence="revoked", investors=["INV"])
    answer = run(
        scenario(
            [GC, sub, person("INV")],
            [
                contract("OWNER", "GC", "general_contract", overdue=0),
                contract("GC", "SUB", "labour_subcontract"),
            ],
            [crew("SUB")],
        )
    )
    assert (REGULATION, 22, 1) in articles(answer, "SUB", "DIRECT")
    assert (REGULATION, 22, 2) in articles(answer, "INV", "INVESTOR")


def test_art29_cap_is_unpaid_price_and_alternative_reading_is_warned() -> None:
    sub = company("SUB")
    answer = run(
        scenario(
            [GC, sub],
            [
                contract("OWNER", "GC", "general_contract", unpaid=500000, overdue=120000),
                contract("GC", "SUB", "labour_subcontract"),
            ],
            [crew("SUB", owed=800000)],
        )
    )
    advance = next(f for f in answer.findings if f.capacity == "ADVANCE_CAPPED")
    assert (advance.party, advance.cap) == ("OWNER", 500000.0)
    assert any("疑难问题A5" in w and "120,000.00" in w for w in answer.warnings)


def test_art29_not_triggered_without_overdue_and_warned_when_unknown() -> None:
    sub = company("SUB")
    paid_up = run(
        scenario(
            [GC, sub],
            [
                contract("OWNER", "GC", "general_contract", unpaid=5, overdue=0),
                contract("GC", "SUB", "labour_subcontract"),
            ],
            [crew("SUB")],
        )
    )
    unknown = run(
        scenario(
            [GC, sub],
            [
                contract("OWNER", "GC", "general_contract", unpaid=5),
                contract("GC", "SUB", "labour_subcontract"),
            ],
            [crew("SUB")],
        )
    )
    assert "OWNER" not in named(paid_up) | named(unknown)
    assert any("第29条第2款" in w for w in unknown.warnings)


def test_art29_disputed_contract_still_advances_with_a_warning() -> None:
    sub = company("SUB")
    answer = run(
        scenario(
            [GC, sub],
            [
                contract("OWNER", "GC", "general_contract", unpaid=9, overdue=9, disputed=True),
                contract("GC", "SUB", "labour_subcontract"),
            ],
            [crew("SUB")],
        )
    )
    assert "ADVANCE_CAPPED" in caps(answer, "OWNER")
    assert any("第35条" in w for w in answer.warnings)


def test_art30_transfer_is_paragraph_4() -> None:
    answer = run(_gc_lets_to(company("TR"), "transfer"))
    assert (REGULATION, 30, 4) in articles(answer, "GC", "PAY_FIRST")


def test_art32_deposit_draw_only_when_stored() -> None:
    stored = run(_gc_lets_to(company("SUB"), "labour_subcontract"))
    not_stored = run(
        _gc_lets_to(company("SUB"), "labour_subcontract", project={"wage_deposit": False})
    )
    unknown = run(_gc_lets_to(company("SUB"), "labour_subcontract", project={"wage_deposit": None}))
    assert "DEPOSIT_DRAW" in caps(stored, "GC")
    assert "DEPOSIT_DRAW" not in caps(not_stored, "GC") | caps(unknown, "GC")
    assert any("保证金存储情况不明" in w for w in unknown.warnings)


def test_art36_1_owner_letting_to_individual_pays() -> None:
    data = scenario(
        [person("BOSS")], [contract("OWNER", "BOSS", "general_contract", overdue=0)], [crew("BOSS")]
    )
    answer = run(data)
    assert (REGULATION, 36, 1) in articles(answer, "OWNER", "PAY")


def test_art36_1_unknown_licence_is_a_warning_not_a_finding() -> None:
    answer = run(_gc_lets_to(company("SUB", licence="unknown"), "specialty_subcontract"))
    assert "PAY" not in caps(answer, "GC")
    assert any("营业执照状态不明" in w for w in answer.warnings)


def test_art36_2_lender_pays_and_lending_below_gc_adds_pay_first_with_a2_warning() -> None:
    data = scenario(
        [GC, company("SUB"), person("BOSS")],
        [
            contract("OWNER", "GC", "general_contract", overdue=0),
            contract("GC", "SUB", "specialty_subcontract"),
        ],
        [crew("BOSS")],
        name_lending=[{"lender": "SUB", "borrower": "BOSS"}],
    )
    answer = run(data)
    assert (REGULATION, 36, 2) in articles(answer, "SUB", "PAY")
    assert "PAY_FIRST" in caps(answer, "GC")
    assert any("疑难问题A2" in w for w in answer.warnings)


def test_spc2025_art2_lender_bears_employer_responsibility_after_2025_09_01() -> None:
    data = scenario(
        [GC, person("BOSS")],
        [contract("OWNER", "GC", "general_contract", overdue=0)],
        [crew("BOSS")],
        decided_on="2025-10-01",
        name_lending=[{"lender": "GC", "borrower": "BOSS"}],
    )
    assert (SPC_2025, 2, None) in articles(run(data), "GC", "EMPLOYER_RESP")


def test_art37_illegal_project_owner_pays_without_cap() -> None:
    answer = run(_gc_lets_to(company("SUB"), "labour_subcontract", project={"permit": False}))
    pay = next(f for f in answer.findings if f.party == "OWNER")
    assert (pay.capacity, pay.cap, pay.basis[0].article) == ("PAY", None, 37)


def test_art37_unknown_planning_is_warned() -> None:
    answer = run(
        _gc_lets_to(company("SUB"), "labour_subcontract", project={"planning_compliant": None})
    )
    assert "OWNER" not in named(answer)
    assert any("第37条" in w for w in answer.warnings)


def test_art63_absconded_employer_allows_government_advance() -> None:
    data = _gc_lets_to(
        person("BOSS"),
        "let_to_individual",
        events=[{"date": "2024-02-01", "kind": "absconded", "party": "BOSS"}],
    )
    gov = next(f for f in run(data).findings if f.capacity == "GOV_ADVANCE")
    assert gov.recourse_to == ("BOSS",)
    assert gov.amount is None


def test_mid_tier_letting_before_2025_uses_the_2005_notice() -> None:
    data = scenario(
        [GC, company("LAB"), person("BOSS")],
        [
            contract("OWNER", "GC", "general_contract", overdue=0),
            contract("GC", "LAB", "labour_subcontract"),
            contract("LAB", "BOSS", "let_to_individual"),
        ],
        [crew("BOSS")],
        decided_on="2024-06-01",
    )
    answer = run(data)
    assert (MOL_2005, 4, None) in articles(answer, "LAB", "EMPLOYER_RESP")
    assert "PAY" not in caps(answer, "LAB")


def test_pre_2020_regime_caps_the_advance_and_makes_gc_joint() -> None:
    data = scenario(
        [GC, person("BOSS")],
        [
            contract("OWNER", "GC", "general_contract", unpaid=90000, overdue=50000),
            contract("GC", "BOSS", "let_to_individual"),
        ],
        [crew("BOSS")],
        decided_on="2019-06-01",
    )
    answer = run(data)
    assert answer.regime == "pre_2020_05_01"
    assert (MOL_2004, 12, None) in articles(answer, "GC", "JOINT")
    assert next(f.cap for f in answer.findings if f.capacity == "ADVANCE_CAPPED") == 90000.0
    assert "PAY_FIRST" not in caps(answer, "GC")


def test_arrears_straddling_2020_are_warned() -> None:
    data = _gc_lets_to(
        company("SUB"),
        "labour_subcontract",
        arrears_period={"from": "2020-01-01", "to": "2020-08-01"},
    )
    assert any("疑难问题A8" in w for w in run(data).warnings)


def test_work_injury_group_asks_only_for_employer_responsibility() -> None:
    data = _gc_lets_to(person("BOSS"), "let_to_individual")
    data["worker_groups"] = [crew("BOSS", claim="work_injury", count=1)]
    answer = run(data)
    assert {f.capacity for f in answer.findings} == {"EMPLOYER_RESP"}
    assert named(answer) == {"GC"}
    assert answer.criminal_referral == ()


def test_contract_price_claim_is_not_wages() -> None:
    data = _gc_lets_to(person("BOSS"), "let_to_individual")
    data["worker_groups"] = [
        {"id": "F1", "claim": "contract_price", "claimant": "BOSS", "against": "GC", "owed": 9}
    ]
    answer = run(data)
    assert answer.findings == ()
    assert any("不属于农民工工资" in w for w in answer.warnings)


# ------------------------------------------------------------------ criminal referral


def test_referral_names_employer_and_controller_not_the_pay_first_party() -> None:
    sub = company("SUB", officers=[{"person": "BOSSMAN", "role": "controller"}])
    answer = run(
        scenario(
            [GC, sub, person("BOSSMAN")],
            [
                contract("OWNER", "GC", "general_contract", overdue=0),
                contract("GC", "SUB", "labour_subcontract"),
            ],
            [crew("SUB")],
        )
    )
    assert [r.party for r in answer.criminal_referral] == ["SUB", "BOSSMAN"]


def test_referral_uses_provincial_threshold_when_known() -> None:
    below = run(
        _gc_lets_to(person("BOSS"), "let_to_individual", project={"area": "320102"})
        | {"worker_groups": [crew("BOSS", owed=50000, count=10)]}
    )
    above = run(
        _gc_lets_to(person("BOSS"), "let_to_individual", project={"area": "320102"})
        | {"worker_groups": [crew("BOSS", owed=60000, count=10)]}
    )
    assert "江苏省标准）：未达到" in below.criminal_referral[0].conditions[1]
    assert "江苏省标准）：达到" in above.criminal_referral[0].conditions[1]
    assert not any("数额标准未查明" in w for w in above.warnings)


def test_referral_in_shanghai_is_only_possible_with_a_warning() -> None:
    answer = run(_gc_lets_to(person("BOSS"), "let_to_individual"))
    assert "上海市标准未查明" in answer.criminal_referral[0].conditions[1]
    assert any("上海市拒不支付劳动报酬罪数额标准未查明" in w for w in answer.warnings)


def test_referral_records_the_served_order() -> None:
    data = _gc_lets_to(
        person("BOSS"),
        "let_to_individual",
        events=[{"date": "2024-03-01", "kind": "order_to_pay_served", "party": "BOSS"}],
    )
    assert "已送达责令支付文书" in run(data).criminal_referral[0].conditions[0]


# ------------------------------------------------------------------ warnings on odd data


def test_disconnected_employer_warns_and_names_only_itself() -> None:
    data = scenario(
        [GC, person("BOSS")],
        [contract("OWNER", "GC", "general_contract", overdue=0)],
        [crew("BOSS")],
    )
    answer = run(data)
    assert named(answer) == {"BOSS"}
    assert any("没有已知联系" in w for w in answer.warnings)


def test_contracting_cycle_is_warned_and_does_not_loop() -> None:
    data = scenario(
        [GC, company("A"), company("B")],
        [
            contract("OWNER", "GC", "general_contract", overdue=0),
            contract("GC", "A", "labour_subcontract"),
            contract("A", "B", "labour_subcontract"),
            contract("B", "A", "labour_subcontract"),
        ],
        [crew("B")],
    )
    answer = run(data)
    assert any("循环" in w for w in answer.warnings)
    assert "PAY_FIRST" in caps(answer, "GC")


def test_chain_deeper_than_ten_is_warned() -> None:
    names = [f"S{i}" for i in range(12)]
    edges = [
        contract("OWNER", "GC", "general_contract", overdue=0),
        contract("GC", "S0", "labour_subcontract"),
    ]
    edges += [contract(a, b, "labour_subcontract") for a, b in pairwise(names)]
    answer = run(scenario([GC, *(company(n) for n in names)], edges, [crew("S11")]))
    assert any("深度超过10层" in w for w in answer.warnings)
    assert "PAY_FIRST" in caps(answer, "GC")


def test_two_general_contractors_are_warned_and_each_answers_for_its_own_tree() -> None:
    data = scenario(
        [GC, company("GC2"), company("SUB")],
        [
            contract("OWNER", "GC", "general_contract", overdue=0),
            contract("OWNER", "GC2", "general_contract", overdue=0),
            contract("GC2", "SUB", "labour_subcontract"),
        ],
        [crew("SUB")],
    )
    answer = run(data)
    assert any("联合体" in w for w in answer.warnings)
    assert "PAY_FIRST" in caps(answer, "GC2")
    assert "GC" not in named(answer)


def test_unknown_employer_is_warned() -> None:
    data = _gc_lets_to(company("SUB"), "labour_subcontract")
    data["worker_groups"] = [{"id": "W1", "count": 3, "owed": 100.0, "claim": "wage"}]
    answer = run(data)
    assert answer.findings == ()
    assert any("实际用人单位不明" in w for w in answer.warnings)


def test_province_falls_back_to_the_setting_when_the_project_has_no_area() -> None:
    data = _gc_lets_to(person("BOSS"), "let_to_individual", project={"area": None})
    data["worker_groups"] = [crew("BOSS", owed=70000, count=10)]
    answer = evaluate(load_scenario(data), province="43")
    assert "湖南省标准）：达到" in answer.criminal_referral[0].conditions[1]
