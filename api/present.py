"""Turning store records into API answers, with masking by role and scope.

People: names, masked ids and masked phones go only to roles that need them (investigator,
admin) and only for people in the caller's scope; everyone else sees a redacted node. Keyed
hashes (``phone_hash``) never leave the server. Cases outside the scope are redacted too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from api.deps import Caller
from api.schemas.graph import GraphEdge, GraphNode, GraphView
from graph.enums import LABEL_TITLES, REL_TITLES, Label
from graph.store.records import NodeRecord, NodeRef, RelRecord, Subgraph
from queries.liability import Answer

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


# ------------------------------------------------------------------ liability answers


def masked_names(names: Mapping[str, str]) -> dict[str, str]:
    """Person id → masked name: surname + 某 ('王某'), numbered when two would collide
    ('王某2'); '个人n' when the name is empty. Ids in sorted order, so the masks are stable."""
    out: dict[str, str] = {}
    used: dict[str, int] = {}
    for index, pid in enumerate(sorted(names), start=1):
        base = f"{names[pid][0]}某" if names[pid] else f"个人{index}"
        used[base] = used.get(base, 0) + 1
        out[pid] = base if used[base] == 1 else f"{base}{used[base]}"
    return out


def _replace_all(value: Any, pairs: list[tuple[str, str]]) -> Any:
    """``value`` (JSON-like) with every name in every string replaced by its mask."""
    if isinstance(value, str):
        for name, mask in pairs:
            value = value.replace(name, mask)
        return value
    if isinstance(value, list):
        return [_replace_all(v, pairs) for v in value]
    if isinstance(value, dict):
        return {k: _replace_all(v, pairs) for k, v in value.items()}
    return value


def mask_people(answer: Answer, names: Mapping[str, str]) -> Answer:
    """The answer with every person's name (``names``: id → real name) replaced by its mask in
    every text field: explanations, evidence, conditions, warnings, parties."""
    masks = masked_names(names)
    pairs = sorted(((names[p], masks[p]) for p in names if len(names[p]) >= 2),
                   key=lambda pair: -len(pair[0]))
    if not pairs:
        return answer
    data = _replace_all(answer.model_dump(mode="json", by_alias=True), pairs)
    return Answer.model_validate(data)


def person_names(caller: Caller, party_ids: Iterable[str]) -> dict[str, str]:
    """Names of the parties that are Person nodes (one batch read)."""
    refs = [NodeRef(Label.PERSON, p) for p in dict.fromkeys(party_ids)]
    found = caller.store.get_nodes(refs) if refs else {}
    return {ref.key: str(node.get("name") or "") for ref, node in found.items()}


def liability_answer(caller: Caller, answer: Answer, names: Mapping[str, str], *,
                     in_scope: bool, resource: str) -> Answer:
    """A liability answer for the caller: persons' names only to investigators and admins
    whose scope covers the subject (the read is audited as a personal-data read); everyone
    else gets the masked names."""
    if not names:
        return answer
    if caller.principal.sees_personal_data and in_scope:
        caller.audit("liability.read", resource, people=len(names))
        return answer
    return mask_people(answer, names)
