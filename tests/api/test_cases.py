"""Case intake (validated, pseudonymised, assigned), lifecycle transitions and history."""

from __future__ import annotations

from typing import Any

from graph.enums import Label, RelType
from graph.store.records import NodeRef
from tests.api.conftest import SUB, World

RID = "990101199001011230"


def _intake(**over: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "source": "12345", "kind": "投诉", "received_at": "2024-06-03", "area": "310115004",
        "project": "P-PD", "respondents": [{"name": "上海某劳务有限公司", "uscc": SUB}],
        "claimants": [{"name": "赵六", "resident_id": RID, "phone": "10012345678",
                       "amount_claimed": 250000, "months_owed": 2, "employer": SUB}],
        "summary": "木工班组工资未发",
    }
    return {**body, **over}


def test_intake_writes_a_pseudonymised_case_and_assigns_it(world: World) -> None:
    response = world.client.post("/v1/cases", json=_intake(id="C-NEW"),
                                 headers=world.as_("pd_investigator"))
    assert response.status_code == 201
    answer = response.json()
    assert answer["case"]["id"] == "C-NEW"
    assert answer["case"]["amount_owed"] == 250000
    assert answer["case"]["workers"] == 1
    assert answer["assignment"]["units"][0]["agency_id"] == "PD-LI"
    assert {h["id"] for h in answer["case"]["handling"]} >= {"Agency:PD-LI"}
    case = world.store.get_node(NodeRef(Label.CASE, "C-NEW"))
    assert case is not None
    assert case.get("status") == "received"
    claimant = world.store.relationships_of(case.ref, RelType.CLAIMANT_IN, "in")[0]
    person = world.store.get_node(claimant.src)
    assert person is not None
    assert person.get("id_masked") == "990***********1230"
    assert RID not in str(person.props)
    assert "10012345678" not in str(person.props)
    assert claimant.src.key == world.settings.pseudonymiser().person_key(RID)


def test_intake_without_id_generates_one_and_can_skip_assignment(world: World) -> None:
    answer = world.client.post("/v1/cases", json=_intake(assign=False),
                               headers=world.as_("pd_investigator")).json()
    assert answer["case"]["id"].startswith("C-20240603-")
    assert answer["assignment"] is None
    assert answer["case"]["handling"] == []


def test_intake_refuses_a_bad_resident_id_with_a_masked_value(world: World) -> None:
    bad = _intake(claimants=[{"name": "赵六", "resident_id": "990101199001011231"}])
    response = world.client.post("/v1/cases", json=bad, headers=world.as_("pd_investigator"))
    assert response.status_code == 422
    error = response.json()["errors"][0]
    assert error["field"] == "claimants[0].resident_id"
    assert "990101199001011231" not in response.text
    assert world.store.get_node(NodeRef(Label.CASE, "C-BAD")) is None


def test_intake_refuses_unknown_project_and_needs_a_party(world: World) -> None:
    headers = world.as_("pd_investigator")
    unknown = world.client.post("/v1/cases", json=_intake(project="P-NONE"), headers=headers)
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0] == {"field": "project", "value": "P-NONE",
                                           "message": "is not a known project"}
    nobody = world.client.post("/v1/cases", json=_intake(project=None, respondents=[]),
                               headers=headers)
    assert nobody.status_code == 422


def test_intake_outside_scope_is_forbidden(world: World) -> None:
    response = world.client.post("/v1/cases", json=_intake(area="310104", project=None),
                                 headers=world.as_("pd_investigator"))
    assert response.status_code == 403


def test_transitions_follow_the_table_and_build_history(world: World) -> None:
    headers = world.as_("pd_investigator")
    ok = world.client.post("/v1/cases/C-PD/transitions", headers=headers,
                           json={"to": "verifying", "reason": "已联系投诉人"})
    assert ok.status_code == 200
    assert ok.json()["status"] == "verifying"
    illegal = world.client.post("/v1/cases/C-PD/transitions", headers=headers,
                                json={"to": "closed", "reason": "想直接结案"})
    assert illegal.status_code == 409
    unknown = world.client.post("/v1/cases/C-PD/transitions", headers=headers,
                                json={"to": "nowhere", "reason": "x"})
    assert unknown.status_code == 422
    history = world.client.get("/v1/cases/C-PD/history", headers=world.as_("pd_analyst")).json()
    assert [(e["from_state"], e["to_state"]) for e in history["entries"]] == [
        ("received", "verifying")]
    assert history["entries"][0]["actor"] == "浦东监察员"
    assert "mediation" in history["allowed"]


def test_reassignment_keeps_the_owner_and_is_audited(world: World) -> None:
    headers = world.as_("pd_investigator")
    first = world.client.post("/v1/cases/C-PD/assignment", json={}, headers=headers).json()
    again = world.client.post("/v1/cases/C-PD/assignment", json={}, headers=headers).json()
    assert first["units"] == again["units"]
    assert (again["guide"] or {}).get("official_id") == (first["guide"] or {}).get("official_id")
    audit = world.client.get("/v1/audit?action=case.assign", headers=world.as_("admin")).json()
    assert audit["total"] == 2


def test_list_filters_by_district_period_and_status(world: World) -> None:
    def ids(query: str) -> list[str]:
        page = world.client.get(f"/v1/cases{query}", headers=world.as_("admin")).json()
        return [c["id"] for c in page["items"]]

    assert ids("?district=310104") == ["C-XH", "C-GRP"]
    assert ids("?period=2024-05") == ["C-XH"]
    assert ids("?period=2024-Q2") == ["C-PD", "C-XH", "C-GRP"]
    assert ids("?status=verifying") == ["C-GRP"]
    page = world.client.get("/v1/cases?size=1&page=2", headers=world.as_("admin")).json()
    assert (page["total"], page["page"], page["size"], len(page["items"])) == (3, 2, 1, 1)
