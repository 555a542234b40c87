"""The wage and roster folds (wage records kept per project) give what a plain fold over one
city-wide table gives, whatever order the scans list the edges in."""

from __future__ import annotations

import random
from datetime import date
from typing import Any

import pytest

from graph.enums import Label
from graph.store.records import NodeRef, RelValues
from queries.risk.facts import CityFacts, EnterpriseFacts, ProjectFacts
from queries.risk.wage_records import add_wages

AS_OF = date(2025, 6, 15)
PROJECTS = ("P1", "P2", "P3")
FIRMS = ("E1", "E2", "E3")


def _city() -> CityFacts:
    return CityFacts(
        as_of=AS_OF,
        projects={
            code: ProjectFacts(code, code, "310115001", "building", "在建", True, True, True)
            for code in PROJECTS
        },
        enterprises={eid: EnterpriseFacts(eid, eid, "310115") for eid in FIRMS},
        controllers={},
        agencies=[],
    )


def _job(rng: random.Random, worker: str) -> RelValues:
    """An EMPLOYED_BY row: employer an enterprise (some unknown) or a foreman, project of the
    city or not, with or without wage months, paid in full, in part, over, or not at all."""
    label, employer = rng.choice(
        [(Label.ENTERPRISE.value, e) for e in (*FIRMS, "E-unknown")] + [("Person", "F1")]
    )
    code = rng.choice((*PROJECTS, "P-elsewhere"))
    due = rng.choice((None, 0, 1000, 2500))
    paid = rng.choice((None, 0, 1000, 2500))
    months = rng.choice(([], ["2025-04:1000:0"], None))
    in_prop = rng.random() < 0.8  # else only the edge key names the project
    values = (code if in_prop else None, months, due, paid, rng.choice((None, 0, 1, 3)))
    return ("Person", worker, label, employer, code, values)


def _roster_row(rng: random.Random, worker: str, code: str) -> RelValues:
    left = rng.choice((None, None, "2025-05-01", "2025-06-14", "2025-06-15T08:00:00"))
    return ("Person", worker, Label.PROJECT.value, code, "", (left,))


def _rows(seed: int) -> tuple[list[RelValues], list[RelValues]]:
    """Workers on rosters, their employment rows (some duplicated with another employer,
    some missing, some on projects they are not on the roster of)."""
    rng = random.Random(seed)
    jobs: list[RelValues] = []
    roster: list[RelValues] = []
    for n in range(300):
        worker = f"W{n}"
        job = _job(rng, worker)
        jobs.extend([job] * (rng.random() < 0.9))
        if rng.random() < 0.2:  # a second edge of the same worker and project
            again = _job(rng, worker)
            jobs.append((*again[:4], job[4], (job[5][0], *again[5][1:])))
        roster.append(_roster_row(rng, worker, str(job[5][0] or job[4])))
        if rng.random() < 0.1:
            roster.append(_roster_row(rng, worker, rng.choice(PROJECTS)))
    return jobs, roster


def _reference(facts: CityFacts, jobs: list[RelValues], roster: list[RelValues]) -> None:
    """The plain fold: every wage record in one table, then the roster against it."""
    records: dict[tuple[str, str], tuple[NodeRef, int]] = {}
    for _, worker, label, key, rel_key, (project, months, due_, paid_, owed_months) in jobs:
        due, paid = int(due_ or 0), int(paid_ or 0)
        owed = max(due - paid, 0)
        if months or due > 0 or paid > 0:
            records[(worker, str(project or rel_key))] = (NodeRef(Label(label), key), owed)
        if owed > 0 and label == Label.ENTERPRISE.value and key in facts.enterprises:
            firm = facts.enterprises[key]
            firm.owed += owed
            firm.workers_owed += 1
            firm.months_owed = max(firm.months_owed, int(owed_months or 0))
    for _, worker, _, code, _, (left,) in roster:
        project = facts.projects.get(code)
        if project is None:
            continue
        project.roster += 1
        record = records.get((worker, code))
        if record is None:
            project.without_wage_record += 1
        elif left and record[1] > 0 and date.fromisoformat(str(left)[:10]) < AS_OF:
            row = project.departed_unpaid.setdefault(record[0], [0, 0])
            row[0] += 1
            row[1] += record[1]


def _summary(facts: CityFacts) -> dict[str, Any]:
    return {
        "projects": {
            c: (p.roster, p.without_wage_record, list(p.departed_unpaid.items()))
            for c, p in facts.projects.items()
        },
        "firms": {e: (f.owed, f.workers_owed, f.months_owed) for e, f in facts.enterprises.items()},
    }


@pytest.mark.parametrize("seed", range(8))
@pytest.mark.parametrize("order", ["as written", "reversed", "shuffled"])
def test_the_folds_match_a_plain_fold(seed: int, order: str) -> None:
    jobs, roster = _rows(seed)
    if order == "reversed":  # which of two edges of a worker and project is the later
        jobs = jobs[::-1]
    elif order == "shuffled":
        random.Random(seed).shuffle(roster)
        random.Random(seed + 1).shuffle(jobs)
    expected, found = _city(), _city()
    _reference(expected, jobs, roster)
    add_wages(found, jobs, roster, AS_OF)
    assert _summary(found) == _summary(expected)
    assert any(p.departed_unpaid for p in found.projects.values())
    assert any(p.without_wage_record for p in found.projects.values())


def test_a_later_record_of_the_same_worker_and_project_replaces_an_earlier() -> None:
    facts = _city()
    owing = ("Person", "W1", "Enterprise", "E1", "P1", ("P1", ["2025-04:1000:0"], 1000, 0, 1))
    settled = (
        "Person",
        "W1",
        "Enterprise",
        "E2",
        "P1",
        ("P1", ["2025-04:1000:1000"], 1000, 1000, 0),
    )
    left = ("Person", "W1", "Project", "P1", "", ("2025-05-01",))
    add_wages(facts, [owing, settled], [left], AS_OF)
    assert facts.projects["P1"].departed_unpaid == {}
    assert facts.enterprises["E1"].owed == 1000  # what E1 owes still counts against E1
    facts = _city()
    add_wages(facts, [settled, owing], [left], AS_OF)
    assert facts.projects["P1"].departed_unpaid == {NodeRef(Label.ENTERPRISE, "E1"): [1, 1000]}
