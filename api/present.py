"""Turning store records into API answers, with masking by role and scope.

People: names, masked ids and masked phones go only to roles that need them (investigator,
admin) and only for people in the caller's scope; everyone else sees a redacted node. Keyed
hashes (``phone_hash``) never leave the server. Cases outside the scope are redacted too.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from api.deps import Caller
from api.schemas.graph import GraphEdge, GraphNode, GraphView
from graph.enums import LABEL_TITLES, REL_TITLES, Label
from graph.store.records import NodeRecord, NodeRef, RelRecord, Subgraph

PERSON_FIELDS = ("name", "id_masked", "phone_masked", "origin_area")
_HIDDEN_FIELDS = frozenset({"phone_hash"})


def node_id(ref: NodeRef) -> str:
    return f"{ref.label.value}:{ref.key}"


def public_props(props: Mapping[str, Any]) -> dict[str, Any]:
    """Properties minus server-only fields (keyed hashes)."""
    return {k: v for k, v in props.items() if k not in _HIDDEN_FIELDS}


class Presenter:
    """Masks records for one caller and counts the personal data it let through."""

    def __init__(self, caller: Caller) -> None:
        self.caller = caller
        self.personal_shown: set[str] = set()
        self._visible: dict[NodeRef, bool] = {}

    def shows(self, node: NodeRecord) -> bool:
        """Whether the node's properties may be shown to the caller."""
        if node.ref.label not in (Label.PERSON, Label.CASE):
            return True
        if node.ref not in self._visible:
            self._visible[node.ref] = self._decide(node)
        return self._visible[node.ref]

    def _decide(self, node: NodeRecord) -> bool:
        guard = self.caller.guard
        if node.ref.label is Label.CASE:
            return guard.case_visible(node)
        return self.caller.principal.sees_personal_data and guard.person_visible(node.ref)

    def person(self, node: NodeRecord) -> dict[str, Any] | None:
        """A person's personal fields, or None when the caller may not see them."""
        if not self.shows(node):
            return None
        self.personal_shown.add(node.ref.key)
        return {f: node.get(f) for f in PERSON_FIELDS if node.get(f) is not None}

    def graph_node(self, node: NodeRecord) -> GraphNode:
        label = node.ref.label
        title = LABEL_TITLES[label]
        if not self.shows(node):
            return GraphNode(id=node_id(node.ref), label=label.value, label_zh=title,
                             key=node.ref.key, caption=title, redacted=True)
        if label is Label.PERSON:
            self.personal_shown.add(node.ref.key)
        caption = str(node.get("name") or node.ref.key)
        return GraphNode(id=node_id(node.ref), label=label.value, label_zh=title,
                         key=node.ref.key, caption=caption, properties=public_props(node.props))

    def graph_edge(self, rel: RelRecord, redacted: set[NodeRef]) -> GraphEdge:
        hidden = rel.src in redacted or rel.dst in redacted
        src, dst = node_id(rel.src), node_id(rel.dst)
        return GraphEdge(
            id=f"{rel.type.value}:{src}->{dst}#{rel.key}", type=rel.type.value,
            type_zh=REL_TITLES[rel.type], source=src, target=dst, key=rel.key,
            properties={} if hidden else public_props(rel.props),
        )

    def graph(self, sub: Subgraph) -> GraphView:
        """A drawable view of a subgraph; edges touching a redacted node lose their props."""
        nodes = [self.graph_node(n) for n in sub.nodes]
        redacted = {n.ref for n, g in zip(sub.nodes, nodes, strict=True) if g.redacted}
        edges = [self.graph_edge(r, redacted) for r in sub.rels]
        label = f"另有 {sub.more} 个节点未显示" if sub.more else None
        return GraphView(nodes=nodes, edges=edges, more=sub.more, more_label=label)

    def audit_personal(self, action: str, resource: str) -> None:
        """One audit row when this answer carried personal data."""
        if self.personal_shown:
            self.caller.audit(action, resource, people=len(self.personal_shown))
