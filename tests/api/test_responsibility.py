"""Responsibility routes: a case answers with what was assigned, the rules only as suggestion."""

from __future__ import annotations

from graph.enums import Label, RelType
from graph.store.records import NodeRef, RelRecord
from tests.api.conftest import World


def _supervise(world: World, agency: str) -> None:
    rel = RelRecord(RelType.ASSIGNED_TO, NodeRef(Label.CASE, "C-PD"), NodeRef(Label.AGENCY, agency),
                    "督办", {"role": "督办", "overdue_stage": "received:2024-06-07",
                             "reason": "逾期督办：受理 期限 2024-06-07 已过"})
    world.store.upsert_relationships(RelType.ASSIGNED_TO, [rel])


def test_case_answer_reports_stored_units_and_suggests_the_missing_owner(world: World) -> None:
    _supervise(world, "PD-HR")
    answer = world.client.get("/v1/responsibility/cases/C-PD",
                              headers=world.as_("pd_external")).json()
    assert answer["basis"] == "assigned"
    assert answer["lead_unit"]["agency_id"] == "PD-LI"
    assert [u["agency_id"] for u in answer["supervisors"]] == ["PD-HR"]
    assert answer["supervisors"][0]["reason"].startswith("逾期督办")
    assert answer["owner"] is None  # nobody was assigned as 包案 leader
    suggestion = answer["suggestion"]
    assert suggestion["owner"]["official_id"] == "O-1"
    assert any("包案领导" in d and "陈局长" in d for d in suggestion["differences"])
    assert not any("督办" in d for d in suggestion["differences"])


def test_case_with_matching_assignment_has_no_suggestion(world: World) -> None:
    owner = RelRecord(RelType.LED_BY, NodeRef(Label.CASE, "C-PD"), NodeRef(Label.OFFICIAL, "O-1"),
                      "包案", {"role": "包案", "reason": "局长包案"})
    world.store.upsert_relationships(RelType.LED_BY, [owner])
    answer = world.client.get("/v1/responsibility/cases/C-PD",
                              headers=world.as_("pd_external")).json()
    assert answer["basis"] == "assigned"
    assert answer["owner"]["official_id"] == "O-1"
    assert answer["owner"]["reason"] == "局长包案"
    assert answer["suggestion"] is None


def test_case_without_assignment_is_computed(world: World) -> None:
    answer = world.client.get("/v1/responsibility/cases/C-XH",
                              headers=world.as_("xh_investigator")).json()
    assert answer["basis"] == "computed"
    assert answer["lead_unit"]["agency_id"] == "XH-LI"
    assert answer["suggestion"] is None


def test_place_answer_lists_candidates_and_unknown_project_is_404(world: World) -> None:
    headers = world.as_("pd_external")
    street = world.client.get("/v1/responsibility/areas/310115004?sector=building",
                              headers=headers).json()
    assert street["basis"] == "computed"
    assert [c["official_id"] for c in street["owner_candidates"]] == ["O-1"]
    assert street["deadline"]["stage"] == "received"
    assert world.client.get("/v1/responsibility/projects/P-NONE",
                            headers=headers).status_code == 404
