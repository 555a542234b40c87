"""The OpenAPI contract: Chinese summaries, examples everywhere, and a schemathesis run
(no server errors, responses conform to the schema)."""

from __future__ import annotations

import atexit
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings

from api.app import create_app
from graph.settings import Settings
from graph.store.memory import MemoryStore
from tests.api.conftest import build_graph, make_keys

_KEYS: dict[str, str] = {}


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    root: Path = tmp_path_factory.mktemp("openapi")
    conf = Settings(data_dir=root / "data", hash_key="k", allow_synthetic_ids=True)
    store = MemoryStore(root / "store")
    build_graph(store, conf.pseudonymiser())
    _KEYS.update(make_keys(conf))
    with TestClient(create_app(conf, store=store)) as client:
        yield client.app  # type: ignore[misc]
    store.close()


@pytest.fixture(scope="module")
def spec(app: FastAPI) -> dict[str, Any]:
    return app.openapi()


def _operations(spec: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(f"{method.upper()} {path}", op) for path, item in spec["paths"].items()
            for method, op in item.items()]


def test_every_operation_has_chinese_summary_description_and_tag(spec: dict[str, Any]) -> None:
    for name, op in _operations(spec):
        assert any("\u4e00" <= ch <= "\u9fff" for ch in op["summary"]), name
        assert op.get("description"), name
        assert op.get("tags"), name


def test_every_operation_has_examples(spec: dict[str, Any]) -> None:
    text = str(spec)
    for name, op in _operations(spec):
        params = [p for p in op.get("parameters", []) if p["in"] in ("path", "query")]
        body = op.get("requestBody", {}).get("content", {}).get("application/json", {})
        has_examples = "examples" in body or any(
            "examples" in p or "examples" in p.get("schema", {}) for p in params)
        if params or body:
            assert has_examples, name
    assert "examples" in text


def test_errors_are_documented_as_problem_details(spec: dict[str, Any]) -> None:
    for name, op in _operations(spec):
        for status, response in op["responses"].items():
            if status.startswith(("4", "5")):
                assert list(response["content"]) == ["application/problem+json"], (name, status)


def test_docs_are_served(app: FastAPI) -> None:
    with TestClient(app) as client:
        assert client.get("/docs").status_code == 200
        assert "治欠" in client.get("/openapi.json").json()["info"]["title"]


def _fuzz_target() -> tuple[FastAPI, str]:
    """An app over the small world in a temporary directory (built at import: schemathesis
    parametrises tests before fixtures exist)."""
    root = Path(tempfile.mkdtemp(prefix="zhiqian-schemathesis-"))
    atexit.register(shutil.rmtree, root, ignore_errors=True)
    conf = Settings(data_dir=root / "data", hash_key="k", allow_synthetic_ids=True)
    store = MemoryStore(root / "store")
    build_graph(store, conf.pseudonymiser())
    return create_app(conf, store=store), make_keys(conf)["admin"]


_FUZZ_APP, _FUZZ_KEY = _fuzz_target()
api_schema = schemathesis.openapi.from_asgi("/openapi.json", _FUZZ_APP)


@api_schema.parametrize()
@settings(max_examples=6, deadline=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
def test_api_conforms_to_its_schema(case: Any) -> None:
    from schemathesis.checks import (
        content_type_conformance,
        not_a_server_error,
        response_schema_conformance,
        status_code_conformance,
    )

    case.call_and_validate(
        headers={"Authorization": f"Bearer {_FUZZ_KEY}"},
        checks=[not_a_server_error, response_schema_conformance, status_code_conformance,
                content_type_conformance],
    )


def test_every_path_is_documented() -> None:
    """docs/api.md names every path (placeholders may be named differently)."""
    text = (Path(__file__).resolve().parents[2] / "docs" / "api.md").read_text(encoding="utf-8")
    documented = re.sub(r"\{[^}]*\}", "{}", text)
    for path in _FUZZ_APP.openapi()["paths"]:
        assert re.sub(r"\{[^}]*\}", "{}", path) in documented, path


def test_browser_guide_is_served_with_cors(app: FastAPI) -> None:
    folder = Path(__file__).resolve().parents[2] / "api" / "static" / "browser"
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    assert files, "the Neo4j Browser guide folder is expected in api/static/browser"
    name = files[0].relative_to(folder).as_posix()
    with TestClient(app) as client:
        response = client.get(f"/browser/{name}", headers={"Origin": "http://localhost:7474"})
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "*"
