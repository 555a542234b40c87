"""Responsible units by place: looked up once per district, the same for all its places."""

from __future__ import annotations

import pytest

from queries.risk.facts import AgencyFact
from queries.risk.routing import Router

AGENCIES = [
    AgencyFact("A-JC", "浦东新区劳动保障监察大队", "劳动保障监察", "district", "310115"),
    AgencyFact("A-JG", "浦东新区建管委", "建管委", "district", "310115"),
    AgencyFact("A-RS", "黄浦区人社局", "人社局", "district", "310101"),
    AgencyFact("A-JD", "花木街道办事处", "街道办事处", "street", "310115001"),
]


def test_units_follow_the_district_of_the_place() -> None:
    router = Router(AGENCIES)
    assert router.unit("310115001", "building", False) == "浦东新区劳动保障监察大队"
    assert router.unit("310115002", "building", False) == "浦东新区劳动保障监察大队"
    assert router.unit("310115", "building", False) == "浦东新区劳动保障监察大队"
    assert router.unit("310101019", "building", False) == "黄浦区人社局"  # no inspectorate
    assert router.unit("310115001", "building", True) == (
        "浦东新区劳动保障监察大队、浦东新区建管委（行业主管）"
    )


@pytest.mark.parametrize("place", [None, "", "31011", "310000001"])
def test_unknown_places_have_no_unit(place: str | None) -> None:
    assert Router(AGENCIES).unit(place, "building", False) is None
