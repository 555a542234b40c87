"""Territorial scope: which cases and people a principal may see.

A case is visible when one of its areas (its own ``area``, the areas it OCCURRED_IN, the area of
the project it CONCERNS) lies inside the principal's scope, or when it is IN_GROUP of a
CoordinationGroup whose districts include the principal's district. A person is visible when
a visible case names them as claimant, or they work (WORKS_ON / EMPLOYED_BY) on a project in
scope, or they are officers of an enterprise registered in scope. Everything else (areas,
agencies, enterprises, projects) is public to every authenticated principal.
"""

from __future__ import annotations

from collections.abc import Iterable

from api.auth import Principal
from graph.enums import Label, RelType
from graph.errors import Forbidden, NotFound
from graph.store.protocol import GraphStore
from graph.store.records import NodeRecord, NodeRef

_PERSON_LINKS = (RelType.WORKS_ON, RelType.EMPLOYED_BY, RelType.CLAIMANT_IN,
                 RelType.LEGAL_REP_OF, RelType.CONTROLS)


class ScopeGuard:
    """Visibility checks for one principal over one store (caches per request)."""

    def __init__(self, store: GraphStore, principal: Principal) -> None:
        self.store = store
        self.principal = principal
        self._groups: dict[str, frozenset[str]] = {}
        self._projects: dict[str, str | None] = {}

    # ------------------------------------------------------------------ cases
    def case_areas(self, case: NodeRecord) -> list[str]:
        """Every area code the case is tied to (own, OCCURRED_IN, its project's area)."""
        areas = [str(case.get("area"))] if case.get("area") else []
        project = case.get("project")
        for rel in self.store.relationships_of(case.ref, direction="out"):
            if rel.type is RelType.OCCURRED_IN:
                areas.append(rel.dst.key)
            elif rel.type is RelType.CONCERNS:
                project = rel.dst.key
        project_area = self._project_area(str(project)) if project else None
        return list(dict.fromkeys([*areas, *([project_area] if project_area else [])]))

    def case_groups(self, case: NodeRecord) -> list[str]:
        return [r.dst.key for r in self.store.relationships_of(case.ref, RelType.IN_GROUP, "out")]

    def case_visible(self, case: NodeRecord) -> bool:
        if any(self.principal.covers(a) for a in self.case_areas(case)):
            return True
        district = self.principal.district
        return district is not None and any(
            district in self.group_districts(g) for g in self.case_groups(case)
        )

    def require_case(self, case_id: str) -> NodeRecord:
        """The case, or NotFound; Forbidden when it lies outside the principal's scope."""
        case = self.store.get_node(NodeRef(Label.CASE, case_id))
        if case is None:
            raise NotFound("case", case_id)
        if not self.case_visible(case):
            raise Forbidden(f"case {case_id!r} is outside scope {self.principal.scope_area}")
        return case

    # ------------------------------------------------------------------ groups
    def group_districts(self, group_id: str) -> frozenset[str]:
        """Districts of a coordination group: its ``districts`` property, or else the
        districts of its member cases."""
        if group_id not in self._groups:
            self._groups[group_id] = self._load_group_districts(group_id)
        return self._groups[group_id]

    def _load_group_districts(self, group_id: str) -> frozenset[str]:
        group = self.store.get_node(NodeRef(Label.COORDINATION_GROUP, group_id))
        if group is None:
            return frozenset()
        listed = group.get("districts")
        if listed:
            return frozenset(str(d)[:6] for d in listed)
        members = self.store.relationships_of(group.ref, RelType.IN_GROUP, "in")
        cases = self.store.get_nodes([r.src for r in members])
        return frozenset(a[:6] for c in cases.values() for a in self.case_areas(c) if len(a) >= 6)

    def group_visible(self, group_id: str) -> bool:
        districts = self.group_districts(group_id)
        return any(self.principal.covers(d) or d == self.principal.district for d in districts)

    # ------------------------------------------------------------------ people
    def person_visible(self, person: NodeRef) -> bool:
        """Whether this person's personal data may be shown (scope only, not role)."""
        for rel in self.store.relationships_of(person, direction="out"):
            if rel.type not in _PERSON_LINKS:
                continue
            if self._link_in_scope(rel.type, rel.dst, rel.get("project")):
                return True
        return False

    def _link_in_scope(self, rel_type: RelType, dst: NodeRef, project: object) -> bool:
        if rel_type is RelType.CLAIMANT_IN:
            case = self.store.get_node(dst)
            return case is not None and self.case_visible(case)
        if rel_type is RelType.WORKS_ON:
            return self.principal.covers(self._project_area(dst.key))
        if rel_type is RelType.EMPLOYED_BY and project:
            return self.principal.covers(self._project_area(str(project)))
        if dst.label is Label.ENTERPRISE:
            node = self.store.get_node(dst)
            return node is not None and self.principal.covers(node.get("registered_area"))
        return False

    def _project_area(self, code: str) -> str | None:
        if code not in self._projects:
            node = self.store.get_node(NodeRef(Label.PROJECT, code))
            self._projects[code] = str(node.get("area")) if node and node.get("area") else None
        return self._projects[code]

    def visible_cases(self, cases: Iterable[NodeRecord]) -> list[NodeRecord]:
        return [c for c in cases if self.case_visible(c)]
