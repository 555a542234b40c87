"""The Cypher the Neo4j backend sends: one ``.cypher`` file per statement, rendered from enums.

Each file in ``graph/store/cypher/`` starts with a header of ``// field: value`` lines
(``name``, ``purpose``, ``template``, ``parameters``, ``returns``). ``template`` names the
placeholders the text contains (``{label}``, ``{key}``, ``{type}``, ``{keys}``, ``{prop}``,
``{name}``, ``{depth}``); they are filled only from :mod:`graph.enums` (labels, relationship
types, natural keys), from the fixed index lists of :mod:`graph.store.neo4j_schema`, or from a
bounded integer. Values always travel as ``$parameters``.

:func:`renderings` enumerates every statement the backend can send, for the Cypher lint.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from graph.enums import NODE_KEYS, Label, RelType
from graph.errors import InvalidValue
from graph.store.neo4j_schema import (
    INDEXED_PROPS,
    NODE_INDEXES,
    REL_INDEXES,
    constraint_name,
    index_name,
)

CYPHER_DIR = Path(__file__).with_name("cypher")
MAX_PATH_DEPTH = 15
"""Shortest paths are searched up to this many hops (a bounded pattern keeps the search local)."""

KEY_PROJECTION = "{" + ", ".join(f".{k}" for k in sorted(set(NODE_KEYS.values()))) + "}"
"""Map projection of every natural-key property, e.g. ``{.code, .eid, .id, .pid}``."""

_PLACEHOLDERS = frozenset({"label", "key", "type", "keys", "prop", "name", "depth"})
_LEFTOVER = re.compile(r"\{(" + "|".join(sorted(_PLACEHOLDERS)) + r")\}")


@dataclass(frozen=True, slots=True)
class CypherFile:
    """One statement file: its header fields and its (template) text."""

    name: str
    purpose: str
    template: tuple[str, ...]
    parameters: tuple[str, ...]
    returns: tuple[str, ...]
    body: str

    def render(self, **parts: str) -> str:
        """The statement with every declared placeholder filled; raises if one is missing."""
        text = self.body
        for placeholder in self.template:
            if placeholder not in parts:
                raise InvalidValue(f"{self.name}.{placeholder}", None, "is required")
            text = text.replace("{" + placeholder + "}", parts[placeholder])
        leftover = _LEFTOVER.search(text)
        if leftover:
            raise InvalidValue(f"{self.name}.template", leftover.group(0), "is not declared")
        return text


@dataclass(frozen=True, slots=True)
class Rendering:
    """One statement the backend can send, named for the lint report."""

    name: str
    parameters: tuple[str, ...]
    text: str


def _list(value: str) -> tuple[str, ...]:
    if value.strip() in ("", "(none)"):
        return ()
    return tuple(part.strip().split(" ")[0] for part in value.split(","))


def parse(path: Path) -> CypherFile:
    """Read one ``.cypher`` file: header comment lines, then the statement."""
    header: dict[str, str] = {}
    body: list[str] = []
    last = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        if body or not line.startswith("//"):
            body.append(line)
            continue
        field, sep, value = line[2:].strip().partition(":")
        if sep and field.isidentifier():
            last = field
            header[field] = value.strip()
        elif last:
            header[last] += " " + line[2:].strip()
    for field in ("name", "purpose", "template", "parameters", "returns"):
        if field not in header:
            raise InvalidValue(f"{path.name} header", field, "is missing")
    if header["name"] != path.stem:
        raise InvalidValue(f"{path.name} header name", header["name"], "differs from file name")
    return CypherFile(
        name=header["name"],
        purpose=header["purpose"],
        template=_list(header["template"]),
        parameters=_list(header["parameters"]),
        returns=_list(header["returns"]),
        body="\n".join(body).strip(),
    )


@cache
def catalogue() -> dict[str, CypherFile]:
    """Every statement file by name."""
    return {p.stem: parse(p) for p in sorted(CYPHER_DIR.glob("*.cypher"))}


def statement(file: str, /, **parts: str) -> str:
    """The rendered text of the statement in ``<file>.cypher``."""
    return catalogue()[file].render(**parts)


# ---------------------------------------------------------------- parts from enums only
def label_parts(label: Label) -> dict[str, str]:
    """Template parts of one label: its name, its natural key, the key projection."""
    return {"label": label.value, "key": NODE_KEYS[label], "keys": KEY_PROJECTION}


def type_parts(rel_type: RelType) -> dict[str, str]:
    """Template parts of one relationship type."""
    return {"type": rel_type.value, "keys": KEY_PROJECTION}


def depth_parts(max_depth: int) -> dict[str, str]:
    """The variable-length bound for a shortest-path search of ``max_depth`` hops (1…15)."""
    if max_depth < 1:
        raise InvalidValue("max_depth", max_depth, "must be at least 1")
    return {"depth": f"..{min(max_depth, MAX_PATH_DEPTH)}"}


def counts_statement() -> str:
    """One statement counting every label and every relationship type (count store)."""
    parts = [statement("count_label", **label_parts(label)) for label in Label]
    parts += [statement("count_type", **type_parts(t)) for t in RelType]
    return "\nUNION ALL\n".join(parts)


def schema_statements() -> list[str]:
    """Constraints for every natural key, then the node and relationship indexes."""
    out = [
        statement("create_constraint", name=constraint_name(label), **label_parts(label))
        for label in Label
    ]
    out += [
        statement(
            "create_node_index", name=index_name(label, prop), prop=prop, **label_parts(label)
        )
        for label, prop in NODE_INDEXES
    ]
    out += [
        statement("create_rel_index", name=index_name(t, prop), prop=prop, **type_parts(t))
        for t, prop in REL_INDEXES
    ]
    return out


# ---------------------------------------------------------------- every rendering, for the lint
def _variants(cypher: CypherFile) -> Iterator[dict[str, str]]:
    if "depth" in cypher.template:
        for depth in range(1, MAX_PATH_DEPTH + 1):
            yield depth_parts(depth)
    elif "prop" in cypher.template:
        for label, prop in INDEXED_PROPS:
            yield {"prop": prop, **label_parts(label)}
    elif "label" in cypher.template:
        yield from (label_parts(label) for label in Label)
    elif "type" in cypher.template:
        yield from (type_parts(t) for t in RelType)
    else:
        yield {"keys": KEY_PROJECTION}


_COMPOSED = frozenset(
    {"count_label", "count_type", "create_constraint", "create_node_index", "create_rel_index"}
)


def renderings() -> Iterator[Rendering]:
    """Every statement text the backend can send (all renderings of every file)."""
    for cypher in catalogue().values():
        if cypher.name in _COMPOSED:
            continue
        for parts in _variants(cypher):
            shown = ",".join(parts[p] for p in cypher.template if p != "keys")
            name = f"{cypher.name}[{shown}]" if shown else cypher.name
            yield Rendering(name, cypher.parameters, cypher.render(**parts))
    yield Rendering("counts", (), counts_statement())
    for i, text in enumerate(schema_statements()):
        yield Rendering(f"schema[{i}]", (), text)
