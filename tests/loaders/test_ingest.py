"""Loading directories of agency files: what is written, what is rejected, and reloads."""

from __future__ import annotations

import csv
import gc
from pathlib import Path
from typing import Any

import pytest

from graph.enums import Label, RelType
from graph.ids import enterprise_key
from graph.privacy import Pseudonymiser
from graph.settings import Settings
from graph.store.protocol import GraphStore
from graph.store.records import NodeRef
from loaders.columns import ENTERPRISES
from loaders.ingest import discover, load_directory, load_file
from loaders.report import LoadReport
from tests.loaders.fixtures import (
    HUAMU,
    PUDONG,
    phone,
    rid,
    uscc,
    write_city,
    write_csv,
    write_xlsx,
)

Snapshot = dict[str, dict[Any, dict[str, Any]]]


def snapshot(store: GraphStore) -> Snapshot:
    """Every node and relationship with its properties."""
    out: Snapshot = {}
    for label in Label:
        out[label.value] = {n.ref.key: dict(n.props) for n in store.nodes(label)}
    for rel_type in RelType:
        out[rel_type.value] = {
            (r.src, r.dst, r.key): dict(r.props) for r in store.relationships(rel_type)
        }
    return out


def nonzero(store: GraphStore) -> dict[str, int]:
    return {k: v for k, v in store.counts().items() if v}


def by_file(report: LoadReport) -> dict[str, Any]:
    return {f.file: f for f in report.files}


def person(pseudonymiser: Pseudonymiser, n: int) -> NodeRef:
    return NodeRef(Label.PERSON, pseudonymiser.person_key(rid(n)))


def firm(n: int) -> NodeRef:
    return NodeRef(Label.ENTERPRISE, uscc(n))


@pytest.fixture
def city(tmp_path: Path) -> Path:
    return write_city(tmp_path / "in")


# ---------------------------------------------------------------- the whole city


def test_city_loads_every_source(
    store: GraphStore, settings: Settings, city: Path, pseudonymiser: Pseudonymiser
) -> None:
    report = load_directory(store, city, settings)
    assert report.exit_code == 0
    assert report.rejected == 0
    assert [f.file for f in report.files] == [
        "enterprises.csv",
        "persons.csv",
        "projects.csv",
        "contracts.csv",
        "rosters.csv",
        "wages.csv",
        "agencies.csv",
        "officials.csv",
        "cases.csv",
        "claimants.csv",
    ]
    assert nonzero(store) == {
        "Area": 5,
        "Agency": 2,
        "Official": 1,
        "Enterprise": 3,
        "Person": 4,
        "Project": 1,
        "Case": 1,
        "PART_OF": 4,
        "SERVES": 2,
        "REPORTS_TO": 1,
        "HOLDS_POST": 1,
        "REGISTERED_IN": 2,
        "LOCATED_IN": 1,
        "LEGAL_REP_OF": 1,
        "CONTROLS": 1,
        "CONTRACTS_TO": 2,
        "EMPLOYED_BY": 2,
        "WORKS_ON": 2,
        "AGAINST": 1,
        "CONCERNS": 1,
        "OCCURRED_IN": 1,
        "CLAIMANT_IN": 2,
    }


def test_enterprise_properties(store: GraphStore, settings: Settings, city: Path) -> None:
    load_directory(store, city, settings)
    revoked = store.get_node(firm(2))
    assert revoked is not None
    assert dict(revoked.props) == {
        "eid": uscc(2),
        "uscc": uscc(2),
        "name": "申城劳务有限公司",
        "kind": "company",
        "status": "吊销",
        "licence": "revoked",
        "qualification": "inadequate",
        "dispatch_licence": "n/a",
        "registered_area": "310104",
    }
    crew = store.get_node(NodeRef(Label.ENTERPRISE, enterprise_key(None, "老王施工队")))
    assert crew is not None
    assert (crew.get("kind"), crew.get("status"), crew.get("licence")) == (
        "unregistered_org",
        "未登记",
        "none",
    )


