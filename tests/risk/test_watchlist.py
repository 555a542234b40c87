"""The key-supervision list: entry by rule and by hand, exit only when fixed, weekly visits."""

from __future__ import annotations

import json
from datetime import date

import pytest

from graph.enums import Label
from graph.errors import Conflict, InvalidValue
from graph.store.records import NodeRef
from queries.risk import watchlist
from queries.risk.assess import Assessment, assess
from queries.risk.policy import RiskPolicy, default_policy
from tests.risk.city import AS_OF, City

CAMPAIGN = default_policy().model_copy(
    update={"campaign_start": date(2025, 11, 3), "campaign_end": date(2026, 1, 25)}
)


def _assess(city: City, day: date = AS_OF, policy: RiskPolicy = CAMPAIGN) -> Assessment:
    return assess(city.store, day, policy)


def _node(city: City, eid: str) -> dict[str, object]:
    record = city.store.get_node(NodeRef(Label.ENTERPRISE, eid))
    assert record is not None
    return dict(record.props)


def test_entry_rules_name_their_reasons(city: City) -> None:
    laying_off = city.enterprise(1, "裁员公司")
    city.signal("layoff", "2025-06-10", enterprise=laying_off, count=120)
    repeat = city.enterprise(2, "屡犯公司")
    city.signal("violation", "2025-02-01", enterprise=repeat)
    city.signal("violation", "2025-04-01", enterprise=repeat, amount=12_000_000)
    calm = city.enterprise(3, "平稳公司")
    city.signal("layoff", "2025-03-01", enterprise=calm)  # more than 30 days ago
    entered = watchlist.apply_entry_rules(city.store, _assess(city))
    assert entered == {
        laying_off: ["经营即将重大变化：裁员"],
        repeat: ["近12个月违法或欠薪 2 次（多次违法）", "严重违法：涉及金额 120,000.00 元"],
    }
    assert _node(city, repeat)["watchlist_since"] == AS_OF.isoformat()


def test_red_and_orange_grades_enter_the_list(city: City) -> None:
    firm = city.enterprise(1, "高风险公司")
    city.project("P1")
    city.workers("P1", firm, 2, due=10, paid=0)
    city.signal("petition", "2025-05-01", enterprise=firm)
    city.signal("public_opinion", "2025-05-02", enterprise=firm)
    city.signal("complaint", "2025-05-03", enterprise=firm)
    city.signal("violation", "2025-05-04", enterprise=firm)  # 15 + 10 + 8 + 8 + 15 = 56
    a = _assess(city)
    assert a.risk.enterprises[firm].grade == "orange"
    assert watchlist.entry_reasons(firm, a)[0].startswith("风险等级橙色")


def test_exit_refused_while_the_risk_holds_then_allowed(city: City) -> None:
    firm = city.enterprise(1, "裁员公司")
    city.signal("layoff", "2025-06-10", enterprise=firm)
    watchlist.apply_entry_rules(city.store, _assess(city))
    with pytest.raises(Conflict, match="still meets entry conditions"):
        watchlist.remove(city.store, firm, "王科长", "已整改", _assess(city))
    later = _assess(city, date(2025, 8, 1))
    with pytest.raises(InvalidValue):
        watchlist.remove(city.store, firm, "王科长", " ", later)
    watchlist.remove(city.store, firm, "王科长", "裁员已妥善安置，工资结清", later)
    node = _node(city, firm)
    assert node["watchlist"] is False
    stored = node["watchlist_history"]
    assert isinstance(stored, list)
    history = [json.loads(h) for h in stored]
    assert [(h["action"], h["by"]) for h in history] == [("enter", "规则"), ("exit", "王科长")]


def test_manual_entry_and_exit(city: City) -> None:
    firm = city.enterprise(1, "举报公司")
    watchlist.add(city.store, firm, "李处长", "群众多次举报", AS_OF)
    entries = watchlist.listed(city.store)
    assert [(e.eid, e.reason) for e in entries] == [(firm, "群众多次举报")]
    watchlist.remove(city.store, firm, "李处长", "核查无欠薪", _assess(city))
    assert watchlist.listed(city.store) == []


def test_visit_cadence_across_weeks(city: City) -> None:
    firm = city.enterprise(1, "重点公司")
    city.project("P1")
    city.contract("P1", city.enterprise(2, "业主"), firm, "general_contract")
    watchlist.add(city.store, firm, "李处长", "专项行动重点企业", date(2025, 11, 1))
    # Weeks of the campaign: W45 (Nov 3), W46 (Nov 10), W47 (Nov 17), W48 (Nov 24)
    watchlist.record_visit(city.store, firm, date(2025, 11, 5), "O-1", agency="A-JC")
    watchlist.record_visit(city.store, firm, date(2025, 11, 19), "O-1", agency="A-JC")
    watchlist.record_visit(city.store, firm, date(2025, 11, 19), "O-1", agency="A-JC")  # same visit
    overdue = watchlist.overdue_visits(city.store, _assess(city, date(2025, 11, 26)))
    assert [(o.eid, o.missed_weeks, o.last_visit) for o in overdue] == [
        (firm, ("2025-W46",), "2025-11-19")
    ]
    assert overdue[0].responsible_unit == "浦东新区劳动保障监察大队"
    watchlist.record_visit(city.store, firm, date(2025, 11, 12), "O-2", agency="A-JC")
    assert watchlist.overdue_visits(city.store, _assess(city, date(2025, 11, 26))) == []
    # W48 ends on Nov 30: overdue from Dec 1 on, not before.
    assert watchlist.overdue_visits(city.store, _assess(city, date(2025, 11, 30))) == []
    late = watchlist.overdue_visits(city.store, _assess(city, date(2025, 12, 1)))
    assert late[0].missed_weeks == ("2025-W48",)


def test_no_campaign_no_overdue_and_two_visits_a_week(city: City) -> None:
    firm = city.enterprise(1, "重点公司")
    watchlist.add(city.store, firm, "李处长", "手工纳入", date(2025, 11, 1))
    day = date(2025, 11, 26)
    assert watchlist.overdue_visits(city.store, _assess(city, day, default_policy())) == []
    twice = CAMPAIGN.model_copy(update={"visits_per_week": 2})
    for d in (3, 10, 17):
        watchlist.record_visit(city.store, firm, date(2025, 11, d), "O-1", agency="A-JC")
    overdue = watchlist.overdue_visits(city.store, _assess(city, day, twice))
    assert overdue[0].missed_weeks == ("2025-W45", "2025-W46", "2025-W47")
