"""One command for the whole benchmark harness; rewrites its section of docs/benchmarks.md.

    python -m benchmarks.run [--scale city] [--seed 42] [--samples 10000]
                             [--api-rate 200] [--api-seconds 60] [--workdir .bench/run]

Each stage runs in its own process (so each peak RSS is its own); stages print one JSON line.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from benchmarks.measure import say
from benchmarks.report import render

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "benchmarks.md"
BEGIN, END = "<!-- harness:begin -->", "<!-- harness:end -->"


def _stage(name: str, args: argparse.Namespace, *extra: str) -> dict[str, Any]:
    cmd = [
        sys.executable,
        "-m",
        "benchmarks.stages",
        name,
        "--workdir",
        args.workdir,
        "--scale",
        args.scale,
        "--seed",
        str(args.seed),
        "--samples",
        str(args.samples),
        "--rate",
        str(args.api_rate),
        "--seconds",
        str(args.api_seconds),
        *extra,
    ]
    say(f"stage {name}")
    done = subprocess.run(
        cmd,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    say(f"stage {name}: {json.dumps(result, ensure_ascii=False)[:300]}")
    return result


def machine() -> dict[str, Any]:
    cpu = ""
    with open("/proc/cpuinfo", encoding="ascii", errors="ignore") as fh:
        for line in fh:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo", encoding="ascii") as fh:
        mem_kb = int(fh.readline().split()[1])
    versions = {}
    for package in ("networkx", "ladybug", "neo4j", "fastapi", "uvicorn", "pydantic"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "not installed"
    return {
        "cores": os.cpu_count(),
        "memory_gb": round(mem_kb / 2**20, 1),
        "cpu": cpu,
        "python": platform.python_version(),
        "versions": versions,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", default="city")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--samples", type=int, default=10_000)
    parser.add_argument("--api-rate", type=int, default=200)
    parser.add_argument("--api-seconds", type=int, default=60)
    parser.add_argument("--workdir", default=str(ROOT / ".bench" / "run"))
    parser.add_argument("--skip", action="append", default=[], help="stage to leave out")
    parser.add_argument("--reuse-input", action="store_true", help="keep generated files")
    args = parser.parse_args()
    work = Path(args.workdir)
    if not args.reuse_input:
        shutil.rmtree(work, ignore_errors=True)
    shutil.rmtree(work / "data", ignore_errors=True)
    work.mkdir(parents=True, exist_ok=True)
    results: dict[str, Any] = {
        "machine": machine(),
        "args": vars(args),
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    stages = ["generate", "load", "restart", "plain_networkx", "queries", "ladybug", "api"]
    if args.reuse_input and (work / "input" / "cases.csv").exists():
        stages.remove("generate")
    partial = work / "results-partial.json"
    for name in stages:
        if name not in args.skip:
            results[name] = _stage(name, args)
            partial.write_text(json.dumps(results, ensure_ascii=False, indent=2))
    command = "python -m benchmarks.run " + " ".join(shlex.quote(a) for a in sys.argv[1:])
    (work / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=2))
    _write_doc(render(results, command.strip()))
    say(f"wrote {DOC.relative_to(ROOT)}")


def _write_doc(section: str) -> None:
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Benchmarks · 性能测试\n"
    block = f"{BEGIN}\n{section}\n{END}"
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        text = head + block + rest.split(END, 1)[1]
    else:
        text = text.rstrip() + "\n\n" + block + "\n"
    DOC.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
