"""Benchmark: whole-city risk scoring over a synthetic city (wall time, memory, quality).

    .venv/bin/python -m benchmarks.risk --scale district [--seed 7] [--json] [--no-signals]
    .venv/bin/python -m benchmarks.risk --store DATA_DIR [--truth DIR] [--repeat 3]

Generates the city (unless ``--city-dir`` names one), writes its synthetic signals
(loaders.synthetic_signals), loads both into an embedded in-memory store, then times the
two halves of scoring: reading the facts from the store (``gather``) and the rules, scores
and routing (``score``). Reports peak RSS and the precision/recall of red+orange enterprises
against the generator's planted risky enterprises.

``--store`` opens an embedded store already loaded (e.g. by the city-scale harness; it
restores its journal, which takes minutes at city scale, so work on a copy), then times
``gather``, ``score_city`` and the routing of ``assess`` separately, and ``assess`` whole,
``--repeat`` times in that one process, and reports the medians, wall and CPU. With
``--answers-out FILE`` it writes every score, contribution and warning as canonical JSON, to
compare two versions' answers.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from collections.abc import Sequence
from functools import partial
from pathlib import Path
from typing import Any

from benchmarks.measure import cpu_timed, current_rss_mb, peak_rss_mb, say, timed
from benchmarks.risk_city import build_scaled_store
from graph.settings import Settings
from graph.store.memory import MemoryStore
from loaders.ingest import load_directory
from loaders.signals import load_signals
from loaders.synthetic import REFERENCE_DATE, generate
from loaders.synthetic_signals import write_signals
from queries.risk.assess import Assessment, assess, route_all
from queries.risk.facts import gather
from queries.risk.policy import default_policy
from queries.risk.score import CityRisk, score_city
from queries.risk.truth import evaluate_against_truth


def run(scale: str, seed: int, city_dir: Path | None, signals: bool = True) -> dict[str, Any]:
    """Measure one scale; returns the numbers as a flat dictionary."""
    work = Path(tempfile.mkdtemp(prefix="zhiqian-risk-"))
    generated = 0.0
    if city_dir is None:
        city_dir = work / "city"
        say(f"generating {scale}")
        _, generated = timed(lambda: generate(scale, seed, city_dir))
    settings = Settings(data_dir=work / "data", hash_key="bench-key", allow_synthetic_ids=True)
    store = MemoryStore(None)
    say("loading")
    _, loaded = timed(lambda: load_directory(store, city_dir, settings))
    signal_rows = 0
    if signals:
        path = write_signals(city_dir, seed)
        signal_rows = load_signals(store, path).written
    policy = default_policy()
    rss_before = current_rss_mb()
    say("scoring")
    facts, fetched = timed(lambda: gather(store, REFERENCE_DATE, policy.departed_settle_days))
    risk, scored = timed(lambda: score_city(facts, policy))
    assessment, total = timed(lambda: assess(store, REFERENCE_DATE, policy))
    truth = json.loads((city_dir / "truth" / "risky_enterprises.json").read_text("utf-8"))
    counts = store.counts()
    grades = {
        g: sum(s.grade == g for s in risk.enterprises.values())
        for g in ("red", "orange", "yellow", "blue")
    }
    return {
        "scale": scale,
        "seed": seed,
        "signals": signal_rows,
        "projects": counts["Project"],
        "enterprises": counts["Enterprise"],
        "workers": counts["WORKS_ON"],
        "warnings": len(risk.warnings),
        "enterprise_grades": grades,
        "generate_s": round(generated, 2),
        "load_s": round(loaded, 2),
        "gather_s": round(fetched, 3),
        "score_s": round(scored, 3),
        "assess_total_s": round(total, 3),
        "routed_warnings": sum(w.responsible_unit is not None for w in assessment.risk.warnings),
        "rss_before_score_mb": round(rss_before, 1),
        "peak_rss_mb": round(peak_rss_mb(), 1),
        **evaluate_against_truth(risk, truth),
    }


def run_scaled(projects: int, enterprises: int, workers: int, seed: int) -> dict[str, Any]:
    """Time whole-city scoring on a store built by ``risk_city.build_scaled_store``."""
    say(f"building {projects} projects / {enterprises} enterprises / {workers} workers")
    store, built = timed(lambda: build_scaled_store(projects, enterprises, workers, seed))
    policy = default_policy()
    say("scoring")
    cpu = time.process_time()
    facts, fetched = timed(lambda: gather(store, REFERENCE_DATE, policy.departed_settle_days))
    risk, scored = timed(lambda: score_city(facts, policy))
    cpu = time.process_time() - cpu
    counts = store.counts()
    return {
        "projects": projects,
        "enterprises": enterprises,
        "workers": workers,
        "edges": sum(v for k, v in counts.items() if k.isupper()),
        "signals": counts["Signal"],
        "build_s": round(built, 1),
        "gather_s": round(fetched, 2),
        "score_s": round(scored, 2),
        "total_s": round(fetched + scored, 2),
        "total_cpu_s": round(cpu, 2),
        "load_average": round(os.getloadavg()[0], 1),
        "warnings": len(risk.warnings),
        "graded_enterprises": sum(1 for s in risk.enterprises.values() if s.grade),
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }


def run_existing_store(
    data_dir: Path, truth_dir: Path | None, repeat: int, answers_out: Path | None
) -> dict[str, Any]:
    """Time the phases of ``assess`` ``repeat`` times over an already loaded store."""
    if repeat < 1:
        raise ValueError("repeat must be at least 1")
    store, restored = timed(lambda: MemoryStore(data_dir))
    policy = default_policy()
    runs: dict[str, list[tuple[float, float]]] = {p: [] for p in ("gather", "score", "route")}
    for _ in range(repeat):
        facts, wall, cpu = cpu_timed(
            partial(gather, store, REFERENCE_DATE, policy.departed_settle_days)
        )
        runs["gather"].append((wall, cpu))
        risk, wall, cpu = cpu_timed(partial(score_city, facts, policy))
        runs["score"].append((wall, cpu))
        _, wall, cpu = cpu_timed(partial(route_all, risk, facts))
        runs["route"].append((wall, cpu))
        del facts, risk  # one city's facts in memory at a time
    whole: list[tuple[float, float]] = []
    last: Assessment | None = None
    for _ in range(repeat):
        last = None  # drop the previous city's assessment before the next
        last, wall, cpu = cpu_timed(partial(assess, store, REFERENCE_DATE, policy))
        whole.append((wall, cpu))
    assert last is not None
    risk = last.risk
    result: dict[str, Any] = {
        "store": str(data_dir),
        "restore_s": round(restored, 1),
        "repeat": repeat,
        **{k: v for phase, found in runs.items() for k, v in _medians(phase, found).items()},
        **_medians("assess", whole),
        "warnings": len(risk.warnings),
        "scored_enterprises": len(risk.enterprises),
        "graded_enterprises": sum(1 for s in risk.enterprises.values() if s.grade),
        "graded_projects": sum(1 for s in risk.projects.values() if s.grade),
        "load_average": round(os.getloadavg()[0], 1),
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }
    if truth_dir is not None:
        truth = json.loads((truth_dir / "risky_enterprises.json").read_text("utf-8"))
        result |= evaluate_against_truth(risk, truth)
    if answers_out is not None:
        text = json.dumps(answers(risk), ensure_ascii=False, sort_keys=True, indent=1)
        answers_out.write_text(text, encoding="utf-8")
    return result


def answers(risk: CityRisk) -> dict[str, Any]:
    """Every score (with its grade, contributions and unit) by key, and every warning in
    order: what must not change when only the speed of an assessment does."""
    return {
        "enterprises": {k: s.model_dump(mode="json") for k, s in sorted(risk.enterprises.items())},
        "projects": {k: s.model_dump(mode="json") for k, s in sorted(risk.projects.items())},
        "warnings": [w.model_dump(mode="json") for w in risk.warnings],
    }


def _medians(name: str, runs: Sequence[tuple[float, float]]) -> dict[str, Any]:
    """Median wall and CPU seconds, and every run's (wall, CPU)."""
    return {
        f"{name}_s": round(statistics.median(w for w, _ in runs), 2),
        f"{name}_cpu_s": round(statistics.median(c for _, c in runs), 2),
        f"{name}_runs": [(round(w, 2), round(c, 2)) for w, c in runs],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--scale", default="district", help="tiny, district or city")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--city-dir", type=Path, default=None, help="an already generated city")
    parser.add_argument("--no-signals", action="store_true", help="score the graph alone")
    parser.add_argument(
        "--built",
        default=None,
        metavar="P,E,W",
        help="skip the generator: build P projects, E enterprises, W workers",
    )
    parser.add_argument("--store", type=Path, default=None, help="an already loaded data dir")
    parser.add_argument("--truth", type=Path, default=None, help="the generator's truth dir")
    parser.add_argument("--repeat", type=int, default=3, help="runs per phase with --store")
    parser.add_argument("--answers-out", type=Path, default=None, help="canonical JSON answers")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.store:
        result = run_existing_store(args.store, args.truth, args.repeat, args.answers_out)
    elif args.built:
        p, e, w = (int(x) for x in args.built.split(","))
        result = run_scaled(p, e, w, args.seed)
    else:
        result = run(args.scale, args.seed, args.city_dir, not args.no_signals)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return
    for key, value in result.items():
        print(f"{key:>22}: {value}")


if __name__ == "__main__":
    main()
