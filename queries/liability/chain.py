"""Chain analysis: owner, general contractors, paths down the contracting tree, and what is odd.

Every walk keeps a visited set, so a contracting cycle or a very deep chain can never make
the engine loop; both are reported as warnings instead. One analysis per answer: rules read
the trees built here and never walk the contracts again.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import NamedTuple

from queries.liability.facts import ContractEdge, Facts

MAX_DEPTH = 10
"""Deeper chains are reported (the engine still answers)."""


class Link(NamedTuple):
    """One step of an evidence path: a contract (its kind), name lending or dispatch."""

    src: str
    dst: str
    kind: str


@dataclass(frozen=True, slots=True)
class Chain:
    """The contracting structure of one project.

    ``trees[g]`` maps each party below general contractor ``g`` to the contract edge that
    first reaches it (breadth first, so the shortest path); ``top[g]`` is the owner's edge
    to ``g``.
    """

    owners: tuple[str, ...]
    gcs: tuple[str, ...]
    top: Mapping[str, ContractEdge]
    trees: Mapping[str, Mapping[str, ContractEdge]]
    warnings: tuple[str, ...]

    def reaches(self, gc: str, party: str) -> bool:
        """True when ``party`` sits strictly below ``gc`` in its contracting tree."""
        return party in self.trees.get(gc, {})

    def in_chain(self, party: str) -> bool:
        """True for an owner, a general contractor or anyone below one."""
        return party in self.owners or any(party in t or party == g for g, t in self.trees.items())

    def path(self, gc: str, party: str) -> tuple[ContractEdge, ...]:
        """Contract edges from the owner through ``gc`` down to ``party`` (shortest)."""
        tree = self.trees.get(gc, {})
        edges: list[ContractEdge] = []
        node = party
        while node != gc and node in tree:
            edges.append(tree[node])
            node = tree[node].src
        edges.append(self.top[gc])
        return tuple(reversed(edges))

    def gcs_above(self, party: str) -> tuple[str, ...]:
        """The general contractors with ``party`` at or below them."""
        return tuple(g for g in self.gcs if g == party or party in self.trees[g])


def links(edges: Iterable[ContractEdge]) -> tuple[Link, ...]:
    """Contract edges as evidence links."""
    return tuple(Link(e.src, e.dst, e.kind) for e in edges)


def analyse(facts: Facts) -> Chain:
    """Find owner(s) and general contractor(s) by position and build their trees."""
    down = _adjacency(facts.contracts)
    owners = _owners(facts, down)
    top = _top_edges(owners, down)
    warnings = _top_warnings(owners, top, facts)
    trees = {gc: _tree(gc, down) for gc in sorted(top)}
    cycle = [] if _plain_tree(facts.contracts, owners, trees) else _find_cycle(down)
    if cycle:
        warnings.append("承发包关系存在循环：" + " → ".join(cycle) + "，已按首次到达的路径分析。")
    deep = [
        p for t in trees.values() if len(t) >= MAX_DEPTH for p in t if _depth(t, p) + 1 > MAX_DEPTH
    ]
    if deep:
        warnings.append(
            f"承发包链条深度超过{MAX_DEPTH}层（如 {sorted(deep)[0]}），"
            "请核实是否多层转包、违法分包。"
        )
    return Chain(tuple(owners), tuple(sorted(top)), top, trees, tuple(warnings))


def _adjacency(contracts: Iterable[ContractEdge]) -> dict[str, list[ContractEdge]]:
    down: dict[str, list[ContractEdge]] = {}
    for edge in contracts:
        down.setdefault(edge.src, []).append(edge)
    for edges in down.values():
        edges.sort(key=lambda e: (e.dst, e.kind, e.id or ""))
    return down


def _owners(facts: Facts, down: Mapping[str, list[ContractEdge]]) -> list[str]:
    """Roots of the contract graph that let a general contract; else any root; else declared."""
    has_parent = {e.dst for edges in down.values() for e in edges}
    roots = sorted(p for p in down if p not in has_parent)
    general = [r for r in roots if any(e.kind == "general_contract" for e in down[r])]
    if general or roots:
        return general or roots
    return sorted(p.id for p in facts.parties if p.role == "owner" and p.id in down)


def _top_edges(
    owners: list[str], down: Mapping[str, list[ContractEdge]]
) -> dict[str, ContractEdge]:
    top: dict[str, ContractEdge] = {}
    for owner in owners:
        for edge in down.get(owner, ()):
            if edge.dst not in owners:
                top.setdefault(edge.dst, edge)
    return top


def _top_warnings(owners: list[str], top: Mapping[str, ContractEdge], facts: Facts) -> list[str]:
    warnings: list[str] = []
    if facts.contracts and not owners:
        warnings.append("无法从承发包关系中确定建设单位（无链条起点），上游责任无法判断。")
    if len(owners) > 1:
        warnings.append(
            "承发包链条有多个起点（" + "、".join(owners) + "），均按建设单位分析，请核实。"
        )
    if len(top) > 1:
        warnings.append(
            "建设单位直接发包给多个承包单位（"
            + "、".join(sorted(top))
            + "），可能为联合体或平行发包，各自按其承包范围承担总包责任，请核实。"
        )
    return warnings


def _plain_tree(
    contracts: Iterable[ContractEdge],
    owners: list[str],
    trees: Mapping[str, Mapping[str, ContractEdge]],
) -> bool:
    """True when no party has two contracts above it and all hang off an owner: then the
    contracts form a forest and cannot contain a cycle (the common case; skips the search)."""
    above: set[str] = set()
    for edge in contracts:
        if edge.dst in above:
            return False
        above.add(edge.dst)
    covered = set(owners).union(trees, *trees.values())
    return above <= covered


def _tree(gc: str, down: Mapping[str, list[ContractEdge]]) -> dict[str, ContractEdge]:
    tree: dict[str, ContractEdge] = {}
    queue = deque([gc])
    while queue:
        node = queue.popleft()
        for edge in down.get(node, ()):
            if edge.dst != gc and edge.dst not in tree:
                tree[edge.dst] = edge
                queue.append(edge.dst)
    return tree


def _depth(tree: Mapping[str, ContractEdge], party: str) -> int:
    depth, node, seen = 0, party, set()
    while node in tree and node not in seen:
        seen.add(node)
        node = tree[node].src
        depth += 1
    return depth


def _find_cycle(down: Mapping[str, list[ContractEdge]]) -> list[str]:
    """One contracting cycle as a node list (first node repeated at the end), or []."""
    state: dict[str, int] = {}
    for start in sorted(down):
        if start in state:
            continue
        found = _cycle_from(start, down, state)
        if found:
            return found
    return []


def _cycle_from(
    start: str, down: Mapping[str, list[ContractEdge]], state: dict[str, int]
) -> list[str]:
    stack: list[tuple[str, int]] = [(start, 0)]
    path: list[str] = [start]
    state[start] = 1
    while stack:
        node, i = stack[-1]
        edges = down.get(node, [])
        if i >= len(edges):
            stack.pop()
            path.pop()
            state[node] = 2
            continue
        stack[-1] = (node, i + 1)
        nxt = edges[i].dst
        if state.get(nxt) == 1:
            return [*path[path.index(nxt) :], nxt]
        if nxt not in state:
            state[nxt] = 1
            stack.append((nxt, 0))
            path.append(nxt)
    return []
