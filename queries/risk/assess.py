"""One assessment of the city: facts, warnings and scores, each routed to its unit.

This is the entry point the CLI and the API call: :func:`assess` reads the store once
(:func:`queries.risk.facts.gather`), evaluates every warning rule, scores every enterprise
and project, and names the responsible unit of each warning and graded score.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from graph.collector import collector_paused
from graph.store.protocol import GraphStore
from queries.risk.facts import CityFacts, EnterpriseFacts, gather
from queries.risk.policy import RiskPolicy
from queries.risk.routing import SECTOR_DUTY_RULES, Router
from queries.risk.rules import RiskWarning
from queries.risk.score import CityRisk, RiskScore, score_city


@dataclass(slots=True)
class Assessment:
    facts: CityFacts
    risk: CityRisk
    router: Router
    policy: RiskPolicy


def enterprise_place(firm: EnterpriseFacts, facts: CityFacts) -> str | None:
    """Where the enterprise employs: the area of its first project (by code), else its
    registered area (wage jurisdiction follows the place of employment, R-L13)."""
    for code in sorted(firm.projects):
        area = facts.projects[code].area
        if area:
            return area
    return firm.area


def _sector_of(firm: EnterpriseFacts, facts: CityFacts) -> str:
    return next((facts.projects[c].sector for c in sorted(firm.projects)), "other")


def route_warning(w: RiskWarning, facts: CityFacts, router: Router) -> RiskWarning:
    """The warning with the responsible unit of its project's place filled in."""
    project = facts.projects.get(w.project or "")
    if project is None:
        return w
    unit = router.unit(project.area, project.sector, w.rule_id in SECTOR_DUTY_RULES)
    return w.model_copy(update={"responsible_unit": unit})


def place_of(kind: str, key: str, facts: CityFacts) -> str | None:
    """The area code of a scored project (its own area) or enterprise (where it employs,
    :func:`enterprise_place`); None for an unknown key or an unrecorded place."""
    if kind == "project":
        project = facts.projects.get(key)
        return (project.area or None) if project else None
    firm = facts.enterprises.get(key)
    return enterprise_place(firm, facts) if firm else None


def route_score(s: RiskScore, facts: CityFacts, router: Router) -> RiskScore:
    """The score with the responsible unit of its place filled in."""
    place: str | None
    if s.kind == "project":
        p = facts.projects[s.key]
        place, sector = p.area, p.sector
    else:
        firm = facts.enterprises[s.key]
        place, sector = enterprise_place(firm, facts), _sector_of(firm, facts)
    return s.model_copy(update={"responsible_unit": router.unit(place, sector, False)})


def route_all(risk: CityRisk, facts: CityFacts) -> Router:
    """Fill in the responsible unit of every warning and every graded score, in place."""
    router = Router(facts.agencies)
    risk.warnings = [route_warning(w, facts, router) for w in risk.warnings]
    for pool in (risk.enterprises, risk.projects):
        for key, s in pool.items():
            if s.grade:
                pool[key] = route_score(s, facts, router)
    return router


def assess(store: GraphStore, as_of: date, policy: RiskPolicy) -> Assessment:
    """Gather, evaluate, score and route; graded scores and all warnings carry their unit."""
    with collector_paused():
        facts = gather(store, as_of, policy.departed_settle_days)
        risk = score_city(facts, policy)
        return Assessment(facts, risk, route_all(risk, facts), policy)
