"""Detection on small scenarios with known answers (every backend)."""

from __future__ import annotations

from datetime import date

import pytest

from graph.enums import RelType
from graph.store.protocol import GraphStore
from queries.crossdistrict import Policy, detect_in_store
from tests.crossdistrict.scenario import (
    A_USCC,
    B_USCC,
    JINGAN,
    LUJIAZUI,
    NOW,
    PUDONG,
    XUHUI,
    Builder,
)

POLICY = Policy()


def _groups(store: GraphStore, **kwargs: object) -> list:  # type: ignore[type-arg]
    return list(detect_in_store(store, POLICY, now=NOW, **kwargs).groups)  # type: ignore[arg-type]


def test_one_company_owing_in_two_districts_is_one_group(store: GraphStore) -> None:
    b = Builder(store)
    a = b.enterprise(A_USCC, "上海甲建设有限公司", area=XUHUI)
    pudong_case = b.case(LUJIAZUI, [a], workers=30)
    xuhui_case = b.case(XUHUI, [a], workers=4)
    b.case(JINGAN, [a], status="closed")
    [group] = _groups(store)
    assert [d.code for d in group.districts] == [XUHUI, PUDONG]
    assert {c.id for c in group.cases} == {pudong_case, xuhui_case}
    assert group.streets == (LUJIAZUI,)
    assert group.workers == 34
    assert group.amount_fen == 2_000_000
    assert group.lead_district == PUDONG
    assert group.co_districts == (XUHUI,)
    assert group.span == "跨区"
    assert group.coordinator.name == "上海市人力资源和社会保障局"


def test_registration_elsewhere_counts_where_the_work_is(store: GraphStore) -> None:
    b = Builder(store)
    a = b.enterprise(A_USCC, "上海甲建设有限公司", area=XUHUI)
    b.case(PUDONG, [a])
    assert _groups(store) == []
    b.case(JINGAN, [a])
    [group] = _groups(store)
    assert [d.code for d in group.districts] == [JINGAN, PUDONG]
    assert [t.kind for t in group.tasks if t.district == XUHUI] == ["诚信档案通报"]


def test_two_companies_with_one_controller_are_tied_with_the_path(store: GraphStore) -> None:
    b = Builder(store)
    a = b.enterprise(A_USCC, "上海甲建设有限公司")
    c = b.enterprise(B_USCC, "上海乙劳务有限公司")
    boss = b.person("p-zhang", "张某")
    b.tie(RelType.LEGAL_REP_OF, boss, a)
    b.tie(RelType.CONTROLS, boss, c)
    b.case(PUDONG, [a], workers=10)
    b.case(XUHUI, [c], workers=3)
    [group] = _groups(store)
    [path] = group.paths
    assert "上海甲建设有限公司 ←法定代表人— 张某 —实际控制→ 上海乙劳务有限公司" in path.text
    members = {m.name: m for m in group.members}
    assert members["张某"].connector
    assert members["张某"].roles == ("实际控制人", "法定代表人")


def test_foreman_with_cases_in_two_districts(store: GraphStore) -> None:
    b = Builder(store)
    foreman = b.person("p-li", "李某")
    b.case(PUDONG, [foreman])
    b.case(XUHUI, [foreman])
    [group] = _groups(store)
    assert group.members[0].districts == (XUHUI, PUDONG)


def test_name_lending_ties_the_borrower_across_lenders(store: GraphStore) -> None:
    b = Builder(store)
    borrower = b.person("p-wang", "王某")
    a = b.enterprise(A_USCC, "上海甲建设有限公司")
    c = b.enterprise(B_USCC, "上海乙劳务有限公司")
    b.case(PUDONG, [a])
    b.case(XUHUI, [c])
    assert _groups(store) == []
    b.tie(RelType.WORKS_UNDER_NAME_OF, borrower, a, "P001")
    b.tie(RelType.WORKS_UNDER_NAME_OF, borrower, c, "P002")
    [group] = _groups(store)
    assert "挂靠" in group.paths[0].text


def test_the_employer_who_owes_the_claimants_is_the_defaulter(store: GraphStore) -> None:
    b = Builder(store)
    general = b.enterprise(A_USCC, "上海甲建设有限公司")
    other_general = b.enterprise(B_USCC, "上海乙建设有限公司")
    foreman = b.person("p-zhao", "赵某")
    b.case(PUDONG, [general], employers=(foreman,))
    b.case(XUHUI, [other_general], employers=(foreman,))
    b.case(JINGAN, [general])
    [group] = _groups(store)
    assert [d.code for d in group.districts] == [XUHUI, PUDONG]
    assert [m.name for m in group.members] == ["赵某"]
    assert group.members[0].roles == ("欠薪用工主体",)
    assert "—投诉人受雇于→ 赵某 ←投诉人受雇于—" in group.paths[0].text
    [both] = detect_in_store(store, Policy(defaulters="both"), now=NOW).groups
    assert len(both.districts) == 3


def test_unrelated_companies_make_no_group(store: GraphStore) -> None:
    b = Builder(store)
    b.case(PUDONG, [b.enterprise(A_USCC, "上海甲建设有限公司")])
    b.case(XUHUI, [b.enterprise(B_USCC, "上海乙劳务有限公司")])
    assert _groups(store) == []


@pytest.mark.parametrize(
    ("first_days_ago", "days_ago", "spreading"),
    [(200, 10, True), (200, 60, False), (20, 10, True), (10, 10, False)],
)
def test_spreading_when_a_district_is_first_reached_within_30_days(
    store: GraphStore, first_days_ago: int, days_ago: int, spreading: bool
) -> None:
    b = Builder(store)
    a = b.enterprise(A_USCC, "上海甲建设有限公司")
    b.case(PUDONG, [a], days_ago=first_days_ago)
    b.case(PUDONG, [a], days_ago=5)
    b.case(XUHUI, [a], days_ago=days_ago)
    [group] = _groups(store)
    assert group.spreading is spreading
    assert group.new_districts == ((XUHUI,) if spreading else ())


def test_lead_district_by_workers_or_by_amount(store: GraphStore) -> None:
    b = Builder(store)
    a = b.enterprise(A_USCC, "上海甲建设有限公司")
    b.case(PUDONG, [a], workers=40, amount_fen=100)
    b.case(XUHUI, [a], workers=2, amount_fen=9_000_000)
    [by_workers] = _groups(store)
    [by_amount] = detect_in_store(store, Policy(lead_by="amount"), now=NOW).groups
    assert by_workers.lead_district == PUDONG
    assert by_amount.lead_district == XUHUI


def test_district_and_since_filters(store: GraphStore) -> None:
    b = Builder(store)
    a = b.enterprise(A_USCC, "上海甲建设有限公司")
    b.case(PUDONG, [a], days_ago=90)
    b.case(XUHUI, [a], days_ago=80)
    assert len(_groups(store, district=PUDONG)) == 1
    assert len(_groups(store, district="3101")) == 1
    assert _groups(store, district=JINGAN) == []
    assert _groups(store, since=date(2026, 6, 1)) == []
    assert len(_groups(store, since=date(2026, 4, 1))) == 1


def test_group_id_is_stable_across_runs_and_new_cases(store: GraphStore) -> None:
    b = Builder(store)
    a = b.enterprise(A_USCC, "上海甲建设有限公司")
    b.case(PUDONG, [a])
    b.case(XUHUI, [a])
    [first] = _groups(store)
    b.case(JINGAN, [a])
    [second] = _groups(store)
    assert first.id == second.id
    assert len(second.districts) == 3
