"""The statement files: headers complete and true, templates filled only from the enums."""

from __future__ import annotations

import re

import pytest

from graph.enums import Label, RelType
from graph.errors import InvalidValue
from graph.store.neo4j_cypher import (
    MAX_PATH_DEPTH,
    catalogue,
    depth_parts,
    renderings,
    statement,
)

PARAMETER = re.compile(r"\$(\w+)")


@pytest.mark.parametrize("name", sorted(catalogue()))
def test_header_parameters_are_exactly_those_the_statement_uses(name: str) -> None:
    cypher = catalogue()[name]
    assert cypher.purpose
    assert set(PARAMETER.findall(cypher.body)) == set(cypher.parameters)


@pytest.mark.parametrize("name", sorted(catalogue()))
def test_every_declared_placeholder_is_used(name: str) -> None:
    cypher = catalogue()[name]
    for placeholder in cypher.template:
        assert "{" + placeholder + "}" in cypher.body


def test_renderings_cover_every_label_and_type_and_leave_no_placeholder() -> None:
    texts = [r.text for r in renderings()]
    assert all(not re.search(r"\{(label|key|type|keys|prop|name|depth)\}", t) for t in texts)
    for label in Label:
        assert any(f"MERGE (n:{label.value} " in t for t in texts)
    for rel_type in RelType:
        assert any(f"MERGE (a)-[r:{rel_type.value} " in t for t in texts)


def test_rendering_requires_every_placeholder() -> None:
    with pytest.raises(InvalidValue, match=r"upsert_nodes\.key"):
        statement("upsert_nodes", label="Case")


def test_path_depth_is_bounded() -> None:
    assert depth_parts(3) == {"depth": "..3"}
    assert depth_parts(99) == {"depth": f"..{MAX_PATH_DEPTH}"}
    with pytest.raises(InvalidValue, match="max_depth"):
        depth_parts(0)


@pytest.mark.parametrize("name", sorted(catalogue()))
def test_header_returns_are_the_columns_of_the_final_return(name: str) -> None:
    cypher = catalogue()[name]
    starts = [m.start() for m in re.finditer(r"^RETURN ", cypher.body, re.M)]
    if not cypher.returns:
        assert starts == []
        return
    final = cypher.body[starts[-1] :]
    for column in cypher.returns:
        assert re.search(rf"(\bAS {column}\b|^RETURN {column}\b|, {column}\b)", final, re.M)
