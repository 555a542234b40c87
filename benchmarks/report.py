"""Render the harness results as the Markdown section of docs/benchmarks.md."""

from __future__ import annotations

from typing import Any


def _us(stat: dict[str, Any] | None) -> str:
    if not stat:
        return "—"
    return f"{stat['median_us']:,.1f} µs / {stat['p99_us']:,.1f} µs"


def _ok(passed: bool | None) -> str:
    return "—" if passed is None else ("✅" if passed else "❌")


def _get(results: dict[str, Any], *path: str) -> Any:
    node: Any = results
    for key in path:
        if not isinstance(node, dict) or key not in node:
            return None
        node = node[key]
    return node


def _latency_rows(r: dict[str, Any]) -> list[str]:
    q = r.get("queries", {})
    bare = _get(q, "bare_dict_walk", "median_us")
    read = _get(q, "contracting_graph_first_read", "median_us")
    warm = _get(q, "contracting_graph_warm", "median_us")
    liab = _get(q, "liability_for_case")
    lb = _get(r, "ladybug", "ladybug_chain", "median_us")
    assign = _get(q, "assignment_for_case", "median_us")
    rows = [
        ("bare Python dict walk of a chain (yardstick)", _us(q.get("bare_dict_walk")), "", None),
        (
            "contracting-graph read, first read of a project",
            _us(q.get("contracting_graph_first_read")),
            f"{read / bare:.1f}× the dict walk" if read and bare else "",
            None,
        ),
        (
            "contracting-graph read, warm (cached per project)",
            _us(q.get("contracting_graph_warm")),
            f"{warm / bare:.1f}× the dict walk (target ≤ 4×)" if warm and bare else "",
            warm / bare <= 4 if warm and bare else None,
        ),
        (
            "full liability answer for a case",
            _us(liab),
            "target median ≤ 100 µs, p99 ≤ 1 ms",
            liab["median_us"] <= 100 and liab["p99_us"] <= 1000 if liab else None,
        ),
        (
            "Ladybug variable-length chain query",
            _us(_get(r, "ladybug", "ladybug_chain")),
            f"ours {lb / liab['median_us']:.1f}× faster (target ≥ 20×)" if lb and liab else "",
            lb / liab["median_us"] >= 20 if lb and liab else None,
        ),
        (
            "包案 assignment for a case (decide)",
            _us(q.get("assignment_for_case")),
            "target median ≤ 200 µs",
            assign <= 200 if assign else None,
        ),
        (
            "responsible-unit look-up (index: area → agencies)",
            _us(q.get("responsible_unit_lookup")),
            "",
            None,
        ),
        (
            "capped neighbourhood (depth 2, cap 100)",
            _us(q.get("neighbourhood_d2_cap100")),
            "",
            None,
        ),
    ]
    return [f"| {a} | {b} | {c} | {_ok(d)} |" for a, b, c, d in rows]


def _generated(r: dict[str, Any]) -> str:
    gen = r.get("generate")
    if not gen:
        return "reused from an earlier run (same seed, byte-identical)"
    return f"{gen['generate_seconds']:,.1f} s, {gen['rows']:,} rows"


def _scale_rows(r: dict[str, Any]) -> list[str]:
    load, restart, plain = r.get("load", {}), r.get("restart", {}), r.get("plain_networkx", {})
    q = r.get("queries", {})
    ratio = (
        restart.get("store_rss_mb", 0) / plain["plain_networkx_rss_mb"]
        if plain.get("plain_networkx_rss_mb")
        else None
    )
    rows = [
        (
            "generate the city (seeded)",
            f"{_get(r, 'generate', 'generate_seconds') or 0:,.1f} s",
            f"{_get(r, 'generate', 'rows') or 0:,} rows",
            None,
        ),
        (
            "load with validation",
            f"{load.get('load_seconds', 0):,.1f} s",
            f"{load.get('rows', 0):,} rows, {load.get('rows_per_s', 0):,.0f} rows/s, "
            f"{load.get('rejected', 0)} rejected; targets ≤ 3 min (foundation issue), "
            "≤ 90 s (harness)",
            load.get("load_seconds", 1e9) <= 180,
        ),
        (
            "peak RSS while loading",
            f"{load.get('peak_rss_mb', 0):,.0f} MB + reader "
            f"{load.get('reader_peak_rss_mb', 0):,.0f} MB",
            "writing process + the forked reading process (each its own peak); "
            "targets ≤ 6 GB (foundation issue), ≤ 4 GB (harness)",
            load.get("peak_rss_mb", 1e9) <= 6144,
        ),
        (
            "restart from the store's own files",
            f"{restart.get('restart_seconds', 0):,.1f} s",
            "target ≤ 20 s",
            restart.get("restart_seconds", 1e9) <= 20,
        ),
        (
            "store memory vs plain networkx graph of the same data",
            f"{restart.get('store_rss_mb', 0):,.0f} MB vs "
            f"{plain.get('plain_networkx_rss_mb', 0):,.0f} MB",
            f"{ratio:.2f}× (target ≤ 1.2×)" if ratio else "",
            ratio <= 1.2 if ratio else None,
        ),
        (
            "cross-district detection, whole city",
            f"{q.get('cross_district_seconds', 0):,.1f} s",
            f"{q.get('cross_district_groups', 0)} groups; target ≤ 10 s",
            q.get("cross_district_seconds", 1e9) <= 10,
        ),
        (
            "risk scoring, whole city",
            f"{q.get('risk_scoring_seconds', 0):,.1f} s",
            "target ≤ 30 s",
            q.get("risk_scoring_seconds", 1e9) <= 30,
        ),
        *_quality_rows(q),
    ]
    return [f"| {a} | {b} | {c} | {_ok(d)} |" for a, b, c, d in rows]


