"""API keys: hashed at rest, revocable, accepted as X-API-Key or bearer token; roles."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from api.auth import KeyStore, Role, access_db_path, hash_key
from graph.errors import InvalidValue, NotFound
from tests.api.conftest import World


def test_key_is_stored_only_as_a_hash(tmp_path: Path) -> None:
    keys = KeyStore(tmp_path / "access.sqlite3")
    principal, key = keys.create("浦东监察员", "PD-LI", "310115", [Role.INVESTIGATOR])
    keys.close()
    raw = (tmp_path / "access.sqlite3").read_bytes()
    assert key.startswith("zq_")
    assert key.encode() not in raw
    assert hash_key(key).encode() in raw
    assert KeyStore(tmp_path / "access.sqlite3").authenticate(key) == principal


def test_revoked_key_no_longer_authenticates(world: World) -> None:
    keys = KeyStore(access_db_path(world.settings.data_dir))
    principal = keys.authenticate(world.keys["pd_analyst"])
    assert principal is not None
    assert world.client.get("/v1/me", headers=world.as_("pd_analyst")).status_code == 200
    keys.revoke(principal.id)
    assert world.client.get("/v1/me", headers=world.as_("pd_analyst")).status_code == 401
    with pytest.raises(NotFound):
        keys.revoke(principal.id)


def test_both_header_forms_name_the_same_principal(world: World) -> None:
    key = world.keys["pd_investigator"]
    a = world.client.get("/v1/me", headers={"X-API-Key": key}).json()
    b = world.client.get("/v1/me", headers={"Authorization": f"Bearer {key}"}).json()
    assert a == b
    assert a["scope_area"] == "310115"
    assert a["roles"] == ["investigator"]


def test_scope_must_be_a_known_area(tmp_path: Path) -> None:
    keys = KeyStore(tmp_path / "access.sqlite3")
    with pytest.raises(InvalidValue):
        keys.create("x", "y", "999999", [Role.ANALYST])


@pytest.mark.parametrize("who", ["pd_analyst", "pd_external"])
def test_read_only_roles_cannot_take_in_cases(world: World, who: str) -> None:
    intake = {"source": "12345", "received_at": "2024-06-01", "area": "310115",
              "respondents": [{"name": "某公司"}]}
    response = world.client.post("/v1/cases", json=intake, headers=world.as_(who))
    assert response.status_code == 403


def test_cli_keys_create_list_revoke(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from api.cli.main import app
    from graph.settings import get_settings

    monkeypatch.setenv("ZHIQIAN_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    runner = CliRunner()
    try:
        created = runner.invoke(app, ["keys", "create", "--name", "浦东监察员", "--agency", "PD-LI",
                                      "--scope", "310115", "--role", "investigator",
                                      "--role", "analyst", "--json"])
        assert created.exit_code == 0, created.output
        answer = json.loads(created.stdout)
        principal_id = answer["principal"]["id"]
        assert answer["principal"]["roles"] == ["investigator", "analyst"]
        keys = KeyStore(access_db_path(tmp_path))
        assert keys.authenticate(answer["key"]) is not None
        listed = runner.invoke(app, ["keys", "list", "--json"])
        assert answer["key"] not in listed.stdout
        assert json.loads(listed.stdout)[0]["id"] == principal_id
        assert runner.invoke(app, ["keys", "revoke", principal_id]).exit_code == 0
        assert keys.authenticate(answer["key"]) is None
        bad = runner.invoke(app, ["keys", "create", "--name", "x", "--agency", "y",
                                  "--scope", "00", "--role", "analyst"])
        assert bad.exit_code == 2
    finally:
        get_settings.cache_clear()


def test_serve_refuses_several_workers_on_the_embedded_store() -> None:
    from api.cli.main import app

    result = CliRunner().invoke(app, ["serve", "--workers", "2"])
    assert result.exit_code == 2
    assert "ZHIQIAN_STORE=neo4j" in result.output
