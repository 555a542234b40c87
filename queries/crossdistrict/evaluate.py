"""Precision and recall of detected groups against the generator's planted groups.

The truth file (``truth/cross_district_groups.json``) lists each planted group with the
enterprises (``eid``, ``district``), persons (``resident_id``) and name variants that tie it
together, and its ``districts``. A planted group is *found* by a detected group that holds
one of its members and reaches every district the group is expected in. A detected group
is *correct* when it finds a planted group.

Detection looks at open arrears only, so when the facts are given a planted group is
*expected* only in the districts where its members are defaulters of open cases, and a
planted group whose open arrears lie in fewer than two districts is not expected at all
(it is reported, and left out of the recall).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from graph.enums import Label
from queries.crossdistrict.inputs import DetectionInputs
from queries.crossdistrict.models import Group, Policy


@dataclass(frozen=True, slots=True)
class Planted:
    id: str
    members: frozenset[str]
    districts: frozenset[str]


def planted_groups(truth: Any, pid_of: Callable[[str], str] | None = None) -> list[Planted]:
    """Planted groups from the truth JSON (a list, or an object with a ``groups`` list);
    members are 'Enterprise:<eid>' and, when ``pid_of`` hashes resident ids, 'Person:<pid>'."""
    rows = truth.get("groups", []) if isinstance(truth, Mapping) else truth
    out = []
    for index, row in enumerate(rows):
        members = {
            f"Enterprise:{e['eid']}"
            for e in (*row.get("enterprises", ()), *row.get("name_variants", ()))
        }
        if pid_of is not None:
            members |= {f"Person:{pid_of(p['resident_id'])}" for p in row.get("persons", ())}
        out.append(
            Planted(
                str(row.get("id", index)), frozenset(members), frozenset(row.get("districts", ()))
            )
        )
    return out


def open_districts(facts: DetectionInputs, policy: Policy | None = None) -> dict[str, set[str]]:
    """Member ref → districts where it is a defaulter of an open case (by ``policy``)."""
    from queries.crossdistrict.detect import defaulters_of

    out: dict[str, set[str]] = {}
    for case in facts.cases:
        for _, ref in defaulters_of(case, policy or Policy()):
            out.setdefault(f"{ref.label.value}:{ref.key}", set()).add(case.district)
    return out


def evaluate_against_truth(
    groups: Sequence[Group],
    truth: Any,
    *,
    pid_of: Callable[[str], str] | None = None,
    facts: DetectionInputs | None = None,
) -> tuple[float, float, dict[str, Any]]:
    """(precision, recall, details): details list found, missed, not expected and
    unmatched (detected but not planted) groups."""
    planted = planted_groups(truth, pid_of)
    expected = _expected(planted, facts)
    hits = {p.id: _finder(p, expected[p.id], groups) for p in planted if len(expected[p.id]) >= 2}
    used = {gid for gid in hits.values() if gid}
    recall = len([g for g in hits.values() if g]) / len(hits) if hits else 1.0
    precision = len(used) / len(groups) if groups else 1.0
    details = {
        "planted": len(planted),
        "expected": len(hits),
        "detected": len(groups),
        "found": {pid: gid for pid, gid in hits.items() if gid},
        "missed": sorted(pid for pid, gid in hits.items() if not gid),
        "not_expected": sorted(p.id for p in planted if p.id not in hits),
        "unmatched_detected": sorted(g.id for g in groups if g.id not in used),
    }
    return precision, recall, details


def _expected(
    planted: Sequence[Planted], facts: DetectionInputs | None
) -> dict[str, frozenset[str]]:
    if facts is None:
        return {p.id: p.districts for p in planted}
    where = open_districts(facts)
    return {p.id: frozenset(d for m in p.members for d in where.get(m, ())) for p in planted}


def _finder(planted: Planted, districts: frozenset[str], groups: Sequence[Group]) -> str | None:
    for group in groups:
        refs = {m.ref for m in group.members} | {
            f"{Label.ENTERPRISE.value}:{m.a}" for m in group.matches
        }
        refs |= {f"{Label.ENTERPRISE.value}:{m.b}" for m in group.matches}
        reached = {d.code for d in group.districts}
        if refs & planted.members and districts <= reached:
            return group.id
    return None
