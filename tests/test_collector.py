"""The cyclic collector is off while an assessment builds its records, and back after."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from graph.collector import collector_paused
from graph.enums import Label
from graph.store.memory import MemoryStore


def test_the_collector_is_paused_and_restored() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # an inner pause leaves the outer one in force
    assert gc.isenabled()
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError
    assert gc.isenabled()


def test_a_collector_switched_off_by_the_caller_stays_off() -> None:
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_store_restores_without_collections_and_freezes_its_graph(tmp_path: Path) -> None:
    """Reopening a store builds its whole graph: no collection walks it while it arrives,
    and afterwards it is out of the collector's walks for good."""
    store = MemoryStore(tmp_path)
    store.upsert_nodes(Label.AREA, [{"code": f"31{i:04d}", "name": f"区{i}"} for i in range(5000)])
    store.close()
    collections: list[int] = []

    def count(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collections.append(info["generation"])

    gc.unfreeze()
    gc.callbacks.append(count)
    try:
        reopened = MemoryStore(tmp_path)
    finally:
        gc.callbacks.remove(count)
    try:
        assert reopened.counts()["Area"] == 5000
        assert collections == []
        assert gc.isenabled()
        assert gc.get_freeze_count() > 5000
    finally:
        reopened.close()
        gc.unfreeze()
