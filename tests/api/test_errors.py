"""The one error shape (RFC 9457 problem details) and precise status codes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.errors import PROBLEM_MEDIA_TYPE
from graph.settings import Settings
from graph.store.memory import MemoryStore
from tests.api.conftest import World

PROBLEM_KEYS = {"type", "title", "status", "detail", "instance", "title_zh", "detail_zh"}


def _assert_problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status
    assert response.headers["content-type"].startswith(PROBLEM_MEDIA_TYPE)
    body: dict[str, Any] = response.json()
    assert PROBLEM_KEYS <= set(body) <= PROBLEM_KEYS | {"errors"}
    assert body["status"] == status
    assert body["type"].startswith("https://")
    return body


def test_problem_shape_is_pinned(world: World) -> None:
    body = _assert_problem(world.client.get("/v1/cases/C-NONE", headers=world.as_("admin")), 404)
    assert body == {
        "type": "https://zhiqian.example.org/problems/not-found",
        "title": "Not found",
        "status": 404,
        "detail": "case 'C-NONE' not found",
        "instance": "/v1/cases/C-NONE",
        "title_zh": "未找到",
        "detail_zh": "未找到case：'C-NONE'",
    }


@pytest.mark.parametrize("headers", [{}, {"X-API-Key": "zq_wrong"},
                                     {"Authorization": "Bearer zq_wrong"}])
def test_missing_or_unknown_key_is_401(world: World, headers: dict[str, str]) -> None:
    response = world.client.get("/v1/cases", headers=headers)
    _assert_problem(response, 401)
    assert response.headers["www-authenticate"].startswith("Bearer")


def test_malformed_json_is_400(world: World) -> None:
    response = world.client.post("/v1/cases", content=b"{not json",
                                 headers={**world.as_("admin"), "Content-Type": "application/json"})
    _assert_problem(response, 400)


def test_bad_query_parameter_is_400_naming_it(world: World) -> None:
    body = _assert_problem(world.client.get("/v1/cases?size=9999", headers=world.as_("admin")), 400)
    assert body["errors"][0]["field"] == "query.size"
    assert body["errors"][0]["value"] == "9999"


def test_invalid_value_is_422_naming_field_and_value(world: World) -> None:
    intake = {"source": "12345", "received_at": "2024-06-01", "area": "999999",
              "respondents": [{"name": "某公司"}]}
    body = _assert_problem(
        world.client.post("/v1/cases", json=intake, headers=world.as_("admin")), 422
    )
    assert [e["field"] for e in body["errors"]] == ["body.area"]
    assert body["errors"][0]["value"] == "999999"


def test_forbidden_is_403(world: World) -> None:
    _assert_problem(world.client.get("/v1/audit", headers=world.as_("pd_investigator")), 403)


def test_duplicate_case_is_409(world: World) -> None:
    intake = {"id": "C-PD", "source": "12345", "received_at": "2024-06-01", "area": "310115",
              "respondents": [{"name": "某公司"}]}
    body = _assert_problem(
        world.client.post("/v1/cases", json=intake, headers=world.as_("admin")), 409
    )
    assert "C-PD" in body["detail"]


def test_body_over_the_limit_is_413(world: World) -> None:
    big = b'{"summary": "' + b"x" * (world.settings.api_max_body_bytes + 10) + b'"}'
    response = world.client.post("/v1/cases", content=big,
                                 headers={**world.as_("admin"), "Content-Type": "application/json"})
    _assert_problem(response, 413)


def test_chunked_body_over_the_limit_is_413(world: World) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(world.settings.api_max_body_bytes // 1000 + 2):
            yield b"x" * 1000

    response = world.client.post("/v1/cases", content=chunks(), headers=world.as_("admin"))
    _assert_problem(response, 413)


class _BrokenStore(MemoryStore):
    def counts(self) -> dict[str, int]:
        raise RuntimeError("secret internal detail at /srv/zhiqian/graph.py line 42")


def test_unexpected_error_is_500_without_stack_trace(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, hash_key="k")
    store = _BrokenStore()
    with TestClient(create_app(settings, store=store), raise_server_exceptions=False) as client:
        response = client.get("/ready")
    body = _assert_problem(response, 500)
    assert "secret" not in response.text
    assert "Traceback" not in response.text
    assert body["detail"] == "an unexpected error occurred"
