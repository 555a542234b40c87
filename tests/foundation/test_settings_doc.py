"""docs/settings.md documents every setting, with its environment variable and default."""

from __future__ import annotations

from pathlib import Path

import pytest

from graph.settings import Settings

DOC = Path(__file__).resolve().parents[2] / "docs" / "settings.md"


def test_every_setting_is_documented() -> None:
    text = DOC.read_text(encoding="utf-8")
    for name in Settings.model_fields:
        assert f"| `{name}` | `ZHIQIAN_{name.upper()}` |" in text, name


def test_settings_come_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("ZHIQIAN_STORE", "neo4j")
    monkeypatch.setenv("ZHIQIAN_NEO4J_BATCH_SIZE", "777")
    monkeypatch.chdir(tmp_path)
    current = Settings()
    assert current.store == "neo4j"
    assert current.neo4j_batch_size == 777


def test_hash_key_file_is_created_once(tmp_path: Path) -> None:
    first = Settings(data_dir=tmp_path).pseudonymiser()
    second = Settings(data_dir=tmp_path).pseudonymiser()
    assert first.person_key("x") == second.person_key("x")
    assert (tmp_path / "secret.key").stat().st_mode & 0o077 == 0
