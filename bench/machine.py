"""The machine a run happened on, so numbers from a shared, noisy box can be read fairly."""

from __future__ import annotations

import os
import platform
import time
from pathlib import Path
from typing import Any


def cpu_model() -> str:
    """The CPU's model name from /proc/cpuinfo (platform.processor() is empty on Linux)."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def ram_gb() -> float | None:
    """Total memory in GiB from /proc/meminfo."""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return None


def loadavg() -> list[float]:
    """1/5/15-minute load averages: other test runs share this machine."""
    return [round(v, 2) for v in os.getloadavg()]


def cpu_speed_s(iterations: int = 10_000_000) -> float:
    """Seconds for a fixed pure-Python loop, best of three.

    The shared machine's timings drift, so each run records this plain CPU figure. It does
    not explain everything: parse p50 went from 8 to 16 ms while this figure improved.
    """
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        total = 0
        for i in range(iterations):
            total += i
        best = min(best, time.perf_counter() - started)
    return round(best, 3)


def describe() -> dict[str, Any]:
    """CPU, cores, RAM, load and software versions."""
    import rasa

    return {
        "cpu_model": cpu_model(),
        "cores": os.cpu_count(),
        "ram_gb": ram_gb(),
        "loadavg_start": loadavg(),
        "cpu_speed_loop_s": cpu_speed_s(),
        "python": platform.python_version(),
        "rasa": rasa.__version__,
        "platform": platform.platform(),
    }
