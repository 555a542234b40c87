"""Measuring the risk grades against a generator's planted risky enterprises."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from queries.risk.score import HIGH_GRADES, CityRisk


def evaluate_against_truth(
    risk: CityRisk, truth: Iterable[Mapping[str, Any]], grades: tuple[str, ...] = HIGH_GRADES
) -> dict[str, Any]:
    """Precision and recall of enterprises graded in ``grades`` (red and orange) against the
    planted ones (records with ``eid`` and ``reasons``), with recall per planted reason."""
    planted = {str(r["eid"]): list(r.get("reasons", ())) for r in truth}
    flagged = {k for k, s in risk.enterprises.items() if s.grade in grades}
    hits = flagged & set(planted)
    by_reason: dict[str, list[int]] = {}
    for eid, reasons in planted.items():
        for reason in reasons:
            row = by_reason.setdefault(reason, [0, 0])
            row[0] += eid in flagged
            row[1] += 1
    return {
        "planted": len(planted),
        "flagged": len(flagged),
        "hits": len(hits),
        "precision": round(len(hits) / len(flagged), 3) if flagged else None,
        "recall": round(len(hits) / len(planted), 3) if planted else None,
        "recall_by_reason": {r: f"{h}/{n}" for r, (h, n) in sorted(by_reason.items())},
    }
