"""Small, dependency-free statistics so every module reports latencies the same way."""

from __future__ import annotations

import math
from collections.abc import Sequence


def percentile(values: Sequence[float], q: float) -> float | None:
    """Nearest-rank percentile: an observed value, so p99 of 500 samples is a real request."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def summary_ms(seconds: Sequence[float]) -> dict[str, float | int | None]:
    """p50/p95/p99/mean/max in milliseconds, plus the sample count."""
    ms = [s * 1000 for s in seconds]
    return {
        "n": len(ms),
        "p50": _round(percentile(ms, 50)),
        "p95": _round(percentile(ms, 95)),
        "p99": _round(percentile(ms, 99)),
        "mean": _round(sum(ms) / len(ms)) if ms else None,
        "max": _round(max(ms)) if ms else None,
    }


def ratio(value: float | None, base: float | None) -> float | None:
    """value / base, or None when either side is missing or the base is zero."""
    if value is None or not base:
        return None
    return round(value / base, 3)


def mcnemar_p(first: Sequence[bool], second: Sequence[bool]) -> float:
    """Exact two-sided McNemar p-value for two classifiers scored on the same questions.

    Only questions where exactly one of them is right count, so on ~350 held-out questions
    a gap of a few questions is told apart from noise.
    """
    only_first = sum(1 for a, b in zip(first, second, strict=True) if a and not b)
    only_second = sum(1 for a, b in zip(first, second, strict=True) if b and not a)
    n = only_first + only_second
    if n == 0:
        return 1.0
    tail = sum(math.comb(n, k) for k in range(min(only_first, only_second) + 1)) / 2**n
    return min(1.0, 2 * tail)


def _round(value: float | None, digits: int = 2) -> float | None:
    return None if value is None else round(value, digits)
