"""Scope isolation and masking by role."""

from __future__ import annotations

import pytest

from graph.enums import Label
from tests.api.conftest import World


def _ids(world: World, who: str, query: str = "") -> list[str]:
    page = world.client.get(f"/v1/cases{query}", headers=world.as_(who)).json()
    return [c["id"] for c in page["items"]]


def test_each_district_lists_its_own_cases_and_its_group_cases(world: World) -> None:
    assert _ids(world, "pd_investigator") == ["C-PD", "C-GRP"]
    assert _ids(world, "xh_investigator") == ["C-XH", "C-GRP"]
    assert _ids(world, "admin") == ["C-PD", "C-XH", "C-GRP"]
    assert _ids(world, "street_investigator") == ["C-PD", "C-GRP"]


def test_district_principal_cannot_read_another_districts_case(world: World) -> None:
    response = world.client.get("/v1/cases/C-XH", headers=world.as_("pd_investigator"))
    assert response.status_code == 403
    assert "张三" not in response.text
    assert "李四" not in response.text


def test_district_principal_reads_case_of_its_cross_district_group(world: World) -> None:
    case = world.client.get("/v1/cases/C-GRP", headers=world.as_("pd_investigator")).json()
    assert case["groups"] == ["G-1"]
    assert [c["name"] for c in case["claimants"]] == ["王五"]


def test_district_principal_cannot_read_another_districts_worker(world: World) -> None:
    pid = world.pids["李四"]
    url = f"/v1/liability/projects/P-XH/workers/{pid}"
    assert world.client.get(url, headers=world.as_("pd_investigator")).status_code == 403
    assert world.client.get(url, headers=world.as_("xh_investigator")).status_code == 200
    view = world.client.get(f"/v1/graph/nodes/Person/{pid}/neighbourhood",
                            headers=world.as_("pd_investigator")).json()
    person = next(n for n in view["nodes"] if n["key"] == pid)
    assert person["redacted"]
    assert person["properties"] == {}
    assert "李四" not in str(view)


@pytest.mark.parametrize("who", ["pd_analyst", "pd_external"])
def test_other_roles_get_counts_not_personal_data(world: World, who: str) -> None:
    case = world.client.get("/v1/cases/C-PD", headers=world.as_(who)).json()
    assert case["claimant_count"] == 1
    assert case["claimants"] is None
    view = world.client.get("/v1/graph/nodes/Case/C-PD/neighbourhood",
                            headers=world.as_(who)).json()
    assert "张三" not in str(view)
    assert any(n["label"] == "Person" and n["redacted"] for n in view["nodes"])


def test_investigator_gets_masked_personal_data_only(world: World) -> None:
    case = world.client.get("/v1/cases/C-PD", headers=world.as_("pd_investigator")).json()
    claimant = case["claimants"][0]
    assert claimant["name"] == "张三"
    assert claimant["id_masked"] == "990***********1230"
    assert claimant["phone_masked"] == "100****5678"
    assert "990101199001011230" not in str(case)
    view = world.client.get("/v1/graph/nodes/Case/C-PD/neighbourhood",
                            headers=world.as_("pd_investigator")).json()
    person = next(n for n in view["nodes"] if n["label"] == "Person")
    assert person["caption"] == "张三"
    assert "phone_hash" not in person["properties"]


def test_out_of_scope_case_is_redacted_in_graph_views(world: World) -> None:
    view = world.client.get("/v1/graph/nodes/Project/P-XH/neighbourhood",
                            headers=world.as_("pd_investigator")).json()
    case = next(n for n in view["nodes"] if n["id"] == "Case:C-XH")
    assert case["redacted"]
    assert case["properties"] == {}


def test_groups_are_listed_for_member_districts_only(world: World) -> None:
    assert world.client.get("/v1/cross-district/groups",
                            headers=world.as_("pd_investigator")).json()["total"] == 1
    world.store.upsert_nodes(Label.COORDINATION_GROUP,
                             [{"id": "G-2", "districts": ["310104", "310101"]}])
    listed = world.client.get("/v1/cross-district/groups", headers=world.as_("pd_investigator"))
    assert [g["id"] for g in listed.json()["items"]] == ["G-1"]
    detail = world.client.get("/v1/cross-district/groups/G-2", headers=world.as_("pd_investigator"))
    assert detail.status_code == 403
