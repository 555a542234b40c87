"""`zhiqian demo` runs the main job end to end on the tiny city: generate, load, answer."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.cli.main import app
from graph.settings import get_settings
from graph.store.memory import MemoryStore


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    directory = tmp_path / "data"
    monkeypatch.setenv("ZHIQIAN_DATA_DIR", str(directory))
    monkeypatch.setenv("ZHIQIAN_HASH_KEY", "demo-test-key")
    get_settings.cache_clear()
    yield directory
    get_settings.cache_clear()


def test_demo_loads_and_answers(data_dir: Path) -> None:
    result = CliRunner().invoke(app, ["demo", "--scale", "tiny", "--seed", "7"])
    assert result.exit_code == 0, result.output
    for heading in (
        "生成合成数据",
        "导入内置存储",
        "首批答案",
        "欠薪责任",
        "包案",
        "跨区域欠薪",
        "风险台账",
        "下一步",
    ):
        assert heading in result.output
    store = MemoryStore(data_dir)
    try:
        counts = store.counts()
        assert counts["Case"] > 0
        assert counts["ASSIGNED_TO"] > 0
        assert counts["LED_BY"] > 0
    finally:
        store.close()


def test_demo_refuses_to_overwrite_real_data(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    (data_dir / "graph.sqlite3").write_bytes(b"")
    result = CliRunner().invoke(app, ["demo", "--scale", "tiny"])
    assert result.exit_code == 2
    assert (data_dir / "graph.sqlite3").exists()
