"""Graph views: neighbourhood with cap and "N more", path, project chain."""

from __future__ import annotations

from tests.api.conftest import GC, OWNER, SUB, World


def test_neighbourhood_is_drawable_nodes_and_edges(world: World) -> None:
    view = world.client.get("/v1/graph/nodes/Project/P-PD/neighbourhood?depth=1",
                            headers=world.as_("admin")).json()
    ids = {n["id"] for n in view["nodes"]}
    assert ids == {"Project:P-PD", "Case:C-PD", "Area:310115004",
                   f"Person:{world.pids['张三']}"}
    for edge in view["edges"]:
        assert edge["source"] in ids
        assert edge["target"] in ids
    assert {e["type"] for e in view["edges"]} == {"CONCERNS", "LOCATED_IN", "WORKS_ON",
                                                  "CLAIMANT_IN"}
    assert view["more"] == 0
    assert view["more_label"] is None


def test_neighbourhood_cap_reports_how_many_more(world: World) -> None:
    view = world.client.get("/v1/graph/nodes/Project/P-PD/neighbourhood?depth=2&cap=2",
                            headers=world.as_("admin")).json()
    assert len(view["nodes"]) == 2
    assert view["more"] == 2
    assert view["more_label"] == "另有 2 个节点未显示"


def test_path_between_two_entities(world: World) -> None:
    url = (f"/v1/graph/path?from_label=Enterprise&from_key={OWNER}"
           f"&to_label=Enterprise&to_key={SUB}&max_depth=4")
    view = world.client.get(url, headers=world.as_("pd_analyst")).json()
    assert [n["key"] for n in view["nodes"]] == [OWNER, GC, SUB]
    assert len(view["edges"]) == 2
    none = world.client.get(url.replace("max_depth=4", "max_depth=1"),
                            headers=world.as_("pd_analyst")).json()
    assert none["nodes"] == []


def test_project_chain_with_aggregated_crews(world: World) -> None:
    view = world.client.get("/v1/graph/projects/P-PD/chain",
                            headers=world.as_("pd_external")).json()
    contracts = [(e["source"], e["target"]) for e in view["edges"] if e["type"] == "CONTRACTS_TO"]
    assert contracts == [(f"Enterprise:{OWNER}", f"Enterprise:{GC}"),
                         (f"Enterprise:{GC}", f"Enterprise:{SUB}")]
    crew = next(n for n in view["nodes"] if n["label"] == "Crew")
    assert crew["properties"] == {"workers": 1, "owed_total": 1500000, "months_owed_max": 3}
    assert not any(n["label"] == "Person" for n in view["nodes"])


def test_unknown_node_is_404_and_bad_label_is_400(world: World) -> None:
    headers = world.as_("admin")
    assert world.client.get("/v1/graph/nodes/Project/NOPE/neighbourhood",
                            headers=headers).status_code == 404
    assert world.client.get("/v1/graph/nodes/Robot/x/neighbourhood",
                            headers=headers).status_code == 400
    assert world.client.get("/v1/graph/projects/NOPE/chain", headers=headers).status_code == 404
