"""Ledger, report and KPI routes answer 422 (naming ``period``) for impossible periods."""

from __future__ import annotations

import pytest

from tests.api.conftest import World

IMPOSSIBLE = ["2024-02-30..2024-03-01", "2024-03-01..2024-01-01", "1900-01-01..2024-01-01"]


@pytest.mark.parametrize("period", IMPOSSIBLE)
@pytest.mark.parametrize(
    "path", ["/v1/ledgers/cases", "/v1/reports/plc_quarterly", "/v1/kpis"]
)
def test_impossible_period_is_422(world: World, path: str, period: str) -> None:
    response = world.client.get(f"{path}?period={period}", headers=world.as_("pd_analyst"))
    assert response.status_code == 422
    assert "period" in response.text


def test_period_off_the_query_pattern_is_a_bad_request(world: World) -> None:
    """The route's pattern rejects 0000-00 before parsing: the API answers 400 for that."""
    response = world.client.get("/v1/reports/plc_quarterly?period=0000-00",
                                headers=world.as_("pd_analyst"))
    assert response.status_code == 400
    assert "period" in response.text
