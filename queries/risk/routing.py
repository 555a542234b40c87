"""Routing a warning or a risk to its responsible unit through the coordination rules.

The lead unit (主办) of a place is what :func:`queries.coordination.assignment.lead_unit`
decides for a case there (labour inspection, else the HR bureau, of the district of the
place of employment, R-L13); for warnings on a project's compliance duties (Arts 26, 32,
34) the sector regulator of the coordination policy is named beside it (R-7).
"""

from __future__ import annotations

from functools import lru_cache

from queries.coordination.assignment import AgencyInfo, AssignmentInputs, agencies_at, lead_unit
from queries.coordination.policy import CoordinationPolicy, Level
from queries.coordination.policy import default_policy as coordination_policy
from queries.risk.facts import AgencyFact

SECTOR_DUTY_RULES = frozenset(
    {"W02_labour_cost_late", "W05_no_wage_account", "W06_no_wage_deposit", "W07_no_notice_board"}
)
"""Warnings on duties the sector regulator (行业工程建设主管部门) also supervises."""


class Router:
    """Responsible units for places and sectors, cached per (district, sector)."""

    def __init__(self, agencies: list[AgencyFact], policy: CoordinationPolicy | None = None):
        self._agencies = tuple(AgencyInfo(a.id, a.name, a.kind, a.level, a.area) for a in agencies)
        self._policy = policy or coordination_policy()
        self._district_unit = lru_cache(maxsize=4096)(self._unit)

    def unit(self, place: str | None, sector: str, sector_duty: bool) -> str | None:
        """'部门名称' of the lead unit of the place, plus '、…（行业主管）' for the sector
        regulator when ``sector_duty``; None when the place is unknown or has no such agency.
        Both are district agencies, so the places of a district share one look-up."""
        if not place or len(place) < 6:
            return None
        return self._district_unit(place[:6], sector, sector_duty)

    def _inputs(self, place: str) -> AssignmentInputs:
        return AssignmentInputs(
            case_id="",
            place=place,
            districts=(place[:6],),
            sector="other",
            gov_invested=False,
            workers=0,
            amount_fen=0,
            months=0,
            group_incident=False,
            repeat_offender=False,
            chain_issues=(),
            agencies=self._agencies,
            officials=(),
        )

    def _unit(self, district: str, sector: str, sector_duty: bool) -> str | None:
        ctx = self._inputs(district)
        lead = lead_unit(ctx, self._policy)
        names = [lead.agency_name] if lead else []
        if sector_duty:
            kinds = tuple(self._policy.sector_regulators.get(sector, ()))  # type: ignore[call-overload]
            regulator = agencies_at(ctx, Level.DISTRICT, kinds)
            names += [f"{r.name}（行业主管）" for r in regulator[:1]]
        return "、".join(names) or None