def test_person_is_pseudonymised_and_roles_accumulate(
    store: GraphStore, settings: Settings, city: Path, pseudonymiser: Pseudonymiser
) -> None:
    load_directory(store, city, settings)
    boss = store.get_node(person(pseudonymiser, 1))
    assert boss is not None
    assert boss.get("roles") == ["controller", "legal_rep"]
    assert boss.get("id_masked") == rid(1)[:3] + "*" * 11 + rid(1)[-4:]
    assert boss.get("phone_masked") == "100****0001"
    assert boss.get("phone_hash") == pseudonymiser.phone_key(phone(1))
    assert rid(1) not in str(snapshot(store))
    assert phone(1) not in str(snapshot(store))
    types = {r.type for r in store.relationships_of(boss.ref, direction="out")}
    assert types == {RelType.LEGAL_REP_OF, RelType.CONTROLS}


def test_contract_edges_carry_money_in_fen(
    store: GraphStore, settings: Settings, city: Path, pseudonymiser: Pseudonymiser
) -> None:
    load_directory(store, city, settings)
    contracts = {r.key: r for r in store.relationships(RelType.CONTRACTS_TO)}
    assert contracts["C-1"].src == firm(1)
    assert contracts["C-1"].dst == firm(2)
    assert dict(contracts["C-1"].props) == {
        "project": "P-001",
        "contract_id": "C-1",
        "kind": "labour_subcontract",
        "price": 300_000_000,
        "paid": 250_000_000,
    }
    assert contracts["C-2"].dst == person(pseudonymiser, 2)
    assert contracts["C-2"].get("kind") == "crew_contract"


def test_wages_aggregate_into_employment(
    store: GraphStore, settings: Settings, city: Path, pseudonymiser: Pseudonymiser
) -> None:
    load_directory(store, city, settings)
    jobs = {r.src: r for r in store.relationships(RelType.EMPLOYED_BY)}
    job = jobs[person(pseudonymiser, 10)]
    assert job.dst == person(pseudonymiser, 2)
    assert job.key == "P-001"
    assert dict(job.props) == {
        "project": "P-001",
        "position": "钢筋工",
        "wage_months": ["2024-03:800000:800000", "2024-04:800000:0"],
        "wages_due": 1_600_000,
        "wages_paid": 800_000,
        "months_owed": 1,
        "last_paid_on": "2024-04-10",
    }
    assert jobs[person(pseudonymiser, 11)].get("wage_months") == ["2024-04:700050:300000"]
    graph = store.contracting_graph("P-001")
    assert [(c.workers, c.wages_due, c.wages_paid) for c in graph.crews] == [
        (2, 2_300_050, 1_100_000)
    ]


def test_projects_cases_agencies(store: GraphStore, settings: Settings, city: Path) -> None:
    load_directory(store, city, settings)
    project = store.get_node(NodeRef(Label.PROJECT, "P-001"))
    assert project is not None
    assert (project.get("contract_value"), project.get("wage_account"), project.get("funding")) == (
        1_200_000_000,
        True,
        "government",
    )
    context = store.case_context("K-1")
    assert context.case.get("amount_owed") == 1_200_050
    assert context.case.get("status") == "received"
    assert [r.ref for r in context.respondents] == [firm(2)]
    assert context.areas == (HUAMU,)
    assert context.claimants == 2
    street = store.get_node(NodeRef(Label.AGENCY, "A-HM"))
    assert street is not None
    assert street.get("sectors") == ["building", "municipal"]
    parts = {(r.src.key, r.dst.key) for r in store.relationships(RelType.PART_OF)}
    assert {(HUAMU, PUDONG), (PUDONG, "3101"), ("3101", "31")} <= parts


# ---------------------------------------------------------------- idempotency


def test_reload_changes_nothing(store: GraphStore, settings: Settings, city: Path) -> None:
    load_directory(store, city, settings)
    counts, before = store.counts(), snapshot(store)
    report = load_directory(store, city, settings)
    assert report.rejected == 0
    assert store.counts() == counts
    assert snapshot(store) == before


