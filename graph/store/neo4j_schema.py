"""The Neo4j schema: one uniqueness constraint per natural key, and the indexes the reads need.

Constraints come first: ``MERGE`` on a label without one scans every node of the label for
each row. Every statement says ``IF NOT EXISTS``, so applying the schema twice changes nothing
(``zhiqian schema apply``).
"""

from __future__ import annotations

from graph.enums import NODE_KEYS, Label, RelType

NODE_INDEXES: tuple[tuple[Label, str], ...] = (
    (Label.AREA, "name"),
    (Label.AREA, "level"),
    (Label.AGENCY, "area"),
    (Label.AGENCY, "kind"),
    (Label.OFFICIAL, "agency"),
    (Label.ENTERPRISE, "uscc"),
    (Label.ENTERPRISE, "name"),
    (Label.ENTERPRISE, "registered_area"),
    (Label.PERSON, "name"),
    (Label.PERSON, "phone_hash"),
    (Label.PROJECT, "area"),
    (Label.PROJECT, "name"),
    (Label.CASE, "status"),
    (Label.CASE, "project"),
    (Label.CASE, "area"),
)
"""Range indexes for ``find_nodes`` (label, property); other properties are scanned."""

REL_INDEXES: tuple[tuple[RelType, str], ...] = (
    (RelType.CONTRACTS_TO, "project"),
    (RelType.WORKS_UNDER_NAME_OF, "project"),
    (RelType.DISPATCHES_TO, "project"),
    (RelType.EMPLOYED_BY, "project"),
)
"""Relationship property indexes: the contracting graph of a project is read by ``project``."""


def _snake(name: str) -> str:
    out = "".join("_" + c.lower() if c.isupper() else c for c in name)
    return out.lstrip("_")


def constraint_name(label: Label) -> str:
    """Name of the uniqueness constraint on a label's natural key, e.g. ``enterprise_key``."""
    return f"{_snake(label.value)}_key"


def index_name(owner: Label | RelType, prop: str) -> str:
    """Name of an index, e.g. ``person_phone_hash`` or ``employed_by_project``."""
    return f"{_snake(owner.value) if isinstance(owner, Label) else owner.value.lower()}_{prop}"


INDEXED_PROPS: tuple[tuple[Label, str], ...] = (
    *((label, NODE_KEYS[label]) for label in Label),
    *NODE_INDEXES,
)
"""Every (label, property) a constraint or an index covers."""


def is_indexed(label: Label, prop: str) -> bool:
    """Whether ``find_nodes(label, prop, …)`` can use the key constraint or a range index."""
    return (label, prop) in INDEXED_PROPS
