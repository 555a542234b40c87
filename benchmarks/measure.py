"""Small measuring helpers shared by the benchmark stages."""

from __future__ import annotations

import json
import os
import resource
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")


def peak_rss_mb() -> float:
    """Peak resident set size of this process, in MiB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def children_peak_rss_mb() -> float:
    """Peak resident set size of the largest finished child process (a load's reader), MiB."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def current_rss_mb() -> float:
    with open(f"/proc/{os.getpid()}/statm", encoding="ascii") as fh:
        pages = int(fh.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def latencies_us(
    func: Callable[[T], object], samples: Sequence[T], warmup: int = 200
) -> dict[str, float]:
    """Median, p99 and mean of one call per sample, in microseconds."""
    for sample in samples[:warmup]:
        func(sample)
    timings = []
    clock = time.perf_counter_ns
    for sample in samples:
        start = clock()
        func(sample)
        timings.append((clock() - start) / 1000)
    timings.sort()
    return {
        "n": len(timings),
        "median_us": statistics.median(timings),
        "p99_us": timings[min(len(timings) - 1, int(len(timings) * 0.99))],
        "mean_us": statistics.fmean(timings),
    }


def timed(func: Callable[[], T]) -> tuple[T, float]:
    start = time.perf_counter()
    result = func()
    return result, time.perf_counter() - start


def cpu_timed(func: Callable[[], T]) -> tuple[T, float, float]:
    """(result, wall seconds, CPU seconds of this process): CPU time shows the cost when
    other work shares the machine."""
    cpu = time.process_time()
    result, wall = timed(func)
    return result, wall, time.process_time() - cpu


def emit(data: dict[str, Any]) -> None:
    """A stage's result: one JSON line on stdout (progress goes to stderr)."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, default=str) + "\n")
    sys.stdout.flush()


def say(message: str) -> None:
    sys.stderr.write(f"[bench] {message}\n")
    sys.stderr.flush()