def test_monthly_wage_files_accumulate_and_a_month_is_replaced(
    store: GraphStore, settings: Settings, city: Path, pseudonymiser: Pseudonymiser
) -> None:
    (city / "wages.csv").unlink()
    header = ["project", "resident_id", "month", "due", "paid"]
    write_csv(city / "wages-2024-03.csv", header, [["P-001", rid(10), "2024-03", "100", "100"]])
    write_csv(city / "wages-2024-04.csv", header, [["P-001", rid(10), "2024-04", "100", "0"]])
    load_directory(store, city, settings)
    write_csv(city / "wages-2024-05.csv", header, [["P-001", rid(10), "2024-04", "100", "60"]])
    load_directory(store, city, settings)
    job = next(
        r for r in store.relationships(RelType.EMPLOYED_BY) if r.src == person(pseudonymiser, 10)
    )
    assert job.get("wage_months") == ["2024-03:10000:10000", "2024-04:10000:6000"]
    assert (job.get("wages_due"), job.get("wages_paid"), job.get("months_owed")) == (
        20000,
        16000,
        1,
    )


def test_stub_parties_never_overwrite_known_ones(
    store: GraphStore, settings: Settings, city: Path
) -> None:
    write_csv(
        city / "contracts_more.csv",
        ["合同编号", "项目编号", "发包方统一社会信用代码", "发包方名称", "承包方名称", "合同类别"],
        [["C-9", "P-001", uscc(1), "浦江建设集团", "无名劳务队", "转包"]],
    )
    load_directory(store, city, settings)
    known = store.get_node(firm(1))
    assert known is not None
    assert (known.get("name"), known.get("kind"), known.get("licence")) == (
        "浦江建设集团有限公司",
        "company",
        "valid",
    )
    stub = store.get_node(NodeRef(Label.ENTERPRISE, enterprise_key(None, "无名劳务队")))
    assert stub is not None
    assert (stub.get("kind"), stub.get("licence")) == ("unknown", "unknown")


# ---------------------------------------------------------------- rejects


def _rejects(path: str | None) -> list[dict[str, str]]:
    assert path is not None
    with Path(path).open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_bad_rows_are_rejected_with_exact_messages(
    memory_store: GraphStore, settings: Settings, city: Path
) -> None:
    bad_uscc = uscc(3)[:17] + ("0" if uscc(3)[17] != "0" else "1")
    write_csv(
        city / "enterprises.csv",
        ["统一社会信用代码", "企业名称", "注册地区划代码"],
        [
            [uscc(1), "浦江建设集团有限公司", PUDONG],
            [bad_uscc, "坏代码公司", PUDONG],
            ["91310115MA1K3", "短代码公司", "319999"],
            [uscc(2), "申城劳务有限公司", ""],
        ],
    )
    report = load_directory(memory_store, city, settings)
    result = by_file(report)["enterprises.csv"]
    assert (result.rows, result.loaded, result.rejected) == (4, 2, 2)
    assert result.errors == (
        f"enterprises.csv line 3, column 统一社会信用代码: '{bad_uscc}' fails its check character",
        "enterprises.csv line 4, column 统一社会信用代码: '91310115MA1K3' must have 18 characters",
        "enterprises.csv line 4, column 注册地区划代码: '319999' is not a known area code",
    )
    rows = _rejects(result.rejects_file)
    assert [(r["行号"], r["列"], r["值"], r["原因"]) for r in rows] == [
        ("3", "统一社会信用代码", bad_uscc, "fails its check character"),
        ("4", "统一社会信用代码", "91310115MA1K3", "must have 18 characters"),
        ("4", "注册地区划代码", "319999", "is not a known area code"),
    ]
    assert rows[0]["企业名称"] == "坏代码公司"
    assert report.exit_code == 0
    assert memory_store.get_node(firm(2)) is not None


