"""Benchmark: cross-district detection over a synthetic city (wall time, peak memory, quality).

    .venv/bin/python -m benchmarks.crossdistrict --scale district [--seed 7] [--json]

Generates the city (unless ``--city-dir`` names one already generated), loads it into an
embedded in-memory store, then times the two halves of detection separately: reading the
facts from the store (``fetch_inputs``) and the analysis (``analyse``: entity resolution,
graph, components, group descriptions). Reports peak RSS and the precision/recall against
the generator's planted groups.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path
from typing import Any

from benchmarks.measure import current_rss_mb, peak_rss_mb, timed
from graph.settings import Settings
from graph.store.memory import MemoryStore
from loaders.ingest import load_directory
from loaders.synthetic import REFERENCE_DATE, generate
from queries.crossdistrict import Policy, analyse, evaluate_against_truth, fetch_inputs


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
    facts, fetched = timed(lambda: fetch_inputs(store))
    detection, analysed = timed(lambda: analyse(facts, Policy(), now=REFERENCE_DATE))
    truth = json.loads((city_dir / "truth" / "cross_district_groups.json").read_text("utf-8"))
    pid_of = settings.pseudonymiser().person_key
    precision, recall, details = evaluate_against_truth(
        detection.groups, truth, pid_of=pid_of, facts=facts
    )
    counts = store.counts()
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
        "rss_before_detect_mb": round(rss_before, 1),
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "precision": precision,
        "recall": recall,
        "planted": details["planted"],
        "expected": details["expected"],
        "missed": details["missed"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--scale", default="district", help="tiny, district or city")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--city-dir", type=Path, default=None, help="an already generated city")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = run(args.scale, args.seed, args.city_dir)
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return
    for key, value in result.items():
        print(f"{key:>22}: {value}")


if __name__ == "__main__":
    main()
