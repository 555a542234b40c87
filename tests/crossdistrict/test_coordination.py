"""Who coordinates, tasks, recording a group, export and evaluation."""

from __future__ import annotations

import io
from datetime import date, datetime

import openpyxl
import pytest

from graph.enums import Label, RelType
from graph.store.protocol import GraphStore
from graph.store.records import NodeRef
from queries.crossdistrict import (
    Policy,
    analyse,
    detect_in_store,
    evaluate_against_truth,
    fetch_inputs,
    record_group,
    to_xlsx,
)
from queries.crossdistrict.coordination import add_working_days, coordinator
from queries.crossdistrict.inputs import AgencyFact
from tests.crossdistrict.scenario import (
    A_USCC,
    JINGAN,
    NANJING_XUANWU,
    NOW,
    PUDONG,
    WUXI_XISHAN,
    XUHUI,
    Builder,
)

AT = datetime(2026, 6, 30, 9, 0)


@pytest.mark.parametrize(
    ("districts", "level", "area", "name"),
    [
        ([PUDONG, XUHUI], "city", "31", "上海市人力资源和社会保障局"),
        (["320102", "320104"], "city", "3201", "江苏省南京市人力资源和社会保障局"),
        ([NANJING_XUANWU, WUXI_XISHAN], "province", "32", "江苏省人力资源和社会保障厅"),
        (
            [PUDONG, WUXI_XISHAN],
            "cross_province",
            None,
            "跨省协作：上海市人力资源和社会保障局、江苏省人力资源和社会保障厅",
        ),
    ],
)
def test_lowest_common_superior_coordinates(
    districts: list[str], level: str, area: str | None, name: str
) -> None:
    found = coordinator(districts)
    assert (found.level, found.area, found.name) == (level, area, name)


def test_coordinator_names_the_agency_in_the_graph() -> None:
    agencies = [
        AgencyFact("JS-HRSS", "江苏省人社厅", "人社局", "32"),
        AgencyFact("SH-HRSS", "上海市人社局", "人社局", "31"),
    ]
    assert coordinator([NANJING_XUANWU, WUXI_XISHAN], agencies).agency_ids == ("JS-HRSS",)


def test_working_days_skip_weekends_and_holidays() -> None:
    assert add_working_days(date(2026, 6, 26), 1) == date(2026, 6, 29)  # Friday → Monday
    assert add_working_days(date(2026, 9, 30), 1) == date(2026, 10, 8)  # 国庆 10-01…10-07


def _group_in_store(store: GraphStore) -> Builder:
    b = Builder(store)
    a = b.enterprise(A_USCC, "江苏甲建设有限公司", area=NANJING_XUANWU)
    b.case(NANJING_XUANWU, [a], workers=12)
    b.case(WUXI_XISHAN, [a], workers=3)
    b.case(WUXI_XISHAN, [a], workers=3)
    return b


def test_cross_city_group_tasks(store: GraphStore) -> None:
    _group_in_store(store)
    [group] = detect_in_store(store, Policy(), now=NOW).groups
    assert group.span == "跨市"
    assert group.lead_district == NANJING_XUANWU
    kinds = sorted((t.district, t.kind) for t in group.tasks)
    assert kinds == [
        (NANJING_XUANWU, "诚信档案通报"),
        (WUXI_XISHAN, "文书送达协助"),
        (WUXI_XISHAN, "财产查控"),
    ]
    assert {t.due for t in group.tasks} == {add_working_days(NOW, 10)}


def test_record_group_links_cases_and_is_idempotent(store: GraphStore) -> None:
    _group_in_store(store)
    [group] = detect_in_store(store, Policy(), now=NOW).groups
    record_group(store, group, "analyst", AT)
    before = store.counts()
    node = store.get_node(NodeRef(Label.COORDINATION_GROUP, group.id))
    record_group(store, group, "someone-else", datetime(2026, 7, 3, 9, 0))
    assert store.counts() == before
    assert before[RelType.LINKED_WITH.value] == 2
    assert before[RelType.IN_GROUP.value] == 3
    after = store.get_node(NodeRef(Label.COORDINATION_GROUP, group.id))
    assert node is not None
    assert after is not None
    assert after.get("created_by") == "analyst"
    assert after.get("tasks") == node.get("tasks")
    assert after.get("coordinator") == "江苏省人力资源和社会保障厅"
    links = list(store.relationships(RelType.LINKED_WITH))
    assert {(r.src.key, r.dst.key, r.key) for r in links} == {
        ("C001", "C002", group.id),
        ("C001", "C003", group.id),
    }


def test_xlsx_export_has_groups_cases_and_tasks(store: GraphStore) -> None:
    b = _group_in_store(store)
    b.case(JINGAN, [b.enterprise("X-0009", "上海某劳务队")])
    groups = detect_in_store(store, Policy(), now=NOW).groups
    book = openpyxl.load_workbook(io.BytesIO(to_xlsx(groups)))
    assert book.sheetnames == ["跨区协调组", "案件", "协查任务"]
    assert book["跨区协调组"].max_row == 2
    assert book["案件"].max_row == 4
    assert book["协查任务"]["C2"].value in {"文书送达协助", "财产查控", "诚信档案通报"}


def test_evaluate_against_truth(store: GraphStore) -> None:
    b = _group_in_store(store)
    b.case(JINGAN, [b.enterprise("X-0404", "上海某劳务队")])
    facts = fetch_inputs(store)
    groups = analyse(facts, Policy(), now=NOW).groups
    truth = [
        {"id": "T1", "enterprises": [{"eid": A_USCC}], "districts": [NANJING_XUANWU, WUXI_XISHAN]},
        {"id": "T2", "enterprises": [{"eid": "X-0404"}], "districts": [JINGAN, PUDONG]},
        {"id": "T3", "enterprises": [{"eid": "X-0505"}], "districts": [JINGAN, PUDONG]},
    ]
    precision, recall, details = evaluate_against_truth(groups, truth)
    assert (precision, recall) == (1.0, 1 / 3)
    assert details["missed"] == ["T2", "T3"]
    precision, recall, details = evaluate_against_truth(groups, truth, facts=facts)
    assert (precision, recall) == (1.0, 1.0)
    assert details["not_expected"] == ["T2", "T3"]
