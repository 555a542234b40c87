"""Benchmark: whole-city risk scoring over a synthetic city (wall time, memory, quality).

    .venv/bin/python -m benchmarks.risk --scale district [--seed 7] [--json] [--no-signals]

Generates the city (unless ``--city-dir`` names one), writes its synthetic signals
(loaders.synthetic_signals), loads both into an embedded in-memory store, then times the
two halves of scoring: reading the facts from the store (``gather``) and the rules, scores
and routing (``score``). Reports peak RSS and the precision/recall of red+orange enterprises
against the generator's planted risky enterprises.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.measure import current_rss_mb, peak_rss_mb, say, timed
from graph.enums import Label, RelType
from graph.settings import Settings
from graph.store.memory import MemoryStore
from graph.store.records import NodeRef, RelRecord
from loaders.ingest import load_directory
from loaders.signals import load_signals
from loaders.synthetic import REFERENCE_DATE, generate
from loaders.synthetic_signals import write_signals
from queries.risk.assess import assess
from queries.risk.facts import gather
from queries.risk.policy import default_policy
from queries.risk.score import score_city
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


def build_scaled_store(projects: int, enterprises: int, workers: int, seed: int) -> MemoryStore:
    """An in-memory store of the given size written straight through the store protocol
    (the generator and loader take too long for a 1M-worker city in a benchmark run):
    5-party chains, a third of the owners overdue, 8% of workers owed, 5% departed,
    4 months of attendance / inflow / payout signals per project, one case per 10 workers."""
    rng = random.Random(seed)
    store = MemoryStore(None)
    firms = [f"E{i:07d}" for i in range(enterprises)]
    store.upsert_nodes(
        Label.ENTERPRISE,
        [{"eid": e, "name": f"企业{e}", "registered_area": "310115"} for e in firms],
    )
    store.upsert_nodes(
        Label.PROJECT,
        [
            {
                "code": f"P{i:06d}",
                "name": f"项目{i}",
                "area": "310115001",
                "status": "在建",
                "wage_account": rng.random() > 0.02,
                "wage_deposit": True,
                "notice_board": rng.random() > 0.05,
            }
            for i in range(projects)
        ],
    )
    chains = {}
    rels = []
    for i in range(projects):
        code = f"P{i:06d}"
        chain = rng.sample(firms, 5)
        chains[code] = chain
        for k in range(4):
            overdue = 1_000_000 if k == 0 and rng.random() < 0.3 else 0
            kind = "general_contract" if k == 0 else "labour_subcontract"
            rels.append(
                RelRecord(
                    RelType.CONTRACTS_TO,
                    NodeRef(Label.ENTERPRISE, chain[k]),
                    NodeRef(Label.ENTERPRISE, chain[k + 1]),
                    code,
                    {"project": code, "kind": kind, "overdue": overdue},
                )
            )
    store.upsert_relationships(RelType.CONTRACTS_TO, rels)
    batch = 100_000
    for start in range(0, workers, batch):
        people, works, jobs = [], [], []
        for w in range(start, min(start + batch, workers)):
            pid = f"W{w:08d}"
            code = f"P{rng.randrange(projects):06d}"
            employer = chains[code][rng.randrange(2, 5)]
            people.append({"pid": pid, "name": "工人", "id_masked": "99*"})
            owed = rng.random() < 0.08
            work = {"entered_on": "2025-03-01"}
            if rng.random() < 0.05:
                work["left_on"] = "2025-09-30"
            works.append(
                RelRecord(
                    RelType.WORKS_ON,
                    NodeRef(Label.PERSON, pid),
                    NodeRef(Label.PROJECT, code),
                    "",
                    work,
                )
            )
            job: dict[str, Any] = {"project": code}
            if rng.random() > 0.03:
                job |= {
                    "wage_months": [f"2025-09:800000:{0 if owed else 800000}"],
                    "wages_due": 800000,
                    "wages_paid": 0 if owed else 800000,
                    "months_owed": 1 if owed else 0,
                }
            jobs.append(
                RelRecord(
                    RelType.EMPLOYED_BY,
                    NodeRef(Label.PERSON, pid),
                    NodeRef(Label.ENTERPRISE, employer),
                    code,
                    job,
                )
            )
        store.upsert_nodes(Label.PERSON, people)
        store.upsert_relationships(RelType.WORKS_ON, works)
        store.upsert_relationships(RelType.EMPLOYED_BY, jobs)
    signals = []
    for i in range(projects):
        code = f"P{i:06d}"
        for month in ("2025-07", "2025-08", "2025-09", "2025-10"):
            for kind in ("attendance", "wage_account_inflow", "wage_account_payout"):
                if kind != "attendance" and rng.random() < 0.03:
                    continue
                signals.append(
                    {
                        "id": f"S{code}{month}{kind}",
                        "kind": kind,
                        "date": f"{month}-25",
                        "period": month,
                        "project": code,
                        "count": 50,
                        "amount": 40_000_000,
                        "source_agency": "银行",
                        "record": "bench",
                    }
                )
    for e in rng.sample(firms, enterprises // 20):
        signals.append(
            {
                "id": f"S{e}",
                "kind": rng.choice(("tax_arrears", "complaint", "layoff", "violation")),
                "date": "2025-09-01",
                "enterprise": e,
                "source_agency": "部门",
                "record": "bench",
            }
        )
    store.upsert_nodes(Label.SIGNAL, signals)
    cases = [
        {
            "id": f"C{i:07d}",
            "source": "12345",
            "kind": "投诉",
            "received_at": "2025-06-01",
            "status": "received" if rng.random() < 0.3 else "closed",
        }
        for i in range(workers // 10)
    ]
    store.upsert_nodes(Label.CASE, cases)
    store.upsert_relationships(
        RelType.AGAINST,
        [
            RelRecord(
                RelType.AGAINST,
                NodeRef(Label.CASE, c["id"]),
                NodeRef(Label.ENTERPRISE, rng.choice(firms)),
            )
            for c in cases
        ],
    )
    people = [{"pid": f"B{i:07d}", "name": "老板", "id_masked": "99*"} for i in range(enterprises)]
    store.upsert_nodes(Label.PERSON, people)
    store.upsert_relationships(
        RelType.LEGAL_REP_OF,
        [
            RelRecord(
                RelType.LEGAL_REP_OF,
                NodeRef(Label.PERSON, f"B{i:07d}"),
                NodeRef(Label.ENTERPRISE, e),
            )
            for i, e in enumerate(firms)
        ],
    )
    store.upsert_relationships(
        RelType.CONTROLS,
        [
            RelRecord(
                RelType.CONTROLS,
                NodeRef(Label.PERSON, f"B{rng.randrange(enterprises):07d}"),
                NodeRef(Label.ENTERPRISE, e),
            )
            for e in rng.sample(firms, enterprises // 5)
        ],
    )
    return store


def run_scaled(projects: int, enterprises: int, workers: int, seed: int) -> dict[str, Any]:
    """Time whole-city scoring on a store built by :func:`build_scaled_store`."""
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
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.built:
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
