"""Nodes and relationships as plain values while a load carries them.

A load builds, merges, sends between processes and writes millions of node and relationship
rows. As tuples of strings they cost a fraction of :class:`~graph.store.records.NodeRef`
and :class:`~graph.store.records.RelRecord` objects to build, hash and pickle; records are
made only where a store call asks for them. Labels and types are their enum values: an
enum member hashes differently from its value, so the two must never be mixed in keys.
"""

from __future__ import annotations

from typing import Any

from graph.enums import NODE_KEYS, Label, RelType
from graph.store.records import NodeRef

NodeKey = tuple[str, str]
"""(label value, key) of a node."""
PlainRel = tuple[str, str, str, str, str, str, dict[str, Any]]
"""A relationship a row writes: type value, source label and key, target label and key,
key, properties."""
RelKey = tuple[str, str, str, str, str, str]
"""(type value, source label, source key, target label, target key, key) of a relationship."""

LABELS = {label.value: label for label in Label}
TYPES = {rel_type.value: rel_type for rel_type in RelType}
KEY_PROPERTY = {label.value: prop for label, prop in NODE_KEYS.items()}
"""Label value → the property that holds a node's key."""


def node_key(label: Label, key: str) -> NodeKey:
    return label.value, key


def to_ref(node: NodeKey) -> NodeRef:
    return NodeRef(LABELS[node[0]], node[1])
