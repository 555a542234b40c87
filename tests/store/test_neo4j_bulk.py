"""Bulk paths to Neo4j: the neo4j-admin CSV export (headers and rows exactly) and the
protocol-level copy behind `zhiqian push --to neo4j`."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph.enums import Label, RelType
from graph.errors import InvalidValue
from graph.store.memory import MemoryStore
from graph.store.neo4j_bulk import column_types, copy_store, export_neo4j_admin
from graph.store.protocol import GraphStore
from graph.store.records import NodeRef, RelRecord

GC = NodeRef(Label.ENTERPRISE, "91310000GC00000001")
SUB = NodeRef(Label.ENTERPRISE, "91310000SUB0000001")
BOSS = NodeRef(Label.PERSON, "p-boss")
W1 = NodeRef(Label.PERSON, "p-w1")


def _small(store: GraphStore) -> None:
    store.upsert_nodes(
        Label.PROJECT,
        [
            {"code": "P-1", "name": '某"小区"二期', "contract_value": 120000000, "permit": True},
            {"code": "P-2", "name": "某道路", "permit": False},
        ],
    )
    store.upsert_nodes(
        Label.ENTERPRISE,
        [
            {"eid": GC.key, "name": "乙建工集团有限公司"},
            {"eid": SUB.key, "name": "丙建筑劳务有限公司"},
        ],
    )
    store.upsert_nodes(
        Label.PERSON, [{"pid": "p-boss", "name": "王某"}, {"pid": "p-w1", "name": "李某"}]
    )
    store.upsert_nodes(
        Label.AGENCY, [{"id": "A-1", "name": "人社局", "sectors": ["building", "water"]}]
    )
    store.upsert_relationships(
        RelType.CONTRACTS_TO,
        [
            RelRecord(RelType.CONTRACTS_TO, GC, SUB, "K2", {"project": "P-1", "price": 5000}),
            RelRecord(RelType.CONTRACTS_TO, SUB, BOSS, "K3", {"project": "P-1"}),
        ],
    )
    store.upsert_relationships(RelType.LEGAL_REP_OF, [RelRecord(RelType.LEGAL_REP_OF, BOSS, SUB)])


def _read(directory: Path, name: str) -> list[str]:
    return (directory / name).read_text(encoding="utf-8").splitlines()


def test_export_writes_typed_headers_and_quoted_rows(
    memory_store: GraphStore, tmp_path: Path
) -> None:
    _small(memory_store)
    out = export_neo4j_admin(memory_store, tmp_path / "admin")
    d = out.directory
    assert _read(d, "Project-header.csv") == [
        "code:ID(Project),:LABEL,contract_value:long,name,permit:boolean"
    ]
    assert _read(d, "Project.csv") == [
        '"P-1","Project","120000000","某""小区""二期","true"',
        '"P-2","Project",,"某道路","false"',
    ]
    assert _read(d, "Agency-header.csv") == ["id:ID(Agency),:LABEL,name,sectors:string[]"]
    assert _read(d, "Agency.csv") == ['"A-1","Agency","人社局","building;water"']
    assert _read(d, "CONTRACTS_TO-Enterprise-Enterprise-header.csv") == [
        ":START_ID(Enterprise),:END_ID(Enterprise),:TYPE,key,price:long,project"
    ]
    assert _read(d, "CONTRACTS_TO-Enterprise-Person.csv") == [
        f'"{SUB.key}","p-boss","CONTRACTS_TO","K3","P-1"'
    ]
    assert _read(d, "LEGAL_REP_OF-Person-Enterprise.csv") == [
        f'"p-boss","{SUB.key}","LEGAL_REP_OF",""'
    ]
    assert out.rows == {
        "Agency": 1,
        "Enterprise": 2,
        "Person": 2,
        "Project": 2,
        "LEGAL_REP_OF": 1,
        "CONTRACTS_TO": 2,
    }
    assert not (d / "Case.csv").exists()


def test_export_command_names_every_file_pair(memory_store: GraphStore, tmp_path: Path) -> None:
    _small(memory_store)
    command = export_neo4j_admin(memory_store, tmp_path).command("neo4j", "/import")
    assert command.startswith("neo4j-admin database import full")
    assert "--nodes=/import/Project-header.csv,/import/Project.csv" in command
    assert (
        "--relationships=/import/CONTRACTS_TO-Enterprise-Person-header.csv,"
        "/import/CONTRACTS_TO-Enterprise-Person.csv"
    ) in command
    assert "'--array-delimiter=;'" in command
    assert command.rstrip().endswith("neo4j")


def test_list_values_may_not_contain_the_array_delimiter(
    memory_store: GraphStore, tmp_path: Path
) -> None:
    memory_store.upsert_nodes(Label.AGENCY, [{"id": "A-1", "sectors": ["a;b"]}])
    with pytest.raises(InvalidValue, match="sectors"):
        export_neo4j_admin(memory_store, tmp_path)


def test_column_types_fall_back_to_string_when_values_disagree() -> None:
    rows = [{"a": 1, "b": ["x"], "c": True}, {"a": "1", "b": [2], "c": None}]
    assert column_types(rows) == {"a": "string", "b": "string[]", "c": "boolean"}


def test_copy_store_is_complete_and_idempotent(memory_store: GraphStore, tmp_path: Path) -> None:
    _small(memory_store)
    target = MemoryStore(tmp_path / "target")
    seen: dict[str, int] = {}
    report = copy_store(
        memory_store, target, 1, lambda name, n: seen.update({name: seen.get(name, 0) + n})
    )
    copy_store(memory_store, target, 1000)
    assert target.counts() == memory_store.counts()
    assert report.skipped == 0
    assert seen["CONTRACTS_TO"] == 2
    assert list(target.nodes(Label.PROJECT)) == list(memory_store.nodes(Label.PROJECT))
    target.close()


def test_cli_export_writes_the_files_and_the_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from api.cli.main import app
    from graph.settings import get_settings

    monkeypatch.setenv("ZHIQIAN_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("ZHIQIAN_STORE", "memory")
    get_settings.cache_clear()
    store = MemoryStore(tmp_path / "data")
    _small(store)
    store.close()
    result = CliRunner().invoke(
        app, ["export", "neo4j-admin", str(tmp_path / "out"), "--mount", "/import"]
    )
    get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    assert "neo4j-admin database import full" in result.output
    script = (tmp_path / "out" / "neo4j-admin-import.sh").read_text(encoding="utf-8")
    assert "--nodes=/import/Person-header.csv,/import/Person.csv" in script


def test_cli_push_applies_the_schema_then_upserts_every_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from api.cli.main import app
    from graph.settings import get_settings
    from graph.store.neo4j import Neo4jStore
    from tests.store.neo4j_fake import FakeDriver

    def everything_exists(text: str, params: dict[str, object]) -> list[dict[str, object]]:
        if "elementId(n) AS id" in text:
            return [{"key": k, "id": f"e:{k}"} for k in params["keys"]]  # type: ignore[attr-defined]
        return []

    driver = FakeDriver(everything_exists)
    monkeypatch.setattr(
        Neo4jStore, "from_settings", classmethod(lambda cls, s: cls(driver, "neo4j", 2))
    )
    monkeypatch.setenv("ZHIQIAN_DATA_DIR", str(tmp_path / "data"))
    get_settings.cache_clear()
    store = MemoryStore(tmp_path / "data")
    _small(store)
    store.close()
    result = CliRunner().invoke(app, ["push", "--to", "neo4j", "--json"])
    get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    texts = driver.texts()
    assert texts[0].startswith("CREATE CONSTRAINT")
    person_batches = [c.params["rows"] for c in driver.calls if "MERGE (n:Person " in c.text]
    assert person_batches == [[{"pid": "p-boss", "name": "王某"}, {"pid": "p-w1", "name": "李某"}]]
    merged = [c for c in driver.calls if "MERGE (a)-[r:CONTRACTS_TO " in c.text]
    assert [len(c.params["rows"]) for c in merged] == [2]
    assert driver.closed
