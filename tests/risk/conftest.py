"""Fixtures of the risk tests: a city builder over an empty store."""

from __future__ import annotations

import pytest

from graph.store.protocol import GraphStore
from tests.risk.city import City


@pytest.fixture
def city(memory_store: GraphStore) -> City:
    built = City(memory_store)
    built.agencies()
    return built
