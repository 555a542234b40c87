"""The HTTP API under fixed-rate load, on the store the harness already loaded."""

from __future__ import annotations

import argparse
import asyncio
import signal
from pathlib import Path

from benchmarks.api_load import ENDPOINTS, _free_port, drive, start_server
from benchmarks.measure import emit, say


def run(args: argparse.Namespace) -> None:
    from api.auth import KeyStore, Role, access_db_path
    from graph.enums import Label
    from graph.store.memory import MemoryStore

    work = Path(args.workdir)
    store = MemoryStore(work / "data")
    cases = [n.ref.key for n in store.nodes(Label.CASE) if n.get("project")]
    store.close()
    del store  # the server holds its own copy of the graph
    keys = KeyStore(access_db_path(work / "data"))
    _, key = keys.create("benchmark", "BENCH", "31", [Role.ADMIN])
    keys.close()
    port = _free_port()
    server = start_server(work, port)
    results = {}
    try:
        for name, path in ENDPOINTS.items():
            say(f"api {name}: {args.rate}/s for {args.seconds} s")
            results[name] = asyncio.run(
                drive(
                    f"http://127.0.0.1:{port}",
                    key,
                    path,
                    cases,
                    rate=args.rate,
                    seconds=args.seconds,
                )
            )
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=60)
    emit({"api": results, "rate": args.rate, "seconds": args.seconds})
