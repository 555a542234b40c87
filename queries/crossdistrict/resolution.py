"""Entity resolution of Enterprise nodes across district data.

Rules, in order:

1. Two nodes that both carry a USCC and differ are never the same unit, whatever the score,
   and no chain of matches may join them (the union refuses a second USCC).
2. An analyst's rejection (NOT_SAME_AS) is final: the pair is never proposed again.
3. An analyst's confirmation (SAME_AS) merges the pair.
4. A branch (…分公司, …项目部) is never merged with its parent: it is its own registrant, but
   the parent answers for it (《公司法》: 分公司不具有法人资格，其民事责任由公司承担), so it is
   *tied* to the parent of the same canonical name (``Resolution.branches``).
5. Otherwise candidates share a canonical name core and branch (:mod:`.names`); each pair is
   scored with its reasons. At or above ``policy.auto_match`` it is merged and listed; between
   ``review_match`` and ``auto_match`` it is listed for review and not merged.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from itertools import combinations

from graph.enums import Label, RelType
from graph.errors import Conflict, InvalidValue, NotFound
from graph.store.protocol import GraphStore
from graph.store.records import NodeRef, RelRecord
from queries.crossdistrict.inputs import DetectionInputs, EnterpriseFact, enterprise_fact, pair
from queries.crossdistrict.models import Match, MatchDecision, Policy
from queries.crossdistrict.names import canonical_address, canonical_name

WEIGHTS = {"name": 0.6, "exact_name": 0.1, "legal_rep": 0.3, "address": 0.2, "area": 0.1}
USCC_CLASH = "合并将使两个不同统一社会信用代码同组，未自动合并"
MAX_BLOCK = 200
"""Blocks larger than this are generic names (e.g. '劳务队'): they are not paired."""


@dataclass(frozen=True, slots=True)
class Resolution:
    """``canonical`` maps every eid to its cluster's eid (the USCC when the cluster has one)."""

    canonical: Mapping[str, str]
    applied: tuple[Match, ...]
    pending: tuple[Match, ...]
    branches: tuple[tuple[str, str], ...] = ()
    """(branch eid, parent eid) ties by name, before clustering."""

    def of(self, eid: str) -> str:
        return self.canonical.get(eid, eid)


def score_pair(a: EnterpriseFact, b: EnterpriseFact) -> tuple[float, tuple[str, ...]]:
    """Score and reasons for two enterprises whose canonical name cores are equal."""
    name_a, name_b = canonical_name(a.name), canonical_name(b.name)
    reasons = [f"规范化名称相同：{name_a.core}"]
    score = WEIGHTS["name"]
    if name_a.full == name_b.full:
        score += WEIGHTS["exact_name"]
    if a.legal_reps & b.legal_reps:
        score += WEIGHTS["legal_rep"]
        reasons.append("法定代表人相同")
    address = canonical_address(a.address)
    if address and address == canonical_address(b.address):
        score += WEIGHTS["address"]
        reasons.append("住所相同")
    if a.area and a.area == b.area:
        score += WEIGHTS["area"]
        reasons.append("注册地相同")
    return round(min(score, 1.0), 3), tuple(reasons)


def different_usccs(a: EnterpriseFact, b: EnterpriseFact) -> bool:
    return bool(a.uscc and b.uscc and a.uscc != b.uscc)


def resolve(facts: DetectionInputs, policy: Policy) -> Resolution:
    """Cluster the enterprises of ``facts``: confirmed pairs, then automatic matches."""
    ents = facts.enterprises
    scored = sorted(_candidates(facts), key=lambda m: (-m.score, m.a, m.b))
    confirmed = [m for m in scored if m.status == "confirmed"]
    open_ = [m for m in scored if m.status != "confirmed"]
    auto = [_as(m, "auto") for m in open_ if m.score >= policy.auto_match]
    review = [m for m in open_ if policy.review_match <= m.score < policy.auto_match]
    union = _UsccUnion(ents)
    applied = [m for m in confirmed + auto if union.join(m.a, m.b)]
    refused = [_as(m, "review", USCC_CLASH) for m in auto if not union.same(m.a, m.b)]
    pending = tuple(refused + review)
    return Resolution(union.canonical(), tuple(applied), pending, branch_ties(ents))


def branch_ties(ents: Mapping[str, EnterpriseFact]) -> tuple[tuple[str, str], ...]:
    """Each branch tied to the unit(s) of its block without a branch part; branches of an
    absent parent are tied to the first branch of the block, so they still hang together."""
    ties: list[tuple[str, str]] = []
    for members in _blocks(ents).values():
        parents = [e for e in members if not canonical_name(ents[e].name).branch]
        branches = [e for e in members if e not in parents]
        anchors = parents or branches[:1]
        ties.extend((b, p) for b in branches for p in anchors if b != p)
    return tuple(ties)


def _blocks(ents: Mapping[str, EnterpriseFact]) -> dict[str, list[str]]:
    blocks: dict[str, list[str]] = {}
    for eid in sorted(ents):
        blocks.setdefault(canonical_name(ents[eid].name).core, []).append(eid)
    return {core: m for core, m in blocks.items() if 1 < len(m) <= MAX_BLOCK}


def _as(match: Match, status: str, reason: str | None = None) -> Match:
    reasons = (*match.reasons, reason) if reason else match.reasons
    return match.model_copy(update={"status": status, "reasons": reasons})


