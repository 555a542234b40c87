"""Wages owed and rosters: the two million-edge folds of :func:`queries.risk.facts.gather`.

EMPLOYED_BY edges carry each worker's wage record on a project (wage months, due, paid,
months owed); WORKS_ON edges are the roster (实名制花名册) with the day a worker left. The
folds run once per edge over plain tuples from ``GraphStore.relationship_values``, so they
keep per-edge work to a few operations on small per-project collections: edges of one
project tend to come together, and a small set stays in the processor's cache where one
city-wide table of a million (worker, project) pairs would not.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from graph.enums import Label
from graph.store.records import NodeRef, RelValues

if TYPE_CHECKING:
    from queries.risk.facts import CityFacts

JOB_PROPS = ("project", "wage_months", "wages_due", "wages_paid", "months_owed")
"""The EMPLOYED_BY properties :func:`add_employment` reads, in its order."""
ROSTER_PROPS = ("left_on",)
"""The WORKS_ON properties :func:`add_roster` reads."""


@dataclass(slots=True)
class ProjectWages:
    """The wage records of one project's workers."""

    recorded: set[str] = field(default_factory=set)
    """Workers with a wage record on the project (a wage month, or anything due or paid)."""
    owing: dict[str, tuple[NodeRef, int]] = field(default_factory=dict)
    """worker → (employer, fen owed), only for those still owed."""


def add_wages(
    facts: CityFacts, jobs: Iterable[RelValues], roster: Iterable[RelValues], by: date
) -> None:
    """Wages owed (EMPLOYED_BY with :data:`JOB_PROPS`), then the roster (WORKS_ON with
    :data:`ROSTER_PROPS`) against them; the wage records are dropped once the roster is read."""
    add_roster(facts, roster, add_employment(facts, jobs), by)


def add_employment(facts: CityFacts, rels: Iterable[RelValues]) -> dict[str, ProjectWages]:
    """Fold wages owed into employers; return each project's wage records (for projects of
    the city: the roster asks about no others). Of several edges of one worker and project,
    the last with a wage record counts, as a later write replaces an earlier one."""
    wages = {code: ProjectWages() for code in facts.projects}
    enterprises = facts.enterprises
    employers: dict[tuple[str, str], NodeRef] = {}
    enterprise_label = Label.ENTERPRISE.value
    # a million rows in a city: plain tuples, no helper calls for the common rows
    for _, worker, label, key, rel_key, (project, months, due_, paid_, owed_months) in rels:
        if months and due_ == paid_:
            owed = 0  # paid in full: the common row, with nothing to add up
        else:
            due, paid = int(due_ or 0), int(paid_ or 0)
            owed = due - paid
            if owed <= 0 and not (months or due > 0 or paid > 0):
                continue  # no wage record
        records = wages.get(str(project or rel_key))
        if owed <= 0:
            if records is None:
                continue
            if worker in records.recorded:
                records.owing.pop(worker, None)
            else:
                records.recorded.add(worker)
            continue
        employer = employers.get((label, key))
        if employer is None:
            employer = employers[(label, key)] = NodeRef(Label(label), key)
        if records is not None:
            records.recorded.add(worker)
            records.owing[worker] = (employer, owed)
        firm = enterprises.get(key) if label == enterprise_label else None
        if firm is not None:
            firm.owed += owed
            firm.workers_owed += 1
            firm.months_owed = max(firm.months_owed, int(owed_months or 0))
    return wages


def add_roster(
    facts: CityFacts, rels: Iterable[RelValues], wages: dict[str, ProjectWages], by: date
) -> None:
    """Count roster workers and those without a wage record; workers who left before ``by``
    and are still owed are counted, with what they are owed, per employer."""
    joined = {code: (p, wages.get(code) or ProjectWages()) for code, p in facts.projects.items()}
    for _, worker, _, code, _, (left,) in rels:
        found = joined.get(code)
        if found is None:
            continue
        project, records = found
        project.roster += 1
        if worker not in records.recorded:
            project.without_wage_record += 1
        elif (
            left and (debt := records.owing.get(worker)) and date.fromisoformat(str(left)[:10]) < by
        ):
            row = project.departed_unpaid.setdefault(debt[0], [0, 0])
            row[0] += 1
            row[1] += debt[1]
