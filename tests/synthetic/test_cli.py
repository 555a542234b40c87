"""`zhiqian generate`."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from api.cli.main import app


def test_generate_json_prints_the_counts(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["generate", "--scale", "tiny", "--seed", "9", "--out", str(tmp_path), "--json"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["scale"] == "tiny"
    assert data["counts"]["rosters"] > 200
    assert (tmp_path / "rosters.csv").is_file()


def test_generate_table_names_every_file(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["generate", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "rosters.csv" in result.stdout
    assert "scenarios.jsonl" in result.stdout


def test_unknown_scale_is_bad_input(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["generate", "--scale", "galaxy", "--out", str(tmp_path)])
    assert result.exit_code == 2
