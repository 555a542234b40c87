"""Load benchmark of the HTTP API (not a test): fixed-rate open-loop load against uvicorn.

    .venv/bin/python -m benchmarks.api_load --scale district [--rate 200] [--seconds 60]

Generates the synthetic city (unless ``--city-dir`` names one), loads it into an embedded store
in a temporary data directory, creates an admin key, starts ``uvicorn`` on loopback in a
child process (one worker), then drives each endpoint in turn at ``--rate`` requests/s for
``--seconds`` seconds: requests are sent on a fixed schedule whatever the server's pace
(open loop), so a slow server shows up as latency, not as a lower rate. Latency is measured
from the scheduled send time (no coordinated omission). Prints p50/p99/max and errors per
endpoint, one JSON line each with ``--json``.

Endpoints: responsibility look-up for a case (``/v1/responsibility/cases/{id}``) and
liability for a case (``/v1/liability/cases/{id}``), over the city's case ids in turn.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from benchmarks.measure import emit, say, timed

ENDPOINTS = {
    "responsibility": "/v1/responsibility/cases/{}",
    "liability": "/v1/liability/cases/{}",
}


def prepare(scale: str, seed: int, city_dir: Path | None, work: Path) -> tuple[list[str], str]:
    """Generate and load the city into ``work/data``; returns (case ids, admin key)."""
    from api.auth import KeyStore, Role, access_db_path
    from graph.enums import Label
    from graph.store.memory import MemoryStore
    from loaders.ingest import load_directory

    if city_dir is None:
        from loaders.synthetic import generate

        city_dir = work / "city"
        say(f"generating {scale} (seed {seed})")
        generate(scale, seed, city_dir)
    settings = _settings(work)
    store = MemoryStore(settings.data_dir)
    say("loading")
    _, seconds = timed(lambda: load_directory(store, city_dir, settings))
    say(f"loaded in {seconds:.1f} s")
    cases = [n.ref.key for n in store.nodes(Label.CASE)]
    store.close()
    keys = KeyStore(access_db_path(settings.data_dir))
    _, key = keys.create("benchmark", "BENCH", "31", [Role.ADMIN])
    keys.close()
    return cases, key


def _settings(work: Path) -> Any:
    from graph.settings import Settings

    return Settings(
        data_dir=work / "data", hash_key="bench-key", allow_synthetic_ids=True, log_level="WARNING"
    )


def serve(work: Path, port: int) -> None:
    """Child process: uvicorn on loopback over the loaded store."""
    import uvicorn

    from api.app import create_app

    uvicorn.run(
        create_app(_settings(work)),
        host="127.0.0.1",
        port=port,
        log_level="warning",
        access_log=False,
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(work: Path, port: int) -> subprocess.Popen[bytes]:
    cmd = [sys.executable, "-m", "benchmarks.api_load", "--serve", str(work), "--port", str(port)]
    process = subprocess.Popen(cmd, env={**os.environ, "PYTHONPATH": os.getcwd()})
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/ready", timeout=1).status_code == 200:
                return process
        except httpx.HTTPError:
            time.sleep(0.5)
    process.terminate()
    raise RuntimeError("the server did not become ready within 600 s")


async def drive(
    base: str, key: str, path: str, ids: list[str], *, rate: float, seconds: float
) -> dict[str, Any]:
    """Open-loop load: request i is due at start + i/rate; latency counts from that moment."""
    total = int(rate * seconds)
    latencies: list[float] = []
    errors: dict[str, int] = {}
    limits = httpx.Limits(max_connections=256, max_keepalive_connections=256)
    headers = {"Authorization": f"Bearer {key}"}
    async with httpx.AsyncClient(
        base_url=base, headers=headers, limits=limits, timeout=30
    ) as client:
        start = time.perf_counter() + 0.1

        async def one(i: int) -> None:
            due = start + i / rate
            await asyncio.sleep(max(0.0, due - time.perf_counter()))
            try:
                response = await client.get(path.format(ids[i % len(ids)]))
                if response.status_code != 200:
                    errors[str(response.status_code)] = errors.get(str(response.status_code), 0) + 1
            except httpx.HTTPError as exc:
                errors[type(exc).__name__] = errors.get(type(exc).__name__, 0) + 1
            latencies.append(time.perf_counter() - due)

        await asyncio.gather(*(one(i) for i in range(total)))
        elapsed = time.perf_counter() - start
    return _summary(latencies, errors, total, elapsed)


def _summary(
    latencies: list[float], errors: dict[str, int], total: int, elapsed: float
) -> dict[str, Any]:
    ordered = sorted(latencies)

    def pct(q: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(len(ordered) * q))] * 1000, 2)

    return {
        "requests": total,
        "achieved_rps": round(total / elapsed, 1),
        "p50_ms": pct(0.50),
        "p99_ms": pct(0.99),
        "max_ms": round(ordered[-1] * 1000, 2),
        "errors": sum(errors.values()),
        "error_kinds": errors,
    }


def run(args: argparse.Namespace) -> list[dict[str, Any]]:
    work = Path(tempfile.mkdtemp(prefix="zhiqian-api-load-"))
    cases, key = prepare(args.scale, args.seed, args.city_dir, work)
    say(f"{len(cases)} cases; starting uvicorn")
    port = _free_port()
    server = start_server(work, port)
    results = []
    try:
        for name, path in ENDPOINTS.items():
            say(f"{name}: {args.rate}/s for {args.seconds} s")
            numbers = asyncio.run(
                drive(
                    f"http://127.0.0.1:{port}",
                    key,
                    path,
                    cases,
                    rate=args.rate,
                    seconds=args.seconds,
                )
            )
            results.append(
                {
                    "endpoint": name,
                    "scale": args.scale,
                    "cases": len(cases),
                    "rate": args.rate,
                    "seconds": args.seconds,
                    **numbers,
                }
            )
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)
        shutil.rmtree(work, ignore_errors=True)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", default="district", help="tiny | district | city")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--city-dir", type=Path, default=None)
    parser.add_argument("--rate", type=float, default=200.0, help="requests per second")
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--json", action="store_true", help="one JSON line per endpoint")
    parser.add_argument("--serve", type=Path, default=None, help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve is not None:
        serve(args.serve, args.port)
        return
    for row in run(args):
        if args.json:
            emit(row)
        else:
            print(
                f"{row['endpoint']:>15}: {row['requests']} req at {row['achieved_rps']}/s  "
                f"p50 {row['p50_ms']} ms  p99 {row['p99_ms']} ms  max {row['max_ms']} ms  "
                f"errors {row['errors']} {row['error_kinds'] or ''}"
            )


if __name__ == "__main__":
    main()
