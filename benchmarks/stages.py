"""Benchmark stages. Each runs in its own process (so peak memory is its own) and prints one
JSON line: ``python -m benchmarks.stages STAGE --workdir DIR [--samples N] …``."""

from __future__ import annotations

import argparse
import random
from collections import defaultdict, deque
from datetime import date, datetime
from pathlib import Path
from typing import Any

from benchmarks.measure import (
    children_peak_rss_mb,
    current_rss_mb,
    emit,
    latencies_us,
    peak_rss_mb,
    say,
    timed,
)

HASH_KEY = "benchmark-key-not-a-secret"


def _settings(data: Path) -> Any:
    from graph.settings import Settings

    return Settings(data_dir=data, hash_key=HASH_KEY, allow_synthetic_ids=True)  # type: ignore[arg-type]


def stage_generate(args: argparse.Namespace) -> None:
    from loaders.synthetic import generate

    out = Path(args.workdir) / "input"
    city, seconds = timed(lambda: generate(args.scale, args.seed, out))
    emit({"generate_seconds": seconds, "rows": sum(city.counts.values()), "counts": city.counts})


def stage_load(args: argparse.Namespace) -> None:
    from graph.store.memory import MemoryStore
    from loaders.ingest import load_directory

    data = Path(args.workdir) / "data"
    store = MemoryStore(data)
    report, seconds = timed(
        lambda: load_directory(store, Path(args.workdir) / "input", _settings(data))
    )
    rows = sum(f.rows for f in report.files)
    rejected = sum(f.rejected for f in report.files)
    emit(
        {
            "load_seconds": seconds,
            "rows": rows,
            "rejected": rejected,
            "rows_per_s": rows / seconds,
            "peak_rss_mb": peak_rss_mb(),
            "reader_peak_rss_mb": children_peak_rss_mb(),
            "counts": store.counts(),
        }
    )
    store.close()


def stage_restart(args: argparse.Namespace) -> None:
    from graph.store.memory import MemoryStore

    before = current_rss_mb()
    store, seconds = timed(lambda: MemoryStore(Path(args.workdir) / "data"))
    emit(
        {
            "restart_seconds": seconds,
            "store_rss_mb": current_rss_mb() - before,
            "peak_rss_mb": peak_rss_mb(),
            "nodes_and_edges": sum(store.counts().values()),
        }
    )


def stage_plain_networkx(args: argparse.Namespace) -> None:
    """The same nodes, edges and properties in a bare networkx MultiDiGraph (the yardstick)."""
    import networkx as nx

    from graph.store.journal import Journal

    journal = Journal(Path(args.workdir) / "data" / "graph.sqlite3")
    before = current_rss_mb()
    graph = nx.MultiDiGraph()
    for label, key, props in journal.read_nodes():
        graph.add_node((label, key), **props)
    for t, sl, sk, dl, dk, key, rel_props in journal.read_rels():
        if rel_props is None:
            graph.remove_edge((sl, sk), (dl, dk), key=f"{t}\x1f{key}")
        else:
            graph.add_edge((sl, sk), (dl, dk), key=f"{t}\x1f{key}", **rel_props)
    emit(
        {
            "plain_networkx_rss_mb": current_rss_mb() - before,
            "nodes": graph.number_of_nodes(),
            "edges": graph.number_of_edges(),
        }
    )


def _bare_index(
    store: Any,
) -> tuple[dict[str, dict[str, list[tuple[str, str]]]], dict[str, list[str]]]:
    from graph.enums import RelType

    adjacency: dict[str, dict[str, list[tuple[str, str]]]] = defaultdict(lambda: defaultdict(list))
    owners: dict[str, list[str]] = defaultdict(list)
    for rel in store.relationships(RelType.CONTRACTS_TO):
        project = rel.props["project"]
        adjacency[project][rel.src.key].append((rel.dst.key, rel.props.get("kind", "")))
        if rel.props.get("kind") == "general_contract":
            owners[project].append(rel.src.key)
    return adjacency, owners


def _walk(
    adjacency: dict[str, list[tuple[str, str]]], owners: list[str]
) -> list[tuple[str, str, str]]:
    seen, out, queue = set(owners), [], deque(owners)
    while queue:
        node = queue.popleft()
        for dst, kind in adjacency.get(node, ()):
            out.append((node, dst, kind))
            if dst not in seen:
                seen.add(dst)
                queue.append(dst)
    return out


