"""Entity resolution: name variants, USCCs never merged, analyst decisions respected."""

from __future__ import annotations

from datetime import datetime

import pytest

from graph.enums import Label, RelType
from graph.errors import Conflict, InvalidValue, NotFound
from graph.store.protocol import GraphStore
from queries.crossdistrict import (
    Policy,
    confirm_match,
    detect_in_store,
    fetch_inputs,
    reject_match,
    resolve,
)
from queries.crossdistrict.names import canonical_name
from tests.crossdistrict.scenario import A_USCC, B_USCC, NOW, PUDONG, XUHUI, Builder, ent

AT = datetime(2026, 6, 30, 9, 0)
ADDRESS = "上海市浦东新区张杨路100号"


@pytest.mark.parametrize(
    ("variant", "core", "branch"),
    [
        ("上海华建建设有限责任公司", "上海华建建设有限公司", ""),
        ("上海 华建建设有限公司（浦东分公司）", "上海华建建设有限公司", "浦东分公司"),
        ("上海华建建设有限公司第一项目部", "上海华建建设有限公司", "第一项目部"),
        ("ＡＢＣ建设有限公司", "ABC建设有限公司", ""),
    ],
)
def test_name_variants_share_a_core(variant: str, core: str, branch: str) -> None:
    assert canonical_name(variant).core == core
    assert canonical_name(variant).branch == branch


def _variants(b: Builder, *, address: str | None = ADDRESS) -> None:
    x1 = b.enterprise("X-0001", "上海华建建设有限责任公司", address=address)
    x2 = b.enterprise(
        "X-0002",
        "上海华建建设有限公司",
        address=address.replace("100", "１００") if address else None,
    )
    b.case(PUDONG, [x1])
    b.case(XUHUI, [x2])


def test_variants_without_uscc_are_matched_with_reasons(store: GraphStore) -> None:
    _variants(Builder(store))
    detection = detect_in_store(store, Policy(), now=NOW)
    [group] = detection.groups
    [match] = group.matches
    assert (match.a, match.b, match.status) == ("X-0001", "X-0002", "auto")
    assert match.score == pytest.approx(0.9)
    assert "住所相同" in match.reasons
    assert any(r.startswith("规范化名称相同") for r in match.reasons)


def test_name_alone_goes_to_review_and_is_not_merged(store: GraphStore) -> None:
    _variants(Builder(store), address=None)
    detection = detect_in_store(store, Policy(), now=NOW)
    assert detection.groups == ()
    [pending] = detection.resolution.pending
    assert (pending.a, pending.b, pending.status) == ("X-0001", "X-0002", "review")


def test_same_legal_rep_and_name_merge_automatically(store: GraphStore) -> None:
    b = Builder(store)
    x1 = b.enterprise("X-0001", "上海华建建设有限责任公司")
    withcode = b.enterprise(A_USCC, "上海华建建设有限公司")
    boss = b.person("p-zhang", "张某")
    b.tie(RelType.LEGAL_REP_OF, boss, x1)
    b.tie(RelType.LEGAL_REP_OF, boss, withcode)
    b.case(PUDONG, [x1])
    b.case(XUHUI, [withcode])
    resolution = resolve(fetch_inputs(store), Policy())
    assert resolution.of("X-0001") == A_USCC
    [match] = resolution.applied
    assert match.score == 1.0
    assert "法定代表人相同" in match.reasons


def test_branch_is_tied_to_its_parent_not_merged(store: GraphStore) -> None:
    b = Builder(store)
    parent = b.enterprise(A_USCC, "上海华建建设有限公司")
    branch = b.enterprise(B_USCC, "上海华建建设有限公司徐汇分公司")
    b.case(PUDONG, [parent])
    b.case(XUHUI, [branch])
    detection = detect_in_store(store, Policy(), now=NOW)
    [group] = detection.groups
    assert detection.resolution.applied == ()
    assert detection.resolution.branches == ((B_USCC, A_USCC),)
    assert "上海华建建设有限公司徐汇分公司 —分支机构→ 上海华建建设有限公司" in group.paths[0].text


def test_two_different_usccs_are_never_merged(store: GraphStore) -> None:
    b = Builder(store)
    first = b.enterprise(A_USCC, "上海华建建设有限公司", area=PUDONG, address=ADDRESS)
    second = b.enterprise(B_USCC, "上海华建建设有限责任公司", area=PUDONG, address=ADDRESS)
    bridge = b.enterprise("X-0003", "上海华建建设有限公司", area=PUDONG, address=ADDRESS)
    b.case(PUDONG, [first])
    b.case(XUHUI, [second])
    b.case(XUHUI, [bridge])
    detection = detect_in_store(store, Policy(), now=NOW)
    resolution = detection.resolution
    assert resolution.of(A_USCC) != resolution.of(B_USCC)
    assert {A_USCC, B_USCC} - {resolution.of("X-0003")} != set()
    assert all({m.a, m.b} != {A_USCC, B_USCC} for m in (*resolution.applied, *resolution.pending))
    assert any("统一社会信用代码" in r for m in resolution.pending for r in m.reasons)
    with pytest.raises(Conflict, match="never merged"):
        confirm_match(store, A_USCC, B_USCC, actor="analyst", reason="看似同一", now=AT)


def test_uscc_keys_without_the_property_are_still_never_merged(store: GraphStore) -> None:
    store.upsert_nodes(
        Label.ENTERPRISE,
        [
            {"eid": A_USCC, "name": "上海华建建设有限公司", "address": ADDRESS},
            {"eid": B_USCC, "name": "上海华建建设有限公司", "address": ADDRESS},
        ],
    )
    b = Builder(store)
    b.case(PUDONG, [ent(A_USCC)])
    b.case(XUHUI, [ent(B_USCC)])
    detection = detect_in_store(store, Policy(), now=NOW)
    assert detection.groups == ()
    assert detection.resolution.applied == ()


def test_a_rejected_match_stays_rejected(store: GraphStore) -> None:
    _variants(Builder(store))
    decision = reject_match(
        store, "X-0002", "X-0001", actor="analyst-1", reason="不同施工队", now=AT
    )
    assert (decision.a, decision.b, decision.same) == ("X-0001", "X-0002", False)
    detection = detect_in_store(store, Policy(), now=NOW)
    assert detection.groups == ()
    assert detection.resolution.pending == ()
    [rel] = store.relationships(RelType.NOT_SAME_AS)
    assert rel.get("decided_by") == "analyst-1"


def test_a_confirmed_match_is_merged_even_below_threshold(store: GraphStore) -> None:
    _variants(Builder(store), address=None)
    reject_match(store, "X-0001", "X-0002", actor="analyst-1", reason="先否定", now=AT)
    confirm_match(store, "X-0001", "X-0002", actor="analyst-2", reason="核实为同一", now=AT)
    [group] = detect_in_store(store, Policy(), now=NOW).groups
    assert group.matches[0].status == "confirmed"
    assert list(store.relationships(RelType.NOT_SAME_AS)) == []


def test_decisions_name_missing_enterprises_and_need_a_reason(store: GraphStore) -> None:
    _variants(Builder(store))
    with pytest.raises(NotFound, match="X-9999"):
        reject_match(store, "X-0001", "X-9999", actor="a", reason="r", now=AT)
    with pytest.raises(InvalidValue, match="reason"):
        reject_match(store, "X-0001", "X-0002", actor="a", reason=" ", now=AT)
