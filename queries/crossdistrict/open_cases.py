"""The open cases' facts: which cases are open (one scan of Case nodes), then the store's own
context read of just those cases (``case_contexts``: an in-process walk in the embedded store,
batched reads in Neo4j), each turned into a :class:`CaseFact`.

Not whole-type scans: open cases are a minority of a year's cases, and their claimants' jobs a
small share of all EMPLOYED_BY edges, so scanning CONCERNS, OCCURRED_IN, AGAINST, CLAIMANT_IN
and EMPLOYED_BY costs the embedded store more than these targeted reads (measured in
docs/cross-district.md, "Quality and speed").
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from graph.enums import Label
from graph.store.protocol import GraphStore
from graph.store.records import CLOSED_CASE_STATES, CaseContext, NodeRecord, NodeRef
from graph.values import parse_date
from queries.crossdistrict.inputs import CaseFact


@dataclass(frozen=True, slots=True)
class OpenCases:
    """The located open cases (in the order the store lists Case nodes), the records of their
    respondents and of the respondents' officers as read with them, and how many open cases
    have no known place of employment."""

    cases: tuple[CaseFact, ...]
    records: dict[NodeRef, NodeRecord]
    unlocated: int


def read_open_cases(store: GraphStore) -> OpenCases:
    cases: list[CaseFact] = []
    records: dict[NodeRef, NodeRecord] = {}
    unlocated = 0
    for ctx in store.case_contexts(open_case_ids(store)):
        if not ctx.is_open:
            continue
        fact = case_fact(ctx)
        if fact is None:
            unlocated += 1
            continue
        cases.append(fact)
        for record in (*ctx.respondents, *ctx.people.values()):
            records.setdefault(record.ref, record)
    return OpenCases(tuple(cases), records, unlocated)


def open_case_ids(store: GraphStore) -> list[str]:
    """Ids of the open cases (a scan of Case nodes: most cases of a year are closed, and
    their contexts are the expensive part of the read)."""
    return [
        record.ref.key
        for record in store.nodes(Label.CASE)
        if str(record.get("status", "received")) not in CLOSED_CASE_STATES
    ]


def case_fact(ctx: CaseContext) -> CaseFact | None:
    """The case's facts, or None when its place of employment is unknown."""
    site = _site(ctx)
    if site is None:
        return None
    case = ctx.case
    crew_workers = sum(c.workers for c in ctx.claim_crews)
    workers = int(case.get("workers") or 0) or crew_workers or ctx.claimants
    amount = int(case.get("amount_owed") or 0) or sum(c.owed_total for c in ctx.claim_crews)
    return CaseFact(
        id=case.ref.key,
        site=site,
        received_at=_received(case.get("received_at")),
        workers=workers,
        amount_fen=amount,
        respondents=tuple(r.ref for r in ctx.respondents),
        project=ctx.project.ref.key if ctx.project else None,
        employers=tuple(c.employer for c in ctx.claim_crews if c.owed_total > 0),
    )


def _received(value: object) -> date:
    """Stored dates are ISO text (fast path); anything else goes through parse_date."""
    if isinstance(value, str) and len(value) == 10:
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    return parse_date(value, "received_at")


def _site(ctx: CaseContext) -> str | None:
    """Place of employment: the project's area first (the site), else where the case occurred."""
    candidates: Iterable[object] = (
        ctx.project.get("area") if ctx.project else None,
        *ctx.areas,
        ctx.case.get("area"),
    )
    for code in candidates:
        if isinstance(code, str) and len(code) >= 6:
            return code
    return None
