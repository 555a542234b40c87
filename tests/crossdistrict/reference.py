"""The facts of cross-district detection read the plain way, as a yardstick for
:func:`queries.crossdistrict.fetch_inputs`: every case's context (``case_contexts``, open and
closed alike), full relationship records (``relationships``) and one node read per party."""

from __future__ import annotations

from collections.abc import Iterable

from graph.enums import Label, RelType
from graph.store.protocol import GraphStore
from graph.store.records import NodeRef, RelRecord
from queries.crossdistrict.facts import HR_KINDS, OFFICER_TYPES
from queries.crossdistrict.inputs import (
    AgencyFact,
    CaseFact,
    DetectionInputs,
    TieFact,
    pair,
    party_facts,
)
from queries.crossdistrict.open_cases import case_fact


def reference_inputs(store: GraphStore) -> DetectionInputs:
    cases: list[CaseFact] = []
    unlocated = 0
    for ctx in store.case_contexts():
        if not ctx.is_open:
            continue
        fact = case_fact(ctx)
        if fact is None:
            unlocated += 1
        else:
            cases.append(fact)
    parties = {ref for case in cases for ref in (*case.respondents, *case.employers)}
    projects = {case.project for case in cases if case.project}
    ties = [
        _tie(rel)
        for rel_type in OFFICER_TYPES
        for rel in store.relationships(rel_type)
        if rel.dst in parties
    ]
    ties += [
        _tie(rel)
        for rel in store.relationships(RelType.WORKS_UNDER_NAME_OF)
        if str(rel.get("project") or rel.key) in projects
    ]
    records = store.get_nodes(sorted(parties | {end for t in ties for end in (t.src, t.dst)}))
    legal_reps = {ref.key: _legal_reps(ties, ref) for ref in records}
    enterprises, person_names = party_facts(records, legal_reps)
    return DetectionInputs(
        cases=tuple(cases),
        enterprises=enterprises,
        person_names=person_names,
        ties=tuple(ties),
        same_as=_decisions(store, RelType.SAME_AS),
        not_same_as=_decisions(store, RelType.NOT_SAME_AS),
        agencies=tuple(
            AgencyFact(a.ref.key, str(a.get("name", "")), str(a.get("kind")), str(a.get("area")))
            for a in store.nodes(Label.AGENCY)
            if a.get("kind") in HR_KINDS and a.get("area")
        ),
        unlocated=unlocated,
    )


def _tie(rel: RelRecord) -> TieFact:
    project = rel.get("project")
    return TieFact(rel.type, rel.src, rel.dst, str(project) if project else None)


def _legal_reps(ties: Iterable[TieFact], enterprise: NodeRef) -> set[str]:
    return {
        t.src.key
        for t in ties
        if t.type is RelType.LEGAL_REP_OF and t.dst == enterprise and t.src.label is Label.PERSON
    }


def _decisions(store: GraphStore, rel_type: RelType) -> frozenset[tuple[str, str]]:
    return frozenset(pair(r.src.key, r.dst.key) for r in store.relationships(rel_type))
