"""Reading zhiqian-scenario/1: aliases, unknowns, and errors that name the field and value."""

from __future__ import annotations

import json

import pytest

from graph.errors import InvalidValue
from queries.liability import evaluate, facts_to_scenario, load_scenario
from tests.conftest import SHARED
from tests.liability.helpers import company, contract, crew, person, scenario

GC = company("GC", role="general_contractor")


def _base() -> dict:  # type: ignore[type-arg]
    return scenario(
        [GC, person("BOSS")],
        [
            contract("OWNER", "GC", "general_contract", overdue=0),
            contract("GC", "BOSS", "let_to_individual"),
        ],
        [crew("BOSS")],
    )


@pytest.mark.parametrize(
    ("mutate", "field", "value"),
    [
        (lambda d: d["parties"][2].update(kind="compny"), "parties[2].kind", "compny"),
        (lambda d: d["contracts"][1].update(kind="sublet"), "contracts[1].kind", "sublet"),
        (lambda d: d["contracts"][1].update({"to": "NOBODY"}), "contracts[1].to", "NOBODY"),
        (lambda d: d["worker_groups"][0].update(owed="12.345"), "worker_groups[0].owed", "12.345"),
        (lambda d: d["worker_groups"][0].update(owed=-5), "worker_groups[0].owed", -5),
        (lambda d: d.update(decided_on="2024-13-01"), "decided_on", "2024-13-01"),
        (lambda d: d.update(format="zhiqian-scenario/2"), "format", "zhiqian-scenario/2"),
        (lambda d: d["project"].update(permit="maybe"), "project.permit", "maybe"),
        (lambda d: d["parties"].append(dict(d["parties"][1])), "parties[3].id", "GC"),
        (lambda d: d["parties"][1].update(colour="red"), "parties[1].colour", "red"),
    ],
)
def test_bad_field_names_the_path_and_value(mutate, field: str, value: object) -> None:  # type: ignore[no-untyped-def]
    data = _base()
    mutate(data)
    with pytest.raises(InvalidValue) as err:
        load_scenario(data)
    assert err.value.field == field
    assert repr(value) in str(err.value)


def test_missing_required_fields_are_named() -> None:
    data = _base()
    del data["worker_groups"]
    with pytest.raises(InvalidValue, match="worker_groups: None is required"):
        load_scenario(data)


def test_token_error_lists_the_choices() -> None:
    data = _base()
    data["parties"][2]["kind"] = "compny"
    with pytest.raises(InvalidValue, match=r"'compny' is not one of company, individual"):
        load_scenario(data)


def test_chinese_aliases_give_the_same_answer() -> None:
    data = _base()
    zh = json.loads(json.dumps(data))
    zh["parties"][0]["role"] = "建设单位"
    zh["parties"][2].update(kind="个人", role="包工头")
    zh["contracts"][0]["kind"] = "施工总承包"
    zh["contracts"][1]["kind"] = "发包给个人"
    zh["worker_groups"][0]["claim"] = "工资"
    assert evaluate(load_scenario(zh)) == evaluate(load_scenario(data))


def test_yaml_booleans_and_unknown_are_accepted() -> None:
    text = (SHARED / "scenarios" / "EX-09.yaml").read_text(encoding="utf-8").replace('"no"', "no")
    facts = load_scenario(text)
    assert next(p for p in facts.parties if p.id == "AG").dispatch_licence == "no"
    data = _base()
    data["project"]["permit"] = "unknown"
    assert load_scenario(data).project.permit is None


def test_left_out_fields_mean_unknown() -> None:
    minimal = {
        "format": "zhiqian-scenario/1",
        "id": "M",
        "parties": [{"id": "A"}],
        "worker_groups": [{"id": "W", "employed_by": "A", "owed": 10}],
    }
    facts = load_scenario(minimal)
    assert facts.parties[0].licence == "unknown"
    assert facts.project.permit is None
    answer = evaluate(facts)
    assert [f.capacity for f in answer.findings] == ["DIRECT"]
    assert any("未给出决定日期" in w for w in answer.warnings)


def test_missing_file_and_broken_yaml_are_bad_input() -> None:
    with pytest.raises(InvalidValue, match="is not a readable file"):
        load_scenario("no/such/file.yaml")
    with pytest.raises(InvalidValue, match="is not valid YAML"):
        load_scenario("format: [unclosed\n  - x")


@pytest.mark.parametrize(
    "path", sorted((SHARED / "scenarios").glob("EX-*.yaml")), ids=lambda p: p.stem
)
def test_facts_to_scenario_round_trips(path) -> None:  # type: ignore[no-untyped-def]
    facts = load_scenario(path)
    assert load_scenario(json.loads(json.dumps(facts_to_scenario(facts)))) == facts
