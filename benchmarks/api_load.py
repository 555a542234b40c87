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
from urllib.parse import quote

import httpx

from benchmarks.measure import emit, say, timed

WARM_UP = 1000
"""Requests (at most one per case) sent before measuring, so caches are as in service."""
IN_FLIGHT = 32
"""Keep-alive connections; a request due while all are busy waits (its latency counts)."""
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
    base: str,
    key: str,
    path: str,
    ids: list[str],
    *,
    rate: float,
    seconds: float,
    warm_up: int = WARM_UP,
) -> dict[str, Any]:
    """Warm up (``warm_up`` requests, at most one per id, not measured), then measure."""
    if warm_up:
        await load(base, key, path, ids, rate=rate, seconds=min(len(ids), warm_up) / rate)
    return await load(base, key, path, ids, rate=rate, seconds=seconds)


async def load(
    base: str, key: str, path: str, ids: list[str], *, rate: float, seconds: float
) -> dict[str, Any]:
    """Open-loop load: request i is due at start + i/rate; latency counts from that moment.

    A scheduler queues each request when it falls due; ``IN_FLIGHT`` keep-alive connections
    take them in turn. The client speaks plain HTTP/1.1 on asyncio streams: a full client
    library costs ~2 ms of CPU per request, which on two cores would starve the server.
    """
    host, port = base.removeprefix("http://").split(":")
    total = int(rate * seconds)
    queue: asyncio.Queue[tuple[int, float] | None] = asyncio.Queue()
    latencies: list[float] = []
    errors: dict[str, int] = {}
    start = time.perf_counter() + 0.1

    async def schedule() -> None:
        for i in range(total):
            await asyncio.sleep(max(0.0, start + i / rate - time.perf_counter()))
            queue.put_nowait((i, start + i / rate))
        for _ in range(IN_FLIGHT):
            queue.put_nowait(None)

    async def connection() -> None:
        reader, writer = await asyncio.open_connection(host, int(port))
        while (item := await queue.get()) is not None:
            target = path.format(quote(ids[item[0] % len(ids)], safe=""))
            writer.write(
                f"GET {target} HTTP/1.1\r\nHost: {host}\r\n"
                f"Authorization: Bearer {key}\r\n\r\n".encode()
            )
            status = await _response(reader)
            if status != 200:
                errors[str(status)] = errors.get(str(status), 0) + 1
            latencies.append(time.perf_counter() - item[1])
        writer.close()

    await asyncio.gather(schedule(), *(connection() for _ in range(IN_FLIGHT)))
    return _summary(latencies, errors, total, time.perf_counter() - start)


async def _response(reader: asyncio.StreamReader) -> int:
    """Read one response (status line, headers, Content-Length body); returns the status."""
    head = await reader.readuntil(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    length = next(
        (
            int(line.split(":", 1)[1])
            for line in lines
            if line.lower().startswith("content-length:")
        ),
        0,
    )
    await reader.readexactly(length)
    return int(lines[0].split(" ")[1])


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
    base = f"http://127.0.0.1:{port}"
    try:
        for name, path in ENDPOINTS.items():
            say(f"{name}: warm-up, then {args.rate}/s for {args.seconds} s")
            numbers = asyncio.run(
                drive(
                    base,
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