def _quality_rows(q: dict[str, Any]) -> list[tuple[str, str, str, bool | None]]:
    """Precision and recall against what the generator planted (no target: reported)."""
    rows: list[tuple[str, str, str, bool | None]] = []
    cross = q.get("cross_district_quality")
    if cross:
        rows.append(
            (
                "cross-district groups vs planted groups",
                f"precision {cross['precision']}, recall {cross['recall']}",
                f"{cross['expected']} of {cross['planted']} planted groups have open arrears "
                f"in ≥ 2 districts; missed {len(cross['missed'])}",
                None,
            )
        )
    risk = q.get("risk_quality")
    if risk:
        rows.append(
            (
                "red/orange enterprises vs planted risky ones",
                f"precision {risk['precision']}, recall {risk['recall']}",
                f"{risk['hits']} of {risk['planted']} planted flagged; {risk['flagged']} flagged",
                None,
            )
        )
    return rows


def _ladybug_rows(r: dict[str, Any]) -> list[str]:
    lb = r.get("ladybug")
    if not lb:
        return ["| (Ladybug stage not run) | | | |"]
    return [
        f"| Ladybug: reshape agency CSVs / COPY load | {lb['ladybug_reshape_seconds']:.1f} s / "
        f"{lb['ladybug_load_seconds']:.1f} s | {lb['ladybug_rows']} | |",
        f"| chain answers equal (checksum over {lb.get('chain_checked_projects', 2000):,} "
        f"projects) | {lb['chain_checksum_ours']} / "
        f"{lb['chain_checksum_theirs']} | | {_ok(lb['chain_answers_equal'])} |",
        f"| cross-district aggregation: ours / Ladybug | "
        f"{lb['cross_district_aggregation_ours_seconds']:.2f} s / "
        f"{lb['cross_district_aggregation_ladybug_seconds']:.2f} s | "
        f"{lb['cross_district_defaulters']} defaulters | "
        f"{_ok(lb['cross_district_answers_equal'])} |",
    ]


def _api_rows(r: dict[str, Any]) -> list[str]:
    api = _get(r, "api", "api")
    if not api:
        return ["| (API stage not run) | | | |"]
    out = []
    for name, s in api.items():
        passed = s["errors"] == 0 and s["p99_ms"] <= 50
        out.append(
            f"| API {name} at {r['api']['rate']}/s for {r['api']['seconds']} s | "
            f"p50 {s['p50_ms']} ms / p99 {s['p99_ms']} ms | {s['requests']} requests, "
            f"{s['errors']} errors, {s['achieved_rps']} req/s achieved; target p99 ≤ 50 ms, "
            f"0 errors | {_ok(passed)} |"
        )
    return out


def render(r: dict[str, Any], command: str) -> str:
    m = r["machine"]
    versions = ", ".join(f"{k} {v}" for k, v in m["versions"].items())
    lines = [
        "## City-scale harness (one run)",
        "",
        f"Measured {r['started']} on {m['cores']} cores, {m['memory_gb']} GB ({m['cpu']}); "
        f"Python {m['python']}; {versions}.",
        "",
        f"Command: `{command}` (the `make bench` target). Latencies are in-process, median / p99 "
        f"over {_get(r, 'queries', 'samples') or 0:,} random samples; every number below comes "
        "from this one run.",
        "",
        "| measure | result | notes | target |",
        "| --- | --- | --- | --- |",
        *_scale_rows(r),
        *_latency_rows(r),
        *_ladybug_rows(r),
        *_api_rows(r),
    ]
    return "\n".join(lines)
