"""Graph stores: the protocol, the embedded (networkx) backend and the Neo4j backend."""

from __future__ import annotations

from graph.settings import Settings
from graph.store.protocol import GraphStore


def open_store(settings: Settings) -> GraphStore:
    """The store the settings choose: embedded by default, Neo4j when configured."""
    if settings.store == "neo4j":
        from graph.store.neo4j import Neo4jStore

        return Neo4jStore.from_settings(settings)
    from graph.store.memory import MemoryStore

    return MemoryStore(settings.data_dir)


__all__ = ["GraphStore", "open_store"]
