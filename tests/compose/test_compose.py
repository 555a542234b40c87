"""docker-compose.yml passes the Compose specification's JSON schema (vendored from the
compose-spec project, see LICENSE.compose-spec) and keeps the deployment rules: Neo4j 5.26 LTS
community pinned, ports on 127.0.0.1, healthchecks, the API waiting for a healthy Neo4j,
secrets only from the environment (.env, templated by .env.example)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
VARIABLE = re.compile(r"\$\{(\w+)(?::?[-?][^}]*)?\}")


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def test_file_is_valid_against_the_compose_specification(compose: dict[str, Any]) -> None:
    schema = json.loads((HERE / "compose-spec.json").read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    errors = [f"{list(e.path)}: {e.message}" for e in validator.iter_errors(compose)]
    assert errors == []


def test_validation_really_rejects_a_broken_file(compose: dict[str, Any]) -> None:
    schema = json.loads((HERE / "compose-spec.json").read_text(encoding="utf-8"))
    broken = {**compose, "services": {"neo4j": {**compose["services"]["neo4j"], "ports": "7474"}}}
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(broken))


def test_neo4j_is_a_pinned_5_26_lts_community_image(compose: dict[str, Any]) -> None:
    image = compose["services"]["neo4j"]["image"]
    assert re.fullmatch(r"neo4j:5\.26\.\d+-community", image)


def test_every_port_is_bound_to_localhost(compose: dict[str, Any]) -> None:
    ports = [p for s in compose["services"].values() for p in s.get("ports", [])]
    assert ports
    assert all(str(p).startswith("127.0.0.1:") for p in ports)


def test_healthchecks_and_the_api_waits_for_a_healthy_neo4j(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert "wget" in " ".join(services["neo4j"]["healthcheck"]["test"])
    assert services["api"]["healthcheck"]["test"]
    assert services["api"]["depends_on"]["neo4j"]["condition"] == "service_healthy"


def test_neo4j_keeps_data_and_logs_in_volumes_and_is_sized_for_a_city(
    compose: dict[str, Any],
) -> None:
    neo4j = compose["services"]["neo4j"]
    targets = {v.split(":")[1] for v in neo4j["volumes"]}
    assert {"/data", "/logs"} <= targets
    env = neo4j["environment"]
    for setting in ("server_memory_heap_max__size", "server_memory_pagecache_size"):
        assert f"NEO4J_{setting}" in env
    assert "NEO4J_PLUGINS" not in env


def test_api_applies_the_schema_before_serving(compose: dict[str, Any]) -> None:
    script = "\n".join(compose["services"]["api"]["command"])
    assert script.index("zhiqian schema apply") < script.index("zhiqian serve")
    assert compose["services"]["api"]["environment"]["ZHIQIAN_NEO4J_URI"].startswith("neo4j://")


def test_no_secret_is_written_in_the_file_and_the_template_names_every_variable() -> None:
    text = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    for line in text.splitlines():
        if re.search(r"(PASSWORD|HASH_KEY|AUTH)\s*:", line):
            assert "${" in line, line
    template = (ROOT / ".env.example").read_text(encoding="utf-8")
    declared = {m.group(1) for m in re.finditer(r"^(\w+)=", template, re.M)}
    used = {m.group(1) for m in VARIABLE.finditer(text)}
    assert used <= declared


def test_env_file_is_never_committed_or_sent_to_the_image() -> None:
    assert ".env" in (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert ".env" in (ROOT / ".gitignore").read_text(encoding="utf-8").split()
