"""Shared assembly of read records from fetched rows, so every backend returns the same."""

from __future__ import annotations

from collections.abc import Iterable

from graph.store.records import Crew, NodeRef, RelRecord


def crews_from_employment(employment: Iterable[RelRecord]) -> tuple[Crew, ...]:
    """Aggregate EMPLOYED_BY edges (worker → employer) per employer, ordered by employer."""
    acc: dict[NodeRef, list[int]] = {}
    for rel in employment:
        due = int(rel.get("wages_due", 0))
        paid = int(rel.get("wages_paid", 0))
        owed = max(due - paid, 0)
        row = acc.setdefault(rel.dst, [0, 0, 0, 0, 0, 0])
        row[0] += 1
        row[1] += due
        row[2] += paid
        row[3] += owed
        row[4] = max(row[4], owed)
        row[5] = max(row[5], int(rel.get("months_owed", 0)))
    return tuple(
        Crew(employer, r[0], r[1], r[2], r[3], r[4], r[5]) for employer, r in sorted(acc.items())
    )


def crews_from_claims(claims: Iterable[tuple[NodeRef, int, int]]) -> tuple[Crew, ...]:
    """Aggregate (employer, amount claimed, months owed) of a case's claimants per employer."""
    acc: dict[NodeRef, list[int]] = {}
    for employer, amount, months in claims:
        row = acc.setdefault(employer, [0, 0, 0, 0])
        row[0] += 1
        row[1] += amount
        row[2] = max(row[2], amount)
        row[3] = max(row[3], months)
    return tuple(
        Crew(employer, r[0], r[1], 0, r[1], r[2], r[3]) for employer, r in sorted(acc.items())
    )
