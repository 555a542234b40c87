"""Property tests over random contracting chains (Hypothesis)."""

from __future__ import annotations

import random
from datetime import date
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from graph.errors import InvalidValue
from graph.store.memory import MemoryStore
from queries.liability import (
    Answer,
    evaluate,
    facts_to_scenario,
    liability_for_project,
    load_scenario,
)
from queries.liability.facts import (
    ContractEdge,
    Dispatch,
    Facts,
    NameLending,
    Party,
    Project,
    WorkerGroup,
)
from queries.liability.rules.other import GOV_PARTY
from queries.liability.tokens import VOCABULARIES
from tests.liability.helpers import (
    company,
    contract,
    crew,
    finding_keys,
    load_into_store,
    person,
    scenario,
)

KINDS = sorted(set(VOCABULARIES["kind"].values()))
LICENCES = sorted(set(VOCABULARIES["licence"].values()))
QUALS = sorted(set(VOCABULARIES["qualification"].values()))
CONTRACT_KINDS = [
    k for k in sorted(set(VOCABULARIES["contract_kind"].values())) if k != "general_contract"
]
YES_NO = sorted(set(VOCABULARIES["yes_no"].values()))
TODAY = date(2025, 1, 1)


@st.composite
def chains(draw: st.DrawFn) -> Facts:
    """OWNER → GC, random edges among subs (cycles allowed), random lending, dispatch, crews."""
    n = draw(st.integers(1, 12))
    subs = [f"S{i}" for i in range(n)]
    parties = [
        Party("OWNER", kind="company", licence="valid"),
        Party("GC", kind=draw(st.sampled_from(KINDS)), licence=draw(st.sampled_from(LICENCES))),
    ]
    parties += [
        Party(
            s,
            kind=draw(st.sampled_from(KINDS)),
            licence=draw(st.sampled_from(LICENCES)),
            qualification=draw(st.sampled_from(QUALS)),
            dispatch_licence=draw(st.sampled_from(YES_NO)),
            investors=("OWNER",) if draw(st.booleans()) else (),
        )
        for s in subs
    ]
    nodes = ["GC", *subs]
    edges = [
        ContractEdge(
            "OWNER",
            "GC",
            "general_contract",
            overdue=draw(st.sampled_from([None, 0, 500])),
            unpaid=draw(st.sampled_from([None, 0, 900])),
        )
    ]
    for _ in range(draw(st.integers(0, 2 * n))):
        src, dst = draw(st.sampled_from(nodes)), draw(st.sampled_from(subs))
        if src != dst:
            edges.append(ContractEdge(src, dst, draw(st.sampled_from(CONTRACT_KINDS))))
    pairs = st.tuples(st.sampled_from(nodes), st.sampled_from(nodes)).filter(lambda p: p[0] != p[1])
    lending = tuple(NameLending(a, b) for a, b in draw(st.lists(pairs, max_size=2)))
    dispatch = tuple(Dispatch(a, b) for a, b in draw(st.lists(pairs, max_size=2)))
    groups = tuple(
        WorkerGroup(
            f"W{i}",
            draw(st.integers(1, 40)),
            draw(st.integers(0, 10**8)),
            draw(st.sampled_from(nodes)),
            draw(st.sampled_from(["wage", "wage", "work_injury"])),
        )
        for i in range(draw(st.integers(1, 4)))
    )
    project = Project(
        "随机项目",
        area=draw(st.sampled_from(["310115", "320102", None])),
        sector=draw(st.sampled_from(["building", "other", None])),
        planning_compliant=draw(st.sampled_from([True, False, None])),
        permit=True,
        wage_deposit=draw(st.sampled_from([True, False, None])),
    )
    day = draw(st.dates(date(2018, 1, 1), date(2027, 12, 31)))
    return Facts(
        "R",
        tuple(parties),
        groups,
        decided_on=day,
        project=project,
        contracts=tuple(edges),
        name_lending=lending,
        dispatch=dispatch,
    )


def _below(facts: Facts, top: str) -> set[str]:
    seen: set[str] = set()
    stack = [top]
    while stack:
        node = stack.pop()
        for e in facts.contracts:
            if e.src == node and e.dst not in seen and e.dst != top:
                seen.add(e.dst)
                stack.append(e.dst)
    return seen