def _candidates(facts: DetectionInputs) -> Iterator[Match]:
    ents = facts.enterprises
    seen: set[tuple[str, str]] = set()
    for a, b in (*_blocked_pairs(ents), *sorted(facts.same_as)):
        key = pair(a, b)
        if key in seen or key in facts.not_same_as or a not in ents or b not in ents:
            continue
        seen.add(key)
        match = _match(ents[key[0]], ents[key[1]], key in facts.same_as)
        if match is not None:
            yield match


def _blocked_pairs(ents: Mapping[str, EnterpriseFact]) -> Iterator[tuple[str, str]]:
    for members in _blocks(ents).values():
        yield from combinations(members, 2)


def _match(a: EnterpriseFact, b: EnterpriseFact, confirmed: bool) -> Match | None:
    same_unit = canonical_name(a.name).full == canonical_name(b.name).full
    if different_usccs(a, b) or not (same_unit or confirmed):
        return None
    if canonical_name(a.name).core == canonical_name(b.name).core:
        score, reasons = score_pair(a, b)
    else:
        score, reasons = 0.0, ()
    if confirmed:
        reasons = (*reasons, "分析人员确认")
    return Match(
        a=a.eid,
        b=b.eid,
        a_name=a.name,
        b_name=b.name,
        score=score,
        reasons=reasons,
        status="confirmed" if confirmed else "review",
    )


class _UsccUnion:
    """Union-find that refuses to put two different USCCs into one cluster."""

    def __init__(self, ents: Mapping[str, EnterpriseFact]) -> None:
        self._parent = {eid: eid for eid in ents}
        self._uscc = {eid: e.uscc for eid, e in ents.items()}

    def find(self, eid: str) -> str:
        root = eid
        while self._parent[root] != root:
            root = self._parent[root]
        while self._parent[eid] != root:
            self._parent[eid], eid = root, self._parent[eid]
        return root

    def same(self, a: str, b: str) -> bool:
        return self.find(a) == self.find(b)

    def join(self, a: str, b: str) -> bool:
        """Merge the clusters of a and b; False when that would join two USCCs."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return True
        ua, ub = self._uscc[ra], self._uscc[rb]
        if ua and ub and ua != ub:
            return False
        keep, drop = (ra, rb) if _keeps_first(ra, ua, rb, ub) else (rb, ra)
        self._parent[drop] = keep
        self._uscc[keep] = ua or ub
        return True

    def canonical(self) -> dict[str, str]:
        """eid → cluster key, for the eids whose cluster key differs from their own."""
        out = {}
        for eid in self._parent:
            root = self.find(eid)
            key = self._uscc[root] or root
            if key != eid:
                out[eid] = key
        return out


def _keeps_first(ra: str, ua: str | None, rb: str, ub: str | None) -> bool:
    """The root that carries a USCC stays the root; otherwise the smaller key."""
    if bool(ua) != bool(ub):
        return bool(ua)
    return ra <= rb


# ---------------------------------------------------------------- analyst decisions


def confirm_match(
    store: GraphStore, a: str, b: str, *, actor: str, reason: str, now: datetime
) -> MatchDecision:
    """Record that enterprises a and b are one unit (SAME_AS); clears an earlier rejection.

    Raises NotFound for a missing enterprise, Conflict when both carry different USCCs
    (never merged), InvalidValue when a and b are the same node.
    """
    first, second = _decision_ends(store, a, b)
    if different_usccs(first, second):
        raise Conflict(f"enterprises {a!r} and {b!r} have different USCCs and are never merged")
    return _write_decision(store, (first.eid, second.eid), True, (actor, reason, now))


def reject_match(
    store: GraphStore, a: str, b: str, *, actor: str, reason: str, now: datetime
) -> MatchDecision:
    """Record that enterprises a and b are different units (NOT_SAME_AS); never proposed again."""
    first, second = _decision_ends(store, a, b)
    return _write_decision(store, (first.eid, second.eid), False, (actor, reason, now))


def _decision_ends(store: GraphStore, a: str, b: str) -> tuple[EnterpriseFact, EnterpriseFact]:
    if a == b:
        raise InvalidValue("enterprise", a, "cannot be matched with itself")
    first, second = pair(a, b)
    refs = [NodeRef(Label.ENTERPRISE, first), NodeRef(Label.ENTERPRISE, second)]
    found = store.get_nodes(refs)
    for ref in refs:
        if ref not in found:
            raise NotFound("enterprise", ref.key)
    return enterprise_fact(found[refs[0]]), enterprise_fact(found[refs[1]])


def _write_decision(
    store: GraphStore, ends: tuple[str, str], same: bool, who: tuple[str, str, datetime]
) -> MatchDecision:
    actor, reason, now = who
    if not actor.strip():
        raise InvalidValue("decided_by", actor, "must name who decided")
    if not reason.strip():
        raise InvalidValue("reason", reason, "must say why")
    src, dst = (NodeRef(Label.ENTERPRISE, key) for key in ends)
    props = {"decided_by": actor, "decided_at": now.isoformat(timespec="seconds"), "reason": reason}
    keep, drop = (RelType.SAME_AS, RelType.NOT_SAME_AS)
    if not same:
        keep, drop = drop, keep
    store.delete_relationships(drop, [RelRecord(drop, src, dst), RelRecord(drop, dst, src)])
    store.upsert_relationships(keep, [RelRecord(keep, src, dst, "", props)])
    return MatchDecision(a=ends[0], b=ends[1], same=same, **props)
