"""Hostile strings in ids and names are data: 404 or stored verbatim, never executed."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from graph.enums import Label
from graph.store.records import NodeRef
from tests.api.conftest import World

HOSTILE = [
    "'}) DETACH DELETE n //",
    "\" OR 1=1 --",
    "x'); DROP TABLE audit; --",
    "$param {id: 1}",
    "../../etc/passwd",
    "<script>alert(1)</script>",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_ids_in_paths_are_404(world: World, value: str) -> None:
    before = world.store.counts()
    headers = world.as_("admin")
    key = quote(value, safe="")
    for url in (f"/v1/cases/{key}", f"/v1/graph/nodes/Project/{key}/neighbourhood",
                f"/v1/graph/projects/{key}/chain", f"/v1/liability/cases/{key}",
                f"/v1/responsibility/projects/{key}", f"/v1/cross-district/groups/{key}"):
        response = world.client.get(url, headers=headers)
        assert response.status_code == 404, url
    assert world.store.counts() == before


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_names_and_ids_are_stored_verbatim(world: World, value: str) -> None:
    case_id = f"C-{value}".replace("/", "_")
    intake = {"id": case_id, "source": "现场", "received_at": "2024-06-01",
              "area": "310115", "respondents": [{"name": value}],
              "summary": value}
    created = world.client.post("/v1/cases", json=intake, headers=world.as_("admin"))
    assert created.status_code == 201, created.text
    case = world.store.get_node(NodeRef(Label.CASE, case_id))
    assert case is not None
    assert case.get("summary") == value
    respondent = created.json()["case"]["respondents"][0]
    assert respondent["name"] == value.strip()
    again = world.client.get(f"/v1/cases/{quote(case_id, safe='')}",
                             headers=world.as_("admin"))
    assert again.json()["summary"] == value
    assert world.client.get("/v1/audit/verify", headers=world.as_("admin")).json()["intact"]


def test_hostile_query_parameters_are_refused_or_inert(world: World) -> None:
    headers = world.as_("admin")
    assert world.client.get("/v1/cases?district=' OR 1=1", headers=headers).status_code == 400
    assert world.client.get("/v1/audit?principal=' OR 1=1 --", headers=headers).json()["total"] == 0
    status = world.client.get("/v1/cases?status='}) DETACH DELETE n //", headers=headers)
    assert status.status_code == 200
    assert status.json()["total"] == 0


def test_case_ids_with_slashes_are_refused(world: World) -> None:
    intake = {"id": "../../etc/passwd", "source": "现场", "received_at": "2024-06-01",
              "area": "310115", "respondents": [{"name": "某公司"}]}
    response = world.client.post("/v1/cases", json=intake, headers=world.as_("admin"))
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "body.id"