def test_rejected_people_are_masked_everywhere(
    memory_store: GraphStore, settings: Settings, city: Path
) -> None:
    bad_id = rid(12)[:17] + ("0" if rid(12)[17] != "0" else "1")
    write_csv(
        city / "rosters.csv",
        ["项目编号", "公民身份号码", "姓名", "联系电话", "用工单位名称"],
        [
            ["P-001", bad_id, "钱七", "12912345678", "申城劳务有限公司"],
            ["P-404", rid(13), "孙八", "", "申城劳务有限公司"],
            ["P-001", rid(10), "", "", "申城劳务有限公司"],
        ],
    )
    (city / "wages.csv").unlink()
    result = by_file(load_directory(memory_store, city, settings))["rosters.csv"]
    masked = bad_id[:3] + "*" * 11 + bad_id[-4:]
    assert result.errors == (
        f"rosters.csv line 2, column 公民身份号码: '{masked}' fails its check digit",
        "rosters.csv line 2, column 联系电话: '129****5678' is not a mobile or landline number",
        "rosters.csv line 3, column 项目编号: 'P-404' is not a known project (项目备案)",
        "rosters.csv line 4, column 姓名: '' is required",
    )
    text = Path(str(result.rejects_file)).read_text(encoding="utf-8-sig")
    for secret in (bad_id, "12912345678", rid(13), rid(10)):
        assert secret not in text
    assert masked in text


def test_wages_without_a_roster_row_are_rejected(
    memory_store: GraphStore, settings: Settings, city: Path
) -> None:
    write_csv(
        city / "wages.csv",
        ["项目编号", "公民身份号码", "工资月份", "应发工资（元）", "实发工资（元）"],
        [["P-001", rid(10), "2024-03", "100", "100"], ["P-001", rid(14), "2024-03", "100", "0"]],
    )
    result = by_file(load_directory(memory_store, city, settings))["wages.csv"]
    masked = rid(14)[:3] + "*" * 11 + rid(14)[-4:]
    assert result.errors == (
        f"wages.csv line 3, column 公民身份号码: '{masked}' has no roster row (实名制花名册) "
        "on project 'P-001'",
    )
    assert (result.loaded, result.rejected) == (1, 1)


def test_an_impossible_amount_is_rejected_and_the_load_goes_on(
    memory_store: GraphStore, settings: Settings, city: Path
) -> None:
    """An 18-digit amount (an id typed into a wage column) is a bad cell, not a crash."""
    write_csv(
        city / "wages.csv",
        ["项目编号", "公民身份号码", "工资月份", "应发工资（元）", "实发工资（元）"],
        [
            ["P-001", rid(10), "2024-03", "123456789012345678", "100"],
            ["P-001", rid(10), "2024-04", "100", "100"],
        ],
    )
    report = load_directory(memory_store, city, settings)
    result = by_file(report)["wages.csv"]
    assert result.errors == (
        "wages.csv line 2, column 应发工资（元）: '123456789012345678' is larger than any real "
        "amount (over 一万亿元)",
    )
    assert (result.loaded, result.rejected) == (1, 1)
    assert report.exit_code == 0


def test_agency_parent_may_come_later_but_must_exist(
    memory_store: GraphStore, settings: Settings, city: Path
) -> None:
    write_csv(
        city / "agencies.csv",
        ["id", "name", "kind", "level", "area", "parent"],
        [
            ["A-HM", "花木街道", "街镇政府", "street", HUAMU, "A-PD"],
            ["A-PD", "浦东新区人社局", "人社局", "district", PUDONG, ""],
            ["A-XX", "某办", "信访办", "district", PUDONG, "A-NONE"],
        ],
    )
    result = by_file(load_directory(memory_store, city, settings))["agencies.csv"]
    assert result.errors == (
        "agencies.csv line 4, column parent: 'A-NONE' is not a known Agency "
        "(in the store or this file)",
    )
    reports = [(r.src.key, r.dst.key) for r in memory_store.relationships(RelType.REPORTS_TO)]
    assert reports == [("A-HM", "A-PD")]


