"""The Neo4j Browser guide and GraSS style served at /browser: complete and parameterised."""

from __future__ import annotations

import re
from pathlib import Path

from graph.enums import REL_TITLES, Label, RelType
from tests.cypher_lint.__main__ import guide_statements

BROWSER = Path(__file__).resolve().parents[2] / "api" / "static" / "browser"


def test_style_colours_and_captions_every_label_and_type() -> None:
    grass = (BROWSER / "zhiqian.grass").read_text(encoding="utf-8")
    blocks = dict(re.findall(r"^(node\.\w+|relationship\.\w+) \{(.*?)\}", grass, re.M | re.S))
    for label in Label:
        body = blocks[f"node.{label.value}"]
        assert "color: #" in body
        assert "caption: '{" in body
    for rel_type in RelType:
        assert f"caption: '{REL_TITLES[rel_type]}'" in blocks[f"relationship.{rel_type.value}"]


def test_guide_answers_the_investigators_questions_with_parameters() -> None:
    statements = guide_statements(BROWSER / "guide.html")
    texts = "\n".join(s.text for s in statements)
    for needle in (
        "r.project = $code",
        "Person {pid: $pid}",
        "Enterprise {eid: $eid}",
        "Case {id: $case_id}",
        "LIMIT $cap",
    ):
        assert needle in texts
    guide = (BROWSER / "guide.html").read_text(encoding="utf-8")
    for name in ("code", "pid", "eid", "case_id", "cap"):
        assert f":param {name} =&gt;" in guide
    assert all("$" in s.text for s in statements[1:])
