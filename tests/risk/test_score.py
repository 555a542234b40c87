"""Scores, grades, explanations and propagation along the contracting chain."""

from __future__ import annotations

from graph.enums import Label
from graph.store.records import NodeRef
from queries.risk.facts import gather
from queries.risk.policy import RiskPolicy, default_policy
from queries.risk.score import CityRisk, grade_of, party_of, score_city
from tests.risk.city import AS_OF, City


def _risk(city: City, policy: RiskPolicy | None = None) -> CityRisk:
    return score_city(gather(city.store, AS_OF), policy or default_policy())


def _points(risk: CityRisk, eid: str) -> dict[str, float]:
    score = risk.enterprises.get(eid)
    return {c.code: c.points for c in score.contributions} if score else {}


def test_grade_thresholds() -> None:
    policy = default_policy()
    assert [grade_of(s, policy) for s in (0, 7.9, 8, 20, 44.9, 69.9, 70)] == [
        None,
        None,
        "blue",
        "yellow",
        "yellow",
        "orange",
        "red",
    ]


def test_owner_overdue_decays_down_the_chain(city: City) -> None:
    owner, gc, sub, crew = (
        city.enterprise(i, n)
        for i, n in enumerate(("业主公司", "总包公司", "专业分包公司", "劳务公司"), 1)
    )
    city.project("P1")
    city.chain("P1", owner, gc, sub, crew, overdue=1_000_000)
    risk = _risk(city)
    code = "upstream:overdue:P1"
    assert [_points(risk, e).get(code) for e in (owner, gc, sub, crew)] == [None, 15, 7.5, 3.75]
    assert risk.enterprises[crew].contributions[0].reason == (
        "项目P1上游拖欠工程款 10,000.00 元（下游第3级）"
    )
    assert risk.enterprises[gc].grade == "blue"
    assert risk.projects["P1"].contributions[0].code == "upstream:overdue"


def test_decay_and_hops_follow_the_policy(city: City) -> None:
    parties = [city.enterprise(i, f"企业{i}") for i in range(1, 6)]
    city.project("P1")
    city.chain("P1", *parties, overdue=5)
    policy = default_policy().model_copy(
        update={"propagation_decay": 0.25, "propagation_max_hops": 2}
    )
    risk = _risk(city, policy)
    code = "upstream:overdue:P1"
    assert [_points(risk, e).get(code) for e in parties] == [None, 15, 3.75, 0.94, None]


def test_contractor_warned_on_several_projects_raises_its_subcontractors(city: City) -> None:
    owner, gc, sub, crew = (
        city.enterprise(i, n) for i, n in enumerate(("业主", "总包", "分包", "班组公司"), 1)
    )
    for code in ("P1", "P2"):
        city.project(code, wage_account=False)
        city.chain(code, owner, gc)
    city.project("P3")
    city.chain("P3", owner, gc, sub, crew)
    risk = _risk(city)
    code = f"upstream:warned:{gc}"
    assert _points(risk, sub)[code] == 12
    assert _points(risk, crew)[code] == 6
    assert code not in _points(risk, gc)
    assert _points(risk, gc)["warning:W05_no_wage_account"] == 20  # 10 × two projects


def test_overdue_in_one_chain_counts_once_per_project(city: City) -> None:
    owner, gc, sub = (city.enterprise(i, n) for i, n in enumerate(("业主", "总包", "分包"), 1))
    city.project("P1")
    city.contract("P1", owner, gc, "general_contract", overdue=100)
    city.contract("P1", gc, sub, "labour_subcontract", overdue=50)
    parts = _points(_risk(city), sub)
    assert parts == {"upstream:overdue:P1": 15}  # its own payer's overdue, not 15 + 7.5


def test_propagation_is_capped(city: City) -> None:
    owners = [city.enterprise(i, f"业主{i}") for i in range(1, 4)]
    gc = city.enterprise(9, "总包")
    for i, owner in enumerate(owners):
        city.project(f"P{i}")
        city.chain(f"P{i}", owner, gc, overdue=100)
    points = [p for c, p in _points(_risk(city), gc).items() if c.startswith("upstream")]
    assert sum(points) == 30  # three owners × 15, capped at propagation_cap


def test_controller_of_several_defaulting_companies(city: City) -> None:
    a, b, c = (city.enterprise(i, n) for i, n in enumerate(("甲公司", "乙公司", "丙公司"), 1))
    city.project("P1")
    city.workers("P1", a, 2, due=1000, paid=0)
    city.workers("P1", b, 2, due=1000, paid=0, start=10)
    city.workers("P1", c, 2, due=1000, paid=1000, start=20)
    city.controls("PERSON-1", a, b, c)
    risk = _risk(city)
    assert _points(risk, a)["controller"] == 15
    assert _points(risk, b)["controller"] == 15
    assert "controller" not in _points(risk, c)
    assert "甲公司、乙公司" in risk.enterprises[a].explain()[0] + risk.enterprises[a].explain()[1]


def test_repeat_offender_and_open_case(city: City) -> None:
    firm = city.enterprise(1, "屡欠公司")
    city.case("C1", "2025-01-10", firm, status="closed")
    city.case("C2", "2025-05-10", firm)
    city.case("C0", "2023-01-10", firm, status="closed")  # outside the 12-month window
    parts = _points(_risk(city), firm)
    assert parts == {"repeat_cases": 12, "open_case": 5}


def test_grade_explains_its_contributions(city: City) -> None:
    firm = city.enterprise(1, "欠薪公司")
    city.project("P1")
    city.workers("P1", firm, 3, due=300_000, paid=100_000)
    city.signal("violation", "2025-03-01", enterprise=firm, agency="区人社局")
    city.signal("tax_arrears", "2023-03-01", enterprise=firm)  # too old to count
    score = _risk(city).enterprises[firm]
    assert (score.score, score.grade, score.grade_zh) == (31, "yellow", "黄色")
    assert score.explain() == [
        "+16.0 在欠 3 人工资 6,000.00 元，最长 1 个月",
        "+15.0 近12个月违法记录信号 1 条（区人社局）",
    ]


def test_healthy_enterprise_has_no_score(city: City) -> None:
    firm = city.enterprise(1, "守法公司")
    city.project("P1")
    city.workers("P1", firm, 3, due=1000, paid=1000)
    city.signal("attendance", "2025-05-01", project="P1", period="2025-05", count=3)
    assert _risk(city).enterprises == {}


def test_party_of_is_the_label_and_key_as_plain_strings() -> None:
    party = party_of(NodeRef(Label.ENTERPRISE, "E1"))
    assert party == ("Enterprise", "E1")
    assert type(party[0]) is str  # hashed in C, unlike the enum member
    assert party != party_of(NodeRef(Label.PERSON, "E1"))
