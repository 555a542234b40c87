"""Liability answers name a foreman (a Person) only to investigators and admins in scope;
analysts and external systems get '赵某' in every text field. Investigators' reads are audited."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from api.present import mask_people, masked_names
from api.routes.liability import SCENARIO_EXAMPLE
from graph.enums import Label, RelType
from graph.privacy import protect_resident_id
from graph.store.records import NodeRef, RelRecord
from queries.liability import evaluate, load_scenario
from tests.api.conftest import GC, RIDS, World

FOREMAN = "赵大强"
FOREMAN_RID = "990101198003036661"
WORKER_RID = "990101199303034442"


def _add_foreman(world: World) -> str:
    """GC lets part of P-PD to the foreman 赵大强, whose worker 孙七 also claims in C-PD."""
    hasher = world.settings.pseudonymiser()
    pid = protect_resident_id(hasher, FOREMAN_RID).pid
    worker = protect_resident_id(hasher, WORKER_RID).pid
    world.store.upsert_nodes(Label.PERSON, [{"pid": pid, "name": FOREMAN},
                                            {"pid": worker, "name": "孙七"}])
    foreman, project = NodeRef(Label.PERSON, pid), "P-PD"
    world.store.upsert_relationships(RelType.CONTRACTS_TO, [RelRecord(
        RelType.CONTRACTS_TO, NodeRef(Label.ENTERPRISE, GC), foreman, project,
        {"project": project, "kind": "let_to_individual"})])
    world.store.upsert_relationships(RelType.EMPLOYED_BY, [RelRecord(
        RelType.EMPLOYED_BY, NodeRef(Label.PERSON, worker), foreman, project,
        {"project": project, "wages_due": 900000, "wages_paid": 0, "months_owed": 2})])
    world.store.upsert_relationships(RelType.CLAIMANT_IN, [RelRecord(
        RelType.CLAIMANT_IN, NodeRef(Label.PERSON, worker), NodeRef(Label.CASE, "C-PD"), "",
        {"amount_claimed": 900000})])
    return pid


def _audit_rows(world: World, action: str) -> list[dict[str, Any]]:
    rows = world.client.get("/v1/audit?action=" + action, headers=world.as_("admin")).json()
    return list(rows["items"])


@pytest.mark.parametrize("who", ["pd_analyst", "pd_external"])
def test_analyst_and_external_never_see_the_foremans_name(world: World, who: str) -> None:
    pid = _add_foreman(world)
    for path in ("/v1/liability/cases/C-PD", "/v1/liability/projects/P-PD"):
        response = world.client.get(path, headers=world.as_(who))
        assert response.status_code == 200
        answer = response.json()
        assert pid in {f["party"] for f in answer["findings"]}
        assert not [n for n in (FOREMAN, "孙七", *RIDS) if n in response.text]
        assert "赵某" in json.dumps(answer, ensure_ascii=False)


def test_investigator_in_scope_sees_the_name_and_the_read_is_audited(world: World) -> None:
    _add_foreman(world)
    response = world.client.get("/v1/liability/cases/C-PD", headers=world.as_("pd_investigator"))
    assert response.status_code == 200
    assert FOREMAN in response.text
    rows = _audit_rows(world, "liability.read")
    assert [(r["resource"], r["detail"]["people"]) for r in rows] == [("Case:C-PD", 1)]


def test_investigator_outside_the_projects_scope_gets_masks(world: World) -> None:
    _add_foreman(world)
    response = world.client.get("/v1/liability/projects/P-PD",
                                headers=world.as_("xh_investigator"))
    assert FOREMAN not in response.text
    assert _audit_rows(world, "liability.read") == []


def test_masks_are_surname_and_mou_and_stay_distinct() -> None:
    masks = masked_names({"a": "王小明", "b": "王大明", "c": ""})
    assert masks == {"a": "王某", "b": "王某2", "c": "个人3"}


def test_mask_people_replaces_names_in_every_text_field() -> None:
    scenario = copy.deepcopy(SCENARIO_EXAMPLE)
    scenario["parties"][2]["name"] = "钱多多"  # type: ignore[index]
    answer = evaluate(load_scenario(scenario))
    assert "钱多多" in answer.model_dump_json()
    masked = mask_people(answer, {"BOSS": "钱多多"})
    text = masked.model_dump_json()
    assert "钱多多" not in text
    assert "钱某" in text
    assert masked.findings[0].party == answer.findings[0].party
    assert len(masked.findings) == len(answer.findings)
