"""Lint every Cypher statement the code can send with Neo4j's parser and semantic analysis.

Run from the project root: ``python -m tests.cypher_lint`` (``make cypher-lint``). Needs
``npm ci`` in ``tests/cypher_lint`` first. Exits 1 on any error or warning (deprecations
included), printing statement, line, column and message; 0 when every statement is clean.
"""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
import sys
import typing
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from graph import models
from graph.enums import NODE_KEYS, Label, RelType
from graph.store.neo4j_cypher import Rendering, renderings
from graph.store.neo4j_schema import INDEXED_PROPS, REL_INDEXES

HERE = Path(__file__).resolve().parent
SCRIPT = HERE / "lint.mjs"
GUIDE = HERE.parents[1] / "api" / "static" / "browser" / "guide.html"
_RUNNABLE = re.compile(r'<pre class="[^"]*runnable[^"]*">(.*?)</pre>', re.S)
_PARAM = re.compile(r"^:param\s+(\w+)\s*=>")
MARKER_LABEL = "ZhiqianTestDatabase"
EXTRA_PROPERTY_KEYS = ("key", "amount_claimed", "role")
"""Relationship properties the stores read that no model declares (identity and claims)."""

SAMPLE_PARAMETERS: dict[str, Any] = {
    "rows": [{}],
    "keys": ["k"],
    "ids": ["i"],
    "value": "v",
    "prop": "name",
    "after": "",
    "limit": 1,
    "key": "k",
    "type": None,
    "outgoing": True,
    "incoming": True,
    "code": "P",
    "a": "i",
    "b": "i",
    "max_depth": 3,
    "seconds": 300,
    "cap": 50,
}
"""A sample value per parameter name, so the linter knows every ``$parameter`` is declared."""


@dataclass(frozen=True, slots=True)
class Diagnostic:
    name: str
    severity: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.name}:{self.line}:{self.column}: {self.severity}: {self.message}"


def _model_fields() -> set[str]:
    out: set[str] = set()
    for value in vars(models).values():
        if isinstance(value, type) and issubclass(value, BaseModel):
            out.update(typing.cast(type[BaseModel], value).model_fields)
    return out


def project_schema() -> dict[str, list[str]]:
    """Labels, relationship types and property keys of the project's graph."""
    props = _model_fields() | set(NODE_KEYS.values()) | set(EXTRA_PROPERTY_KEYS)
    props |= {prop for _label, prop in INDEXED_PROPS} | {prop for _t, prop in REL_INDEXES}
    return {
        "labels": sorted([label.value for label in Label] + [MARKER_LABEL]),
        "relationshipTypes": sorted(t.value for t in RelType),
        "propertyKeys": sorted(props),
    }


def guide_statements(path: Path = GUIDE) -> list[Rendering]:
    """The runnable queries of the Browser guide; their parameters are its ``:param`` lines."""
    blocks = [html.unescape(b).strip() for b in _RUNNABLE.findall(path.read_text("utf-8"))]
    params = tuple(m.group(1) for b in blocks if (m := _PARAM.match(b)))
    return [
        Rendering(f"guide.html#{i}", tuple(p for p in params if f"${p}" in b), b)
        for i, b in enumerate(blocks) if not b.startswith(":")
    ]


def collect() -> list[Rendering]:
    """Every statement the code can send, and every query of the Browser guide."""
    return [*renderings(), *guide_statements()]


def _payload(statements: Iterable[Rendering]) -> dict[str, Any]:
    return {
        "schema": project_schema(),
        "statements": [
            {"name": s.name, "text": s.text,
             "parameters": {p: SAMPLE_PARAMETERS.get(p, "x") for p in s.parameters}}
            for s in statements
        ],
    }


def node_ready() -> bool:
    """Whether node and the installed linter package are present."""
    return shutil.which("node") is not None and (HERE / "node_modules").is_dir()


def lint(statements: Sequence[Rendering]) -> list[Diagnostic]:
    """Every diagnostic Neo4j's linter reports for the statements."""
    done = subprocess.run(
        ["node", str(SCRIPT)],
        input=json.dumps(_payload(statements)),
        capture_output=True, text=True, check=False, cwd=HERE,
    )
    if done.returncode != 0:
        raise RuntimeError(f"lint.mjs failed ({done.returncode}): {done.stderr.strip()}")
    return [Diagnostic(**d) for d in json.loads(done.stdout)]


def main() -> int:
    """Lint every rendering; print the diagnostics; 1 if there is any."""
    if not node_ready():
        print("cypher lint: run `npm ci` in tests/cypher_lint first", file=sys.stderr)
        return 2
    statements = collect()
    diagnostics = lint(statements)
    texts = {s.name: s.text for s in statements}
    for diagnostic in diagnostics:
        print(diagnostic)
        print("    " + texts[diagnostic.name].splitlines()[diagnostic.line - 1].strip())
    print(f"cypher lint: {len(statements)} statements, {len(diagnostics)} diagnostics")
    return 1 if diagnostics else 0


if __name__ == "__main__":
    sys.exit(main())