def test_case_with_unknown_project_is_kept_with_a_warning(
    memory_store: GraphStore, settings: Settings, city: Path
) -> None:
    write_csv(
        city / "cases.csv",
        ["id", "source", "kind", "received_at", "project", "area"],
        [["K-7", "12333", "线索", "2024-07-01", "P-777", PUDONG]],
    )
    result = by_file(load_directory(memory_store, city, settings))["cases.csv"]
    assert result.rejected == 0
    assert result.warning_messages == (
        "cases.csv line 2, column project: 'P-777' is not a known project: case kept unlinked",
    )
    context = memory_store.case_context("K-7")
    assert context.project is None
    assert context.areas == (PUDONG,)


def test_missing_required_column_makes_the_file_unusable(
    memory_store: GraphStore, settings: Settings, city: Path
) -> None:
    write_csv(city / "officials.csv", ["干部编号", "姓名", "职务"], [["O-1", "陈", "局长"]])
    report = load_directory(memory_store, city, settings)
    result = by_file(report)["officials.csv"]
    assert result.fatal == "officials.csv: missing required column 职级 (rank)、部门编号 (agency)"
    assert report.exit_code == 2
    assert nonzero(memory_store)["Case"] == 1


def test_a_clean_reload_removes_the_stale_rejects_file(
    memory_store: GraphStore, settings: Settings, city: Path
) -> None:
    good = (city / "officials.csv").read_bytes()
    write_csv(
        city / "officials.csv",
        ["干部编号", "姓名", "职务", "职级", "部门编号"],
        [["O-1", "陈", "局长", "10", "A-PD-HR"]],
    )
    first = by_file(load_directory(memory_store, city, settings))["officials.csv"]
    assert first.errors == (
        "officials.csv line 2, column 职级: '10' is not a rank between 1 and 9",
    )
    assert Path(str(first.rejects_file)).exists()
    (city / "officials.csv").write_bytes(good)
    second = by_file(load_directory(memory_store, city, settings))["officials.csv"]
    assert second.rejects_file is None
    assert not Path(str(first.rejects_file)).exists()


# ---------------------------------------------------------------- --strict


def test_strict_writes_nothing_when_a_row_is_bad(
    store: GraphStore, settings: Settings, city: Path
) -> None:
    write_csv(
        city / "claimants.csv", ["案件编号", "公民身份号码", "姓名"], [["K-404", rid(10), "李四"]]
    )
    report = load_directory(store, city, settings, strict=True)
    assert not report.written
    assert report.exit_code == 2
    assert by_file(report)["claimants.csv"].errors == (
        "claimants.csv line 2, column 案件编号: 'K-404' is not a known case (案件)",
    )
    assert nonzero(store) == {}


def test_strict_loads_when_every_row_is_good(
    store: GraphStore, settings: Settings, city: Path
) -> None:
    report = load_directory(store, city, settings, strict=True)
    assert report.written
    assert report.exit_code == 0
    assert nonzero(store)["Person"] == 4


# ---------------------------------------------------------------- formats


def test_gbk_csv_loads(memory_store: GraphStore, settings: Settings, tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "enterprises.csv",
        ["统一社会信用代码", "企业名称", "登记状态"],
        [[uscc(1), "浦江建设集团有限公司", "注销"]],
        encoding="gbk",
    )
    result = load_file(memory_store, path, ENTERPRISES, settings).files[0]
    assert (result.encoding, result.loaded) == ("gb18030", 1)
    node = memory_store.get_node(firm(1))
    assert node is not None
    assert (node.get("name"), node.get("licence")) == ("浦江建设集团有限公司", "dissolved")


def test_utf8_bom_csv_with_english_headers_loads(
    memory_store: GraphStore, settings: Settings, tmp_path: Path
) -> None:
    path = write_csv(
        tmp_path / "enterprises.csv",
        ["USCC", "Name", "Kind", "Status"],
        [[uscc(1), "Pujiang Construction", "company", "revoked"]],
        encoding="utf-8-sig",
    )
    result = load_file(memory_store, path, ENTERPRISES, settings).files[0]
    assert (result.encoding, result.loaded) == ("utf-8-sig", 1)
    node = memory_store.get_node(firm(1))
    assert node is not None
    assert (node.get("name"), node.get("status")) == ("Pujiang Construction", "吊销")


