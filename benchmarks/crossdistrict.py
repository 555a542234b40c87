"""Benchmark: cross-district detection over a synthetic city (wall time, peak memory, quality).

    .venv/bin/python -m benchmarks.crossdistrict --scale district [--seed 7] [--json]
    .venv/bin/python -m benchmarks.crossdistrict --store DATA_DIR [--truth DIR] [--repeat 3]

Generates the city (unless ``--city-dir`` names one already generated), loads it into an
embedded in-memory store, then times the two halves of detection separately: reading the
facts from the store (``fetch_inputs``) and the analysis (``analyse``: entity resolution,
graph, components, group descriptions). Reports peak RSS and the precision/recall against
the generator's planted groups.

``--store`` opens an embedded store already loaded (e.g. by the city-scale harness; it
restores its journal, which takes minutes at city scale, so work on a copy), then times each
half ``--repeat`` times in that one process and reports the medians, wall and CPU. With
``--groups-out FILE`` it writes the groups as canonical JSON, to compare two versions' answers.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import tempfile
from collections.abc import Sequence
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import Any

from benchmarks.measure import cpu_timed, current_rss_mb, peak_rss_mb, timed
from benchmarks.stages import HASH_KEY as HARNESS_HASH_KEY
from graph.enums import Label, RelType
from graph.settings import Settings
from graph.store.memory import MemoryStore
from graph.store.records import NodeRef, RelRecord
from loaders.ingest import load_directory
from loaders.synthetic import REFERENCE_DATE, generate
from loaders.synthetic.params import CITY_DISTRICTS
from queries.crossdistrict import (
    CaseFact,
    DetectionInputs,
    EnterpriseFact,
    Policy,
    TieFact,
    analyse,
    evaluate_against_truth,
    fetch_inputs,
)


def run(scale: str, seed: int, city_dir: Path | None) -> dict[str, Any]:
    """Measure one scale; returns the numbers as a flat dictionary."""
    work = Path(tempfile.mkdtemp(prefix="zhiqian-cd-"))
    if city_dir is None:
        city_dir = work / "city"
        _, generated = timed(lambda: generate(scale, seed, city_dir))
    else:
        generated = 0.0
    settings = Settings(data_dir=work / "data", hash_key="bench-key", allow_synthetic_ids=True)
    store = MemoryStore(None)
    _, loaded = timed(lambda: load_directory(store, city_dir, settings))
    rss_before = current_rss_mb()
    facts, fetched, fetch_cpu = cpu_timed(lambda: fetch_inputs(store))
    detection, analysed, analyse_cpu = cpu_timed(
        lambda: analyse(facts, Policy(), now=REFERENCE_DATE)
    )
    truth = json.loads((city_dir / "truth" / "cross_district_groups.json").read_text("utf-8"))
    pid_of = settings.pseudonymiser().person_key
    precision, recall, details = evaluate_against_truth(
        detection.groups, truth, pid_of=pid_of, facts=facts
    )
    counts = store.counts()
    shutil.rmtree(work, ignore_errors=True)
    return {
        "scale": scale,
        "seed": seed,
        "cases": counts["Case"],
        "open_cases": detection.open_cases,
        "edges": sum(v for k, v in counts.items() if k.isupper()),
        "groups": len(detection.groups),
        "pending_matches": len(detection.resolution.pending),
        "generate_s": round(generated, 2),
        "load_s": round(loaded, 2),
        "fetch_s": round(fetched, 3),
        "analyse_s": round(analysed, 3),
        "detect_total_s": round(fetched + analysed, 3),
        "fetch_cpu_s": round(fetch_cpu, 3),
        "analyse_cpu_s": round(analyse_cpu, 3),
        "load_average": os.getloadavg()[0],
        "rss_before_detect_mb": round(rss_before, 1),
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "precision": precision,
        "recall": recall,
        "planted": details["planted"],
        "expected": details["expected"],
        "missed": details["missed"],
    }


AT_HOME = 0.95


def synthetic_facts(cases: int, seed: int) -> DetectionInputs:
    """Facts of ``cases`` open cases over the 16 city districts, without a store: one
    employer per case drawn from cases/4 enterprises, each with a home district where
    ``AT_HOME`` of its cases are; a controller for every tenth enterprise, shared by two; a
    fifth of the enterprises without USCC, names repeating so that resolution has work."""
    rng = random.Random(seed)
    parties = max(cases // 4, 2)
    ents = {
        _eid(i, rng): EnterpriseFact(
            _eid(i, rng), f"上海{i % (parties // 2 + 1)}号建筑劳务有限公司"
        )
        for i in range(parties)
    }
    eids = sorted(ents)
    ties = tuple(
        TieFact(
            RelType.CONTROLS,
            NodeRef(Label.PERSON, f"p{i // 2}"),
            NodeRef(Label.ENTERPRISE, eids[i]),
        )
        for i in range(0, parties, 10)
    )
    home = {eid: rng.choice(CITY_DISTRICTS) for eid in eids}
    facts = []
    for n in range(cases):
        eid = rng.choice(eids)
        site = home[eid] if rng.random() < AT_HOME else rng.choice(CITY_DISTRICTS)
        facts.append(_case(n, site, eid, rng))
    names = {f"p{i}": f"某{i}" for i in range(parties)}
    return DetectionInputs(cases=tuple(facts), enterprises=ents, person_names=names, ties=ties)


def _case(n: int, site: str, eid: str, rng: random.Random) -> CaseFact:
    return CaseFact(
        id=f"C{n:07d}",
        site=site,
        received_at=REFERENCE_DATE - timedelta(days=rng.randrange(365)),
        workers=rng.randint(1, 30),
        amount_fen=rng.randint(1_000_00, 500_000_00),
        respondents=(NodeRef(Label.ENTERPRISE, eid),),
    )


def _eid(index: int, rng: random.Random) -> str:
    return f"X-{index:08d}" if index % 5 == 0 else f"U{index:017d}"


def run_facts(cases: int, seed: int) -> dict[str, Any]:
    """Time ``analyse`` alone on generated facts (no store)."""
    facts, built = timed(lambda: synthetic_facts(cases, seed))
    rss_before = current_rss_mb()
    detection, analysed, cpu = cpu_timed(lambda: analyse(facts, Policy(), now=REFERENCE_DATE))
    return {
        "facts_only_cases": cases,
        "build_facts_s": round(built, 2),
        "analyse_s": round(analysed, 3),
        "analyse_cpu_s": round(cpu, 3),
        "load_average": os.getloadavg()[0],
        "groups": len(detection.groups),
        "rss_before_detect_mb": round(rss_before, 1),
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }


CLAIMANTS_PER_CASE = 3
BATCH = 10_000


def build_store(facts: DetectionInputs) -> MemoryStore:
    """An embedded store holding the generated facts: enterprises, controllers, one project
    per case, the case (a third of them closed) and its claimants with their employment."""
    store = MemoryStore(None)
    _upsert(
        store,
        Label.ENTERPRISE,
        [{"eid": e.eid, "name": e.name} for e in facts.enterprises.values()],
    )
    _upsert(
        store,
        Label.PERSON,
        [{"pid": p, "name": n, "id_masked": "-"} for p, n in facts.person_names.items()],
    )
    _relate(store, RelType.CONTROLS, [RelRecord(t.type, t.src, t.dst) for t in facts.ties])
    for start in range(0, len(facts.cases), BATCH):
        _write_cases(store, facts.cases[start : start + BATCH])
    return store


def _write_cases(store: MemoryStore, cases: Sequence[CaseFact]) -> None:
    _upsert(
        store, Label.PROJECT, [{"code": f"P{c.id}", "name": c.id, "area": c.site} for c in cases]
    )
    _upsert(store, Label.CASE, [_case_row(n, c) for n, c in enumerate(cases)])
    workers = [(c, f"w{c.id}-{j}") for c in cases for j in range(CLAIMANTS_PER_CASE)]
    _upsert(store, Label.PERSON, [{"pid": w, "name": "工人", "id_masked": "-"} for _, w in workers])
    ref = {c.id: NodeRef(Label.CASE, c.id) for c in cases}
    _relate(
        store,
        RelType.CONCERNS,
        [RelRecord(RelType.CONCERNS, ref[c.id], NodeRef(Label.PROJECT, f"P{c.id}")) for c in cases],
    )
    _relate(
        store,
        RelType.AGAINST,
        [RelRecord(RelType.AGAINST, ref[c.id], c.respondents[0]) for c in cases],
    )
    _relate(
        store,
        RelType.CLAIMANT_IN,
        [RelRecord(RelType.CLAIMANT_IN, NodeRef(Label.PERSON, w), ref[c.id]) for c, w in workers],
    )
    employed = {"wages_due": 1_000_000, "wages_paid": 0}
    _relate(
        store,
        RelType.EMPLOYED_BY,
        [
            RelRecord(
                RelType.EMPLOYED_BY,
                NodeRef(Label.PERSON, w),
                c.respondents[0],
                f"P{c.id}",
                {**employed, "project": f"P{c.id}"},
            )
            for c, w in workers
        ],
    )


def _case_row(n: int, case: CaseFact) -> dict[str, Any]:
    return {
        "id": case.id,
        "received_at": case.received_at.isoformat(),
        "workers": case.workers,
        "amount_owed": case.amount_fen,
        "status": "closed" if n % 3 == 0 else "received",
    }


def _upsert(store: MemoryStore, label: Label, rows: list[dict[str, Any]]) -> None:
    for start in range(0, len(rows), BATCH):
        store.upsert_nodes(label, rows[start : start + BATCH])


def _relate(store: MemoryStore, rel_type: RelType, rows: list[RelRecord]) -> None:
    for start in range(0, len(rows), BATCH):
        store.upsert_relationships(rel_type, rows[start : start + BATCH])


def run_store(cases: int, seed: int) -> dict[str, Any]:
    """Time ``fetch_inputs`` + ``analyse`` over an embedded store of ``cases`` generated cases."""
    store, built = timed(lambda: build_store(synthetic_facts(cases, seed)))
    rss_before = current_rss_mb()
    facts, fetched, fetch_cpu = cpu_timed(lambda: fetch_inputs(store))
    detection, analysed, analyse_cpu = cpu_timed(
        lambda: analyse(facts, Policy(), now=REFERENCE_DATE)
    )
    return {
        "store_cases": cases,
        "open_cases": detection.open_cases,
        "build_store_s": round(built, 1),
        "fetch_s": round(fetched, 3),
        "fetch_cpu_s": round(fetch_cpu, 3),
        "analyse_s": round(analysed, 3),
        "analyse_cpu_s": round(analyse_cpu, 3),
        "detect_total_s": round(fetched + analysed, 3),
        "groups": len(detection.groups),
        "rss_before_detect_mb": round(rss_before, 1),
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "load_average": os.getloadavg()[0],
    }


def run_existing_store(
    data_dir: Path, truth_dir: Path | None, repeat: int, groups_out: Path | None
) -> dict[str, Any]:
    """Time ``fetch_inputs`` and ``analyse`` ``repeat`` times over an already loaded store."""
    if repeat < 1:
        raise ValueError("repeat must be at least 1")
    store, restored = timed(lambda: MemoryStore(data_dir))
    fetch: list[tuple[float, float]] = []
    analysis: list[tuple[float, float]] = []
    for _ in range(repeat):
        facts, wall, cpu = cpu_timed(lambda: fetch_inputs(store))
        fetch.append((wall, cpu))
        detection, wall, cpu = cpu_timed(partial(analyse, facts, Policy(), now=REFERENCE_DATE))
        analysis.append((wall, cpu))
    result: dict[str, Any] = {
        "store": str(data_dir),
        "restore_s": round(restored, 1),
        "open_cases": detection.open_cases,
        "groups": len(detection.groups),
        "repeat": repeat,
        **_medians("fetch", fetch),
        **_medians("analyse", analysis),
        "load_average": os.getloadavg()[0],
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }
    if truth_dir is not None:
        truth = json.loads((truth_dir / "cross_district_groups.json").read_text("utf-8"))
        pseudonymiser = Settings(
            data_dir=data_dir, hash_key=HARNESS_HASH_KEY, allow_synthetic_ids=True
        ).pseudonymiser()
        precision, recall, details = evaluate_against_truth(
            detection.groups, truth, pid_of=pseudonymiser.person_key, facts=facts
        )
        result |= {"precision": precision, "recall": recall, "expected": details["expected"]}
    if groups_out is not None:
        groups = [g.model_dump(mode="json") for g in detection.groups]
        groups_out.write_text(json.dumps(groups, ensure_ascii=False, sort_keys=True, indent=1))
    return result


def _medians(name: str, runs: Sequence[tuple[float, float]]) -> dict[str, Any]:
    """Median wall and CPU seconds, and every run's (wall, CPU)."""
    return {
        f"{name}_s": round(statistics.median(w for w, _ in runs), 3),
        f"{name}_cpu_s": round(statistics.median(c for _, c in runs), 3),
        f"{name}_runs": [(round(w, 2), round(c, 2)) for w, c in runs],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--scale", default="district", help="tiny, district or city")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--city-dir", type=Path, default=None, help="an already generated city")
    parser.add_argument(
        "--facts-only", type=int, default=0, help="time analyse on N generated cases"
    )
    parser.add_argument("--store-cases", type=int, default=0, help="store of N generated cases")
    parser.add_argument("--store", type=Path, default=None, help="an already loaded data dir")
    parser.add_argument("--truth", type=Path, default=None, help="the city's truth/ directory")
    parser.add_argument("--repeat", type=int, default=3, help="runs over --store")
    parser.add_argument("--groups-out", type=Path, default=None, help="groups as JSON (--store)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.store:
        result = run_existing_store(args.store, args.truth, args.repeat, args.groups_out)
    elif args.store_cases:
        result = run_store(args.store_cases, args.seed)
    elif args.facts_only:
        result = run_facts(args.facts_only, args.seed)
    else:
        result = run(args.scale, args.seed, args.city_dir)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return
    for key, value in result.items():
        print(f"{key:>22}: {value}")


if __name__ == "__main__":
    main()