def stage_queries(args: argparse.Namespace) -> None:
    from graph.enums import Label
    from graph.store.memory import MemoryStore

    rng = random.Random(args.seed)
    store = MemoryStore(Path(args.workdir) / "data")
    projects = [n.ref.key for n in store.nodes(Label.PROJECT)]
    case_ids = [n.ref.key for n in store.nodes(Label.CASE) if n.get("project")]
    enterprises = [n.ref for n in store.nodes(Label.ENTERPRISE)]
    n = args.samples
    project_sample = [rng.choice(projects) for _ in range(n)]
    case_sample = [rng.choice(case_ids) for _ in range(n)]
    out: dict[str, Any] = {
        "samples": n,
        "projects": len(projects),
        "cases_with_project": len(case_ids),
    }

    adjacency, owners = _bare_index(store)
    out["bare_dict_walk"] = latencies_us(lambda p: _walk(adjacency[p], owners[p]), project_sample)
    out["contracting_graph_first_read"] = latencies_us(
        store.contracting_graph, project_sample, warmup=0
    )
    out["contracting_graph_warm"] = latencies_us(store.contracting_graph, project_sample)
    out.update(_liability(store, case_sample))
    out.update(_assignment(store, case_sample))
    out["neighbourhood_d2_cap100"] = latencies_us(
        lambda ref: store.neighbourhood(ref, 2, 100), [rng.choice(enterprises) for _ in range(n)]
    )
    out.update(_unit_lookup(store, rng, n))
    out.update(_whole_city(store, Path(args.workdir) / "input" / "truth"))
    emit(out)


def _liability(store: Any, cases: list[str]) -> dict[str, Any]:
    from queries.liability import liability_for_case

    return {"liability_for_case": latencies_us(lambda c: liability_for_case(store, c), cases)}


def _assignment(store: Any, cases: list[str]) -> dict[str, Any]:
    from queries.coordination.assign import Lookup, gather_inputs, open_loads
    from queries.coordination.assignment import decide_assignment
    from queries.coordination.policy import default_policy

    policy, lookup, loads = default_policy(), Lookup(store), open_loads(store)

    def assign(case_id: str) -> object:
        inputs = gather_inputs(store, store.case_context(case_id), lookup)
        return decide_assignment(inputs, policy, loads)

    return {"assignment_for_case": latencies_us(assign, cases)}


def _unit_lookup(store: Any, rng: random.Random, n: int) -> dict[str, Any]:
    from graph.enums import Label

    districts = sorted({str(a.get("area"))[:6] for a in store.nodes(Label.AGENCY)})
    sample = [rng.choice(districts) for _ in range(n)]
    return {
        "responsible_unit_lookup": latencies_us(
            lambda d: store.find_nodes(Label.AGENCY, "area", d), sample
        )
    }


def _whole_city(store: Any, truth: Path) -> dict[str, Any]:
    """Cross-district detection and risk scoring over the whole city, timed, with their
    precision and recall against the generator's planted groups and risky enterprises."""
    import json

    from queries.crossdistrict.detect import analyse
    from queries.crossdistrict.evaluate import evaluate_against_truth as groups_against_truth
    from queries.crossdistrict.facts import fetch_inputs
    from queries.crossdistrict.models import Policy
    from queries.risk.assess import assess
    from queries.risk.policy import load_policy
    from queries.risk.truth import evaluate_against_truth as risk_against_truth

    today = date(2025, 10, 31)
    before = current_rss_mb()
    (facts, detection), cross_seconds = timed(
        lambda: _detected(fetch_inputs(store), analyse, Policy(), today)
    )
    cross_mb = current_rss_mb() - before
    assessment, risk_seconds = timed(lambda: assess(store, today, load_policy()))
    out: dict[str, Any] = {
        "cross_district_seconds": cross_seconds,
        "cross_district_rss_delta_mb": cross_mb,
        "cross_district_groups": len(detection.groups),
        "risk_scoring_seconds": risk_seconds,
        "peak_rss_mb": peak_rss_mb(),
    }
    groups_truth = truth / "cross_district_groups.json"
    if groups_truth.exists():
        pid_of = _settings(Path(".")).pseudonymiser().person_key
        precision, recall, details = groups_against_truth(
            detection.groups,
            json.loads(groups_truth.read_text("utf-8")),
            pid_of=pid_of,
            facts=facts,
        )
        out["cross_district_quality"] = {
            "precision": precision,
            "recall": recall,
            "planted": details["planted"],
            "expected": details["expected"],
            "missed": details["missed"],
        }
    risky_truth = truth / "risky_enterprises.json"
    if risky_truth.exists():
        out["risk_quality"] = risk_against_truth(
            assessment.risk, json.loads(risky_truth.read_text("utf-8"))
        )
    return out


def _detected(facts: Any, analyse: Any, policy: Any, today: date) -> tuple[Any, Any]:
    return facts, analyse(facts, policy, now=today)


STAGES = {
    "generate": stage_generate,
    "load": stage_load,
    "restart": stage_restart,
    "plain_networkx": stage_plain_networkx,
    "queries": stage_queries,
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("stage", choices=sorted([*STAGES, "ladybug", "api"]))
    parser.add_argument("--workdir", required=True)
    parser.add_argument("--scale", default="city")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--samples", type=int, default=10_000)
    parser.add_argument("--rate", type=int, default=200)
    parser.add_argument("--seconds", type=int, default=60)
    args = parser.parse_args()
    say(f"{args.stage} started {datetime.now():%H:%M:%S}")
    if args.stage == "ladybug":
        from benchmarks.stage_ladybug import run as run_ladybug

        run_ladybug(args)
    elif args.stage == "api":
        from benchmarks.stage_api import run as run_api

        run_api(args)
    else:
        STAGES[args.stage](args)


if __name__ == "__main__":
    main()
