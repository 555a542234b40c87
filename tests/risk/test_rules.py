"""Every warning rule fires on its named scenario and stays quiet on the healthy twin."""

from __future__ import annotations

from queries.risk.assess import assess
from queries.risk.facts import gather
from queries.risk.policy import default_policy
from queries.risk.rules import RiskWarning, evaluate
from tests.risk.city import AS_OF, City


def _warnings(city: City, rule: str) -> list[RiskWarning]:
    facts = gather(city.store, AS_OF)
    return [w for w in evaluate(facts, default_policy()) if w.rule_id == rule]


def _gc_project(city: City, code: str = "P1", **props: object) -> tuple[str, str]:
    owner = city.enterprise(1, "甲建设公司")
    gc = city.enterprise(2, "乙建工集团")
    city.project(code, **props)
    city.chain(code, owner, gc)
    return owner, gc


def test_w01_attendance_without_payout_fires_after_the_grace_month(city: City) -> None:
    _owner, gc = _gc_project(city)
    city.monthly("P1", "attendance", {"2025-02": 40, "2025-03": 38, "2025-05": 30})
    city.monthly("P1", "wage_account_payout", {"2025-03": 5_000_000})
    found = _warnings(city, "W01_attendance_unpaid")
    # 2025-02 is paid in 03 (next month); 03 paid in 03; 05's window (05–06) is still open.
    assert found == []
    city.monthly("P1", "attendance", {"2025-04": 35})
    found = _warnings(city, "W01_attendance_unpaid")
    assert [(w.month, w.facts["attendance"], w.enterprise) for w in found] == [("2025-04", 35, gc)]
    assert "专户无工资发放" in found[0].explanation


def test_w02_labour_cost_not_transferred_within_the_cycle(city: City) -> None:
    _gc_project(city)
    city.monthly("P1", "attendance", {"2025-03": 20, "2025-04": 20})
    city.monthly("P1", "wage_account_inflow", {"2025-03": 9_000_000})
    found = _warnings(city, "W02_labour_cost_late")
    assert [(w.month, w.facts["last_inflow"]) for w in found] == [("2025-04", "2025-03")]
    assert found[0].article.startswith("条例第24条")


def test_w02_quiet_when_every_month_has_an_inflow(city: City) -> None:
    _gc_project(city)
    city.monthly("P1", "attendance", {"2025-03": 20, "2025-04": 20})
    city.monthly("P1", "wage_account_inflow", {"2025-03": 1, "2025-04": 1})
    assert _warnings(city, "W02_labour_cost_late") == []


def test_w03_ten_percent_without_wage_records(city: City) -> None:
    _owner, gc = _gc_project(city)
    city.workers("P1", gc, 18, due=100, paid=100)
    city.workers("P1", gc, 2, wages=False, start=100)
    found = _warnings(city, "W03_missing_wage_records")
    assert [(w.facts["roster"], w.facts["without_record"]) for w in found] == [(20, 2)]


def test_w03_quiet_below_the_share(city: City) -> None:
    _owner, gc = _gc_project(city)
    city.workers("P1", gc, 19, due=100, paid=100)
    city.workers("P1", gc, 1, wages=False, start=100)
    assert _warnings(city, "W03_missing_wage_records") == []


def test_w04_departed_workers_not_settled_names_their_employer(city: City) -> None:
    _owner, gc = _gc_project(city)
    sub = city.enterprise(3, "丙劳务公司")
    city.contract("P1", gc, sub, "labour_subcontract")
    city.workers("P1", sub, 3, due=800_000, paid=500_000, left_on="2025-05-31")
    city.workers("P1", sub, 2, due=800_000, paid=800_000, left_on="2025-05-31", start=10)
    city.workers("P1", sub, 4, due=800_000, paid=0, start=20)  # still on site: not departed
    found = _warnings(city, "W04_departed_unsettled")
    assert [(w.enterprise, w.facts["workers"], w.facts["owed_fen"]) for w in found] == [
        (sub, 3, 900_000)
    ]


def test_w05_w06_w07_missing_account_deposit_board_on_active_projects(city: City) -> None:
    _gc_project(city, wage_account=False, wage_deposit=False, notice_board=False)
    city.project("P2", wage_account=False, status="竣工")  # finished: no warning
    city.project("P3", wage_account=None)  # unknown: no warning
    rules = {w.rule_id: w.project for w in evaluate(gather(city.store, AS_OF), default_policy())}
    assert rules == {
        "W05_no_wage_account": "P1",
        "W06_no_wage_deposit": "P1",
        "W07_no_notice_board": "P1",
    }


def test_warnings_route_to_the_district_inspectorate_and_sector_regulator(city: City) -> None:
    _gc_project(city, wage_account=False)
    warning = assess(city.store, AS_OF, default_policy()).risk.warnings[0]
    assert warning.responsible_unit == "浦东新区劳动保障监察大队、浦东新区建管委（行业主管）"
