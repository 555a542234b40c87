"""The Cypher lint is really wired: a deliberately bad statement is reported, a good one is not.

The full lint of every statement is ``make cypher-lint`` (``python -m tests.cypher_lint``).
"""

from __future__ import annotations

import pytest

from graph.store.neo4j_cypher import Rendering, statement
from tests.cypher_lint.__main__ import lint, node_ready, project_schema

pytestmark = pytest.mark.skipif(
    not node_ready(), reason="node or tests/cypher_lint/node_modules missing: run `npm ci` there"
)


def test_bad_statements_are_reported() -> None:
    bad = [
        Rendering("deprecated_id", (), "MATCH (n:Project) RETURN id(n) AS x"),
        Rendering("unknown_label", (), "MATCH (n:Projekt) RETURN n.code AS code"),
        Rendering("undeclared_parameter", (), "MATCH (n:Project {code: $code}) RETURN n"),
        Rendering("syntax", (), "MATCH (n:Project RETURN n"),
    ]
    names = {d.name for d in lint(bad)}
    assert names == {r.name for r in bad}


def test_a_real_statement_is_clean() -> None:
    good = Rendering("get_nodes", ("keys",), statement("get_nodes", label="Case", key="id"))
    assert lint([good]) == []


def test_schema_names_every_label_and_the_relationship_key() -> None:
    schema = project_schema()
    assert {"Enterprise", "Case", "ZhiqianTestDatabase"} <= set(schema["labels"])
    assert {"key", "project", "wages_due", "eid"} <= set(schema["propertyKeys"])
