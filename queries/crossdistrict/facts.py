"""How cross-district detection reads its facts from a store.

The open cases come from :mod:`.open_cases` (a scan of Case nodes, then the contexts of the
open ones). Then one lean scan (``relationship_values``: tuples, no record per edge) per
relationship type that ties parties (LEGAL_REP_OF, CONTROLS, INVESTS_IN, WORKS_UNDER_NAME_OF,
analyst decisions), one batch read of the parties and people not yet seen, and one scan of
agencies.

A case's defaulters are the employers of its claimants who still owe them (from the
claimants' EMPLOYED_BY edges on the case's project: the 用人单位 or 包工头), and its
respondents (who the complaint names, often the general contractor).
"""

from __future__ import annotations

from collections.abc import Iterable

from graph.collector import collector_paused
from graph.enums import Label, RelType
from graph.store.protocol import GraphStore
from graph.store.records import NodeRef
from queries.crossdistrict.inputs import (
    AgencyFact,
    DetectionInputs,
    TieFact,
    pair,
    party_facts,
)
from queries.crossdistrict.open_cases import read_open_cases

OFFICER_TYPES = (RelType.LEGAL_REP_OF, RelType.CONTROLS, RelType.INVESTS_IN)
HR_KINDS = frozenset({"人社局", "劳动保障监察"})
NodeId = tuple[str, str]
"""(label value, key): how the lean scans name a node."""
LABELS = {label.value: label for label in Label}


def fetch_inputs(store: GraphStore) -> DetectionInputs:
    """Read open cases, their parties and ties, name lending, decisions and agencies."""
    with collector_paused():
        return _read(store)


def _read(store: GraphStore) -> DetectionInputs:
    open_cases = read_open_cases(store)
    cases = open_cases.cases
    parties = {ref for c in cases for ref in (*c.respondents, *c.employers)}
    ties = [
        *_officer_ties(store, parties),
        *_name_lending(store, {c.project for c in cases if c.project}),
    ]
    named = parties | {end for tie in ties for end in (tie.src, tie.dst)}
    records = dict(open_cases.records)
    records.update(store.get_nodes(sorted(named - records.keys())))
    enterprises, person_names = party_facts(records, _legal_reps(ties))
    return DetectionInputs(
        cases=cases,
        enterprises=enterprises,
        person_names=person_names,
        ties=tuple(ties),
        same_as=_decisions(store, RelType.SAME_AS),
        not_same_as=_decisions(store, RelType.NOT_SAME_AS),
        agencies=tuple(_agencies(store)),
        unlocated=open_cases.unlocated,
    )


def _officer_ties(store: GraphStore, parties: Iterable[NodeRef]) -> Iterable[TieFact]:
    """Legal representatives, controllers and investors of the cases' parties."""
    ends = {(ref.label.value, ref.key) for ref in parties}
    for rel_type in OFFICER_TYPES:
        for src_label, src, dst_label, dst, _key, (project,) in store.relationship_values(
            rel_type, ("project",)
        ):
            if (dst_label, dst) in ends:
                yield _tie(rel_type, (src_label, src), (dst_label, dst), project)


def _name_lending(store: GraphStore, projects: set[str]) -> Iterable[TieFact]:
    """Name lending (挂靠) on the open cases' projects (the ``project`` property, else the
    relationship key, names the project)."""
    for src_label, src, dst_label, dst, key, (project,) in store.relationship_values(
        RelType.WORKS_UNDER_NAME_OF, ("project",)
    ):
        if str(project or key) in projects:
            yield _tie(RelType.WORKS_UNDER_NAME_OF, (src_label, src), (dst_label, dst), project)


def _tie(rel_type: RelType, src: NodeId, dst: NodeId, project: object) -> TieFact:
    return TieFact(
        rel_type,
        NodeRef(LABELS[src[0]], src[1]),
        NodeRef(LABELS[dst[0]], dst[1]),
        str(project) if project else None,
    )


def _legal_reps(ties: Iterable[TieFact]) -> dict[str, set[str]]:
    """Enterprise key → the persons who are its legal representatives."""
    out: dict[str, set[str]] = {}
    for tie in ties:
        if tie.type is RelType.LEGAL_REP_OF and tie.src.label is Label.PERSON:
            out.setdefault(tie.dst.key, set()).add(tie.src.key)
    return out


def _decisions(store: GraphStore, rel_type: RelType) -> frozenset[tuple[str, str]]:
    rels = store.relationship_values(rel_type, ())
    return frozenset(pair(src, dst) for _sl, src, _dl, dst, _key, _ in rels)


def _agencies(store: GraphStore) -> Iterable[AgencyFact]:
    for record in store.nodes(Label.AGENCY):
        if record.get("kind") in HR_KINDS and record.get("area"):
            name, kind, area = (str(record.get(p, "")) for p in ("name", "kind", "area"))
            yield AgencyFact(record.ref.key, name, kind, area)