FAST = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(chains())
def test_gc_pays_first_whenever_someone_below_it_owes_wages(facts: Facts) -> None:
    """条例 Art 30 at any depth. Not before 2020-05-01 (the 条例 was not in force) nor outside
    construction (Ch. 4 does not apply): there the engine rightly names no PAY_FIRST."""
    answer = evaluate(facts, TODAY)
    if answer.regime == "pre_2020_05_01" or facts.project.sector == "other":
        return
    below = _below(facts, "GC")
    for group in facts.worker_groups:
        if group.claim == "wage" and group.owed and group.employed_by in below:
            assert any(
                f.party == "GC" and f.capacity == "PAY_FIRST" and group.id in f.worker_groups
                for f in answer.findings
            ), group


@FAST
@given(chains())
def test_no_finding_names_a_party_outside_the_chain_or_its_links(facts: Facts) -> None:
    allowed = {x for e in facts.contracts for x in (e.src, e.dst)}
    allowed |= {x for n in facts.name_lending for x in (n.lender, n.borrower)}
    allowed |= {x for d in facts.dispatch for x in (d.agency, d.user)}
    employers = {g.employed_by for g in facts.worker_groups}
    allowed |= {i for p in facts.parties if p.id in employers for i in p.investors} | {GOV_PARTY}
    allowed |= {e for e in employers if e is not None}  # a crew's own employer is always DIRECT
    assert {f.party for f in evaluate(facts, TODAY).findings} <= allowed


def _key(answer: Answer) -> list[tuple[object, ...]]:
    return sorted((f.party, f.capacity, f.worker_groups, f.amount, f.cap) for f in answer.findings)


@FAST
@given(chains(), st.randoms(use_true_random=False))
def test_answers_are_deterministic_and_ignore_input_order(facts: Facts, rnd: random.Random) -> None:
    first = evaluate(facts, TODAY)
    assert evaluate(facts, TODAY) == first
    shuffled = Facts(
        facts.id,
        tuple(rnd.sample(facts.parties, len(facts.parties))),
        facts.worker_groups,
        decided_on=facts.decided_on,
        project=facts.project,
        contracts=tuple(rnd.sample(facts.contracts, len(facts.contracts))),
        name_lending=facts.name_lending,
        dispatch=facts.dispatch,
    )
    again = evaluate(shuffled, TODAY)
    assert _key(again) == _key(first)


@FAST
@given(chains())
def test_no_input_crashes_and_the_file_route_agrees(facts: Facts) -> None:
    answer = evaluate(facts, TODAY)
    assert answer.model_dump(mode="json")["format"] == "zhiqian-liability/1"
    assert evaluate(load_scenario(facts_to_scenario(facts)), TODAY) == answer


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=12,
)
FIELDS = (
    "kind",
    "licence",
    "role",
    "owed",
    "count",
    "from",
    "to",
    "employed_by",
    "decided_on",
    "permit",
    "investors",
    "claim",
    "id",
    "overdue",
    "dispatch_licence",
)


@FAST
@given(st.sampled_from(FIELDS), JSON, st.integers(0, 3))
def test_bad_scenario_values_are_reported_never_crash(
    field: str, value: object, where: int
) -> None:
    data = scenario_mapping()
    target = [
        data["parties"][min(where, 2)],
        data["contracts"][min(where, 1)],
        data["worker_groups"][0],
        data["project"],
        data,
    ][where % 5 if where < 4 else 4]
    target[field] = value
    result = _load(data)
    if isinstance(result, InvalidValue):
        assert result.field  # an error that names the field, never another exception
    else:
        assert evaluate(result, TODAY).scenario == result.id


def _load(data: dict[str, Any]) -> Facts | InvalidValue:
    try:
        return load_scenario(data)
    except InvalidValue as exc:
        return exc


def scenario_mapping() -> dict[str, Any]:
    return scenario(
        [company("GC"), person("BOSS")],
        [contract("OWNER", "GC", "general_contract"), contract("GC", "BOSS", "let_to_individual")],
        [crew("BOSS")],
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(chains())
def test_graph_route_agrees_on_random_chains(facts: Facts) -> None:
    """Same facts through the store (one crew per employer, wage claims) give the same findings."""
    groups, seen = [], set()
    for group in facts.worker_groups:
        if group.employed_by not in seen and group.owed:
            seen.add(group.employed_by)
            groups.append(group._replace(claim="wage"))
    facts = facts._replace(worker_groups=tuple(groups))
    store = MemoryStore()
    code = load_into_store(store, facts, "P-RANDOM")
    assert finding_keys(liability_for_project(store, code, facts.decided_on)) == finding_keys(
        evaluate(facts, TODAY)
    )
