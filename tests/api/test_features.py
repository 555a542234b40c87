"""Responsibility look-ups, liability, cross-district groups, ledgers, reports and KPIs."""

from __future__ import annotations

import io
import json

import yaml
from openpyxl import load_workbook

from queries.liability import evaluate, load_scenario
from tests.api.conftest import GC, SUB, World
from tests.conftest import SHARED


def test_responsibility_for_case_project_and_street(world: World) -> None:
    headers = world.as_("pd_external")
    case = world.client.get("/v1/responsibility/cases/C-PD", headers=headers).json()
    assert case["lead_unit"]["agency_id"] == "PD-LI"
    assert case["deadline"]["stage"] == "received"
    assert case["trace"]
    assert case["place"] == "310115004"
    project = world.client.get("/v1/responsibility/projects/P-PD", headers=headers).json()
    assert project["lead_unit"]["agency_id"] == "PD-LI"
    assert project["owner"]["official_id"] == "O-1"
    street = world.client.get("/v1/responsibility/areas/310115004?sector=transport",
                              headers=headers).json()
    assert street["sector"] == "transport"
    assert street["place_name"] == "上海市浦东新区潍坊新村街道"
    assert world.client.get("/v1/responsibility/cases/C-XH", headers=headers).status_code == 403
    assert world.client.get("/v1/responsibility/areas/999999999",
                            headers=headers).status_code == 422


def test_liability_for_case_names_employer_and_general_contractor(world: World) -> None:
    answer = world.client.get("/v1/liability/cases/C-PD?decided_on=2024-06-01",
                              headers=world.as_("pd_investigator")).json()
    assert answer["format"] == "zhiqian-liability/1"
    assert answer["decided_on"] == "2024-06-01"
    capacities = {(f["party"], f["capacity"]) for f in answer["findings"]}
    assert (SUB, "DIRECT") in capacities
    assert (GC, "PAY_FIRST") in capacities


def test_liability_for_project_and_worker(world: World) -> None:
    headers = world.as_("xh_investigator")
    project = world.client.get("/v1/liability/projects/P-XH", headers=headers).json()
    worker = world.client.get(f"/v1/liability/projects/P-XH/workers/{world.pids['李四']}",
                              headers=headers).json()
    assert project["findings"]
    assert worker["findings"]
    missing = world.client.get(f"/v1/liability/projects/P-PD/workers/{world.pids['李四']}",
                               headers=headers)
    assert missing.status_code == 404


def test_liability_for_posted_scenario_json_and_yaml(world: World) -> None:
    path = SHARED / "scenarios" / "EX-01.yaml"
    expected = evaluate(load_scenario(path)).model_dump(mode="json")
    text = path.read_text(encoding="utf-8")
    headers = world.as_("pd_analyst")
    body = json.dumps(yaml.safe_load(text), default=str, ensure_ascii=False).encode()
    as_json = world.client.post("/v1/liability/scenario", content=body,
                                headers={**headers, "Content-Type": "application/json"})
    as_yaml = world.client.post("/v1/liability/scenario", content=text.encode(),
                                headers={**headers, "Content-Type": "application/yaml"})
    assert as_json.status_code == as_yaml.status_code == 200
    assert as_json.json() == as_yaml.json() == json.loads(json.dumps(expected))


def test_scenario_errors_name_the_field(world: World) -> None:
    headers = world.as_("pd_analyst")
    bad = world.client.post("/v1/liability/scenario", headers=headers, json={
        "format": "zhiqian-scenario/1", "id": "X",
        "parties": [{"id": "A", "kind": "compny"}], "worker_groups": []})
    assert bad.status_code == 422
    assert "compny" in bad.text
    path_like = world.client.post("/v1/liability/scenario", headers={
        **headers, "Content-Type": "application/yaml"}, content=b"/etc/passwd.yaml")
    assert path_like.status_code == 422
    broken = world.client.post("/v1/liability/scenario", headers={
        **headers, "Content-Type": "application/json"}, content=b"{oops")
    assert broken.status_code == 400


def test_group_detail_lists_member_cases(world: World) -> None:
    detail = world.client.get("/v1/cross-district/groups/G-1",
                              headers=world.as_("pd_analyst")).json()
    assert detail["districts"] == ["310104", "310115"]
    assert [c["id"] for c in detail["member_cases"]] == ["C-GRP"]
    assert world.client.get("/v1/cross-district/groups/G-404",
                            headers=world.as_("admin")).status_code == 404


def test_ledger_json_csv_xlsx_are_scoped(world: World) -> None:
    headers = world.as_("pd_analyst")
    page = world.client.get("/v1/ledgers/cases", headers=headers).json()
    assert [r["case_id"] for r in page["items"]] == ["C-PD"]
    csv = world.client.get("/v1/ledgers/cases?format=csv", headers=headers)
    assert csv.headers["content-type"].startswith("text/csv")
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("案件编号,")
    assert lines[1].startswith("C-PD,")
    xlsx = world.client.get("/v1/ledgers/cases?format=xlsx", headers=headers)
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet["A1"].value == "案件编号"
    assert sheet["A2"].value == "C-PD"
    other = world.client.get("/v1/ledgers/cases?district=310104", headers=headers)
    assert other.status_code == 403
    city = world.client.get("/v1/ledgers/cases?district=310104", headers=world.as_("admin"))
    assert sorted(r["case_id"] for r in city.json()["items"]) == ["C-GRP", "C-XH"]


def test_reports_and_kpis(world: World) -> None:
    headers = world.as_("admin")
    report = world.client.get("/v1/reports/plc_quarterly?period=2024Q2&district=310115",
                              headers=headers).json()
    assert report["title"] == "政法委季度台账"
    assert report["period_from"] == "2024-04-01"
    assert [r["case_id"] for r in report["rows"]] == ["C-PD"]
    kpis = world.client.get("/v1/kpis?period=2024Q2", headers=world.as_("pd_analyst")).json()
    assert [d["district"] for d in kpis["districts"]] == ["310115"]
    names = {k["name"] for k in kpis["districts"][0]["kpis"]}
    assert "complaint_closure" in names
    bad = world.client.get("/v1/reports/weekly", headers=headers)
    assert bad.status_code == 400


def test_health_and_readiness(world: World) -> None:
    assert world.client.get("/health").json() == {"status": "ok"}
    ready = world.client.get("/ready").json()
    assert ready["status"] == "ready"
    assert ready["store"] == "memory"
    assert ready["nodes"] == 21


def test_report_kinds_match_the_coordination_module() -> None:
    from api.routes.ledgers import ReportKind
    from queries.coordination.reports import REPORT_KINDS

    assert {k.value for k in ReportKind} == set(REPORT_KINDS)

