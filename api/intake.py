"""Case intake: validate a complaint or lead and write it to the graph with store upserts.

Writes the Case, its respondents (Enterprise nodes, created only when missing: a complaint
never overwrites registry data), its claimants (Person nodes keyed by the keyed hash of the
resident id, with masked id and phone only), and CONCERNS / AGAINST / OCCURRED_IN /
CLAIMANT_IN, plus EMPLOYED_BY (claimant → employer, per project) when no such edge exists.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any

from api.schemas.cases import CaseIntake, ClaimantIn, RespondentIn
from graph.enums import Label, RelType
from graph.errors import Conflict, InvalidValue
from graph.ids import enterprise_key
from graph.privacy import protect_phone, protect_resident_id
from graph.settings import Settings
from graph.store.protocol import GraphStore
from graph.store.records import NodeRef, RelRecord
from graph.values import validate_phone, validate_resident_id


@dataclass(frozen=True, slots=True)
class ProtectedClaimant:
    person: dict[str, Any]
    claimant: ClaimantIn

    @property
    def ref(self) -> NodeRef:
        return NodeRef(Label.PERSON, self.person["pid"])


def new_case_id(intake: CaseIntake) -> str:
    return f"C-{intake.received_at:%Y%m%d}-{secrets.token_hex(3).upper()}"


def protect_claimant(settings: Settings, claimant: ClaimantIn, index: int) -> ProtectedClaimant:
    """Validate and pseudonymise one claimant (errors name the field and a masked value)."""
    where = f"claimants[{index}]"
    rid = validate_resident_id(claimant.resident_id, f"{where}.resident_id",
                               allow_synthetic=settings.allow_synthetic_ids)
    hasher = settings.pseudonymiser()
    protected = protect_resident_id(hasher, rid)
    person: dict[str, Any] = {"pid": protected.pid, "name": claimant.name,
                              "id_masked": protected.masked, "origin_area": protected.origin_area}
    if claimant.phone:
        phone = validate_phone(claimant.phone, f"{where}.phone",
                               allow_synthetic=settings.allow_synthetic_ids)
        person["phone_hash"], person["phone_masked"] = protect_phone(hasher, phone)
    return ProtectedClaimant(person, claimant)


def respondent_row(respondent: RespondentIn) -> dict[str, Any]:
    eid = enterprise_key(respondent.uscc, respondent.name)
    row: dict[str, Any] = {"eid": eid, "name": respondent.name, "kind": respondent.kind.value}
    if respondent.uscc:
        row["uscc"] = respondent.uscc
    return row


class Intake:
    """One intake: checks against the store, then the writes."""

    def __init__(self, store: GraphStore, settings: Settings, intake: CaseIntake) -> None:
        self.store = store
        self.intake = intake
        self.case_id = intake.id or new_case_id(intake)
        self.case_ref = NodeRef(Label.CASE, self.case_id)
        self.claimants = [protect_claimant(settings, c, i) for i, c in enumerate(intake.claimants)]
        self.respondents = [respondent_row(r) for r in intake.respondents]

    def check(self) -> None:
        """Refuse a duplicate id (409), an unknown project or employer (422)."""
        if self.store.get_node(self.case_ref) is not None:
            raise Conflict(f"case {self.case_id!r} already exists")
        project = self.intake.project
        if project and self.store.get_node(NodeRef(Label.PROJECT, project)) is None:
            raise InvalidValue("project", project, "is not a known project")
        known = {r["eid"] for r in self.respondents}
        for i, c in enumerate(self.intake.claimants):
            ref = NodeRef(Label.ENTERPRISE, c.employer or "")
            if c.employer and c.employer not in known and self.store.get_node(ref) is None:
                raise InvalidValue(f"claimants[{i}].employer", c.employer,
                                   "is neither a respondent nor a known enterprise")

    def write(self) -> None:
        refs = [NodeRef(Label.ENTERPRISE, r["eid"]) for r in self.respondents]
        existing = self.store.get_nodes(refs)
        new = [r for r, ref in zip(self.respondents, refs, strict=True) if ref not in existing]
        if new:
            self.store.upsert_nodes(Label.ENTERPRISE, new)
        if self.claimants:
            self.store.upsert_nodes(Label.PERSON, [c.person for c in self.claimants])
        self.store.upsert_nodes(Label.CASE, [self.case_row()])
        for rel_type, rels in self.relationships().items():
            if rels:
                self.store.upsert_relationships(rel_type, rels)

    def case_row(self) -> dict[str, Any]:
        i = self.intake
        claimed = sum(c.amount_claimed for c in i.claimants)
        row: dict[str, Any] = {
            "id": self.case_id, "source": i.source.value, "kind": i.kind.value,
            "received_at": i.received_at.isoformat(), "status": "received",
            "workers": i.workers if i.workers is not None else len(i.claimants),
            "amount_owed": i.amount_owed if i.amount_owed is not None else claimed,
            "months_owed": i.months_owed, "group_incident": i.group_incident, "area": i.area,
        }
        optional = {"project": i.project, "summary": i.summary}
        return {**row, **{k: v for k, v in optional.items() if v}}

    def relationships(self) -> dict[RelType, list[RelRecord]]:
        case = self.case_ref
        out: dict[RelType, list[RelRecord]] = {
            RelType.OCCURRED_IN: [RelRecord(RelType.OCCURRED_IN, case,
                                            NodeRef(Label.AREA, self.intake.area))],
            RelType.AGAINST: [RelRecord(RelType.AGAINST, case, NodeRef(Label.ENTERPRISE, r["eid"]))
                              for r in self.respondents],
            RelType.CLAIMANT_IN: [
                RelRecord(RelType.CLAIMANT_IN, c.ref, case, "",
                          {"amount_claimed": c.claimant.amount_claimed})
                for c in self.claimants
            ],
            RelType.EMPLOYED_BY: self.employment(),
        }
        if self.intake.project:
            out[RelType.CONCERNS] = [RelRecord(RelType.CONCERNS, case,
                                               NodeRef(Label.PROJECT, self.intake.project))]
        return out

    def employment(self) -> list[RelRecord]:
        """Claimant → employer edges for the project, only where none is recorded yet."""
        project = self.intake.project
        if not project:
            return []
        rels = []
        for c in self.claimants:
            if not c.claimant.employer:
                continue
            employer = NodeRef(Label.ENTERPRISE, c.claimant.employer)
            known = self.store.relationships_of(c.ref, RelType.EMPLOYED_BY, "out")
            if not any(r.dst == employer and r.key == project for r in known):
                rels.append(RelRecord(RelType.EMPLOYED_BY, c.ref, employer, project,
                                      {"project": project, "months_owed": c.claimant.months_owed}))
        return rels