def test_xlsx_roster_loads(
    memory_store: GraphStore, settings: Settings, city: Path, pseudonymiser: Pseudonymiser
) -> None:
    (city / "rosters.csv").unlink()
    (city / "wages.csv").unlink()
    write_xlsx(
        city / "rosters.xlsx",
        ["项目编号", "身份证号", "姓名", "所属单位信用代码", "所属单位", "进场日期"],
        [["P-001", rid(20), "周九", uscc(2), "申城劳务有限公司", "2024-05-06"]],
    )
    report = load_directory(memory_store, city, settings)
    result = by_file(report)["rosters.xlsx"]
    assert (result.encoding, result.loaded) == ("xlsx", 1)
    worker = person(pseudonymiser, 20)
    works = memory_store.relationships_of(worker, RelType.WORKS_ON)
    assert [(r.dst.key, r.get("entered_on")) for r in works] == [("P-001", "2024-05-06")]
    assert [r.dst for r in memory_store.relationships_of(worker, RelType.EMPLOYED_BY)] == [firm(2)]


def test_synthetic_ids_refused_unless_allowed(
    memory_store: GraphStore, tmp_path: Path, city: Path
) -> None:
    strict_settings = Settings(data_dir=tmp_path / "d", hash_key="k")
    report = load_directory(memory_store, city, strict_settings)
    assert by_file(report)["persons.csv"].errors[0].endswith("is a synthetic id (prefix 99)")


def test_discover_finds_series_in_source_order(tmp_path: Path) -> None:
    for name in (
        "wages-2024-02.csv",
        "wages_2024_01.xlsx",
        "rosters.csv",
        "notes.csv",
        "wagesx.csv",
        "~$rosters.xlsx",
        "enterprises.txt",
        "enterprises.CSV",
    ):
        (tmp_path / name).write_text("x", encoding="utf-8")
    assert [p.name for _s, p in discover(tmp_path)] == [
        "enterprises.CSV",
        "rosters.csv",
        "wages-2024-02.csv",
        "wages_2024_01.xlsx",
    ]


def test_name_lending_and_dispatch(
    memory_store: GraphStore, settings: Settings, city: Path, pseudonymiser: Pseudonymiser
) -> None:
    write_csv(
        city / "name_lending.csv",
        ["项目编号", "被挂靠单位统一社会信用代码", "挂靠人身份证号", "挂靠人名称"],
        [["P-001", uscc(1), rid(2), "王五"]],
    )
    write_csv(
        city / "dispatch.csv",
        ["派遣单位名称", "用工单位统一社会信用代码", "用工单位名称"],
        [["某派遣公司", uscc(2), "申城劳务有限公司"]],
    )
    report = load_directory(memory_store, city, settings)
    assert report.rejected == 0
    lending = list(memory_store.relationships(RelType.WORKS_UNDER_NAME_OF))
    assert [(r.src, r.dst, r.key, dict(r.props)) for r in lending] == [
        (person(pseudonymiser, 2), firm(1), "P-001", {"project": "P-001"})
    ]
    dispatch = list(memory_store.relationships(RelType.DISPATCHES_TO))
    agency = NodeRef(Label.ENTERPRISE, enterprise_key(None, "某派遣公司"))
    assert [(r.src, r.dst, r.key) for r in dispatch] == [(agency, firm(2), "")]


def test_a_load_freezes_what_it_built_out_of_the_cyclic_collector(
    memory_store: GraphStore, settings: Settings, tmp_path: Path
) -> None:
    """A city load builds tens of millions of long-lived objects: each written batch is
    moved out of the cyclic collector's generations so that full collections do not walk
    them again and again."""
    gc.unfreeze()
    load_directory(memory_store, write_city(tmp_path / "in"), settings)
    assert gc.get_freeze_count() > 0
    gc.unfreeze()
