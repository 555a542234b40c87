"""Ladybug side by side: same files, same machine, same run; answers compared by checksum."""

from __future__ import annotations

import argparse
import random
from collections import defaultdict, deque
from pathlib import Path
from typing import Any

from benchmarks.ladybug_side import LadybugCity, checksum, reshape
from benchmarks.measure import emit, latencies_us, say, timed
from benchmarks.stages import HASH_KEY


def _our_reach(store: Any, project: str, owner: str) -> set[str]:
    """Parties reachable from the owner along the project's contracts (embedded store)."""
    graph = store.contracting_graph(project)
    out: dict[str, list[str]] = defaultdict(list)
    for rel in graph.contracts:
        out[rel.src.key].append(rel.dst.key)
    seen: set[str] = set()
    queue = deque([owner])
    while queue:
        for dst in out.get(queue.popleft(), ()):
            if dst not in seen:
                seen.add(dst)
                queue.append(dst)
    return seen


def _our_cross_district(store: Any) -> dict[str, tuple[str, ...]]:
    districts: dict[str, set[str]] = defaultdict(set)
    for ctx in store.case_contexts():
        if ctx.case.get("status") == "closed" or ctx.project is None:
            continue
        for respondent in ctx.respondents:
            districts[respondent.ref.key].add(str(ctx.project.get("area"))[:6])
    return {k: tuple(sorted(v)) for k, v in districts.items() if len(v) >= 2}


def run(args: argparse.Namespace) -> None:
    from graph.privacy import Pseudonymiser
    from graph.store.memory import MemoryStore

    work = Path(args.workdir)
    shaped_info, reshape_seconds = timed(
        lambda: reshape(work / "input", work / "ladybug-csv", Pseudonymiser(HASH_KEY.encode()))
    )
    city = LadybugCity(work / "ladybug-db")
    _, load_seconds = timed(lambda: city.load(work / "ladybug-csv"))
    say(f"ladybug loaded in {load_seconds:.1f}s")
    owners = city.owners()
    rng = random.Random(args.seed)
    projects = sorted(owners)
    # Ladybug's recursive query takes ~0.1 s at city scale: 1,000 samples keep it to minutes
    sample = [rng.choice(projects) for _ in range(min(args.samples, 1000))]
    theirs_chain = latencies_us(lambda p: city.chain(p, owners[p]), sample, warmup=50)
    theirs_edges = latencies_us(city.edges, sample[:300], warmup=20)
    store = MemoryStore(work / "data")
    check = sample[:300]
    ours_sum = checksum((p, tuple(sorted(_our_reach(store, p, owners[p])))) for p in check)
    theirs_sum = checksum((p, tuple(sorted(r[0] for r in city.chain(p, owners[p])))) for p in check)
    theirs_cross, theirs_cross_s = timed(city.cross_district)
    ours_cross, ours_cross_s = timed(lambda: _our_cross_district(store))
    emit(
        {
            "ladybug_reshape_seconds": reshape_seconds,
            "ladybug_load_seconds": load_seconds,
            "ladybug_rows": shaped_info,
            "ladybug_chain": theirs_chain,
            "ladybug_edges": theirs_edges,
            "chain_checksum_ours": ours_sum,
            "chain_checksum_theirs": theirs_sum,
            "chain_answers_equal": ours_sum == theirs_sum,
            "chain_checked_projects": len(check),
            "cross_district_aggregation_ladybug_seconds": theirs_cross_s,
            "cross_district_aggregation_ours_seconds": ours_cross_s,
            "cross_district_checksum_ours": checksum(ours_cross.items()),
            "cross_district_checksum_theirs": checksum(theirs_cross.items()),
            "cross_district_answers_equal": ours_cross == theirs_cross,
            "cross_district_defaulters": len(ours_cross),
        }
    )
