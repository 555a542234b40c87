"""Shared fixtures. The store fixture runs every conformance test on every backend available:
the embedded store always, Neo4j when ZHIQIAN_TEST_NEO4J_URI names a test database."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.privacy import Pseudonymiser
from graph.settings import Settings
from graph.store.protocol import GraphStore

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
NEO4J_URI_ENV = "ZHIQIAN_TEST_NEO4J_URI"
BACKENDS = ["memory", pytest.param("neo4j", marks=pytest.mark.neo4j)]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Settings for a throw-away installation in a temporary directory."""
    return Settings(
        data_dir=tmp_path / "data",
        hash_key="test-key-not-a-secret",
        allow_synthetic_ids=True,
    )


@pytest.fixture
def pseudonymiser() -> Pseudonymiser:
    return Pseudonymiser(b"test-key-not-a-secret")


def _open_backend(name: str, tmp_path: Path) -> GraphStore:
    if name == "memory":
        from graph.store.memory import MemoryStore

        return MemoryStore(tmp_path / "store")
    uri = os.environ.get(NEO4J_URI_ENV)
    if not uri:
        pytest.skip(f"Neo4j backend not tested: set {NEO4J_URI_ENV} to a test database")
    from graph.store.neo4j import Neo4jStore

    return Neo4jStore.for_tests(uri)


@pytest.fixture(params=BACKENDS)
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GraphStore]:
    """An empty store of each available backend."""
    backend = _open_backend(request.param, tmp_path)
    try:
        yield backend
    finally:
        backend.close()


@pytest.fixture
def memory_store(tmp_path: Path) -> Iterator[GraphStore]:
    """An empty embedded store (for tests that are not about backend parity)."""
    from graph.store.memory import MemoryStore

    backend = MemoryStore(tmp_path / "store")
    try:
        yield backend
    finally:
        backend.close()
