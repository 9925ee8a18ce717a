"""The issue's targets, printed beside each number and never asserted."""

from __future__ import annotations

import operator
from dataclasses import dataclass
from typing import Any, Callable

RSS_LIMIT_MB = round(1.2 * 1024, 1)  # 1.2 GiB in MiB, the unit /proc reports


@dataclass(frozen=True)
class Target:
    """A named threshold on one number of the report."""

    key: str
    label: str
    compare: str  # "<=", ">=" or "=="
    threshold: float
    unit: str
    get: Callable[[dict[str, Any]], float | None]

    def text(self) -> str:
        """How the target reads in the summary, e.g. "≤ 50 ms"."""
        symbol = {"<=": "≤", ">=": "≥", "==": "="}[self.compare]
        return f"{symbol} {self.threshold:g}{(' ' + self.unit) if self.unit else ''}"

    def check(self, report: dict[str, Any]) -> dict[str, Any]:
        """Value, target text and whether it is met (None when not measured)."""
        value = self.get(report)
        ops = {"<=": operator.le, ">=": operator.ge, "==": operator.eq}
        met = None if value is None else bool(ops[self.compare](value, self.threshold))
        return {
            "key": self.key,
            "label": self.label,
            "value": value,
            "target": self.text(),
            "met": met,
        }


def _dig(report: dict[str, Any], *path: str) -> Any:
    node: Any = report
    for part in path:
        if not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node


def _at_users(
    report: dict[str, Any], users: int, field: str, *, scaled: bool = False
) -> float | None:
    levels = _dig(report, "e2e", "scaled", "load") if scaled else _dig(report, "e2e", "load")
    for level in levels or []:
        if level.get("users") == users:
            return level.get(field)
    return None


TARGETS: tuple[Target, ...] = (
    Target("accuracy", "held-out intent accuracy (a)", ">=", 0.95, "",
           lambda r: _dig(r, "pipelines", "a", "accuracy", "intent_accuracy")),
    Target("accuracy_mean", "held-out intent accuracy (a), mean over seeds", ">=", 0.95, "",
           lambda r: _dig(r, "pipelines", "a", "seed_spread", "mean")),
    Target("nlu_p50", "NLU parse p50 (a)", "<=", 10, "ms",
           lambda r: _dig(r, "pipelines", "a", "nlu_latency_ms", "p50")),
    Target("e2e_p50", "end-to-end p50, 1 user", "<=", 50, "ms",
           lambda r: _dig(r, "e2e", "single_user", "p50")),
    Target("e2e_p99", "end-to-end p99, 1 user", "<=", 150, "ms",
           lambda r: _dig(r, "e2e", "single_user", "p99")),
    Target("u50_failures", "failed requests, 50 users", "==", 0, "",
           lambda r: _at_users(r, 50, "failures")),
    Target("u50_p99", "end-to-end p99, 50 users", "<=", 1000, "ms",
           lambda r: _at_users(r, 50, "p99")),
    Target("u50_rate", "throughput, 50 users", ">=", 30, "msgs/s",
           lambda r: _at_users(r, 50, "msgs_per_s")),
    Target("scaled_u50_failures", "failed requests, 50 users, scaled out", "==", 0, "",
           lambda r: _at_users(r, 50, "failures", scaled=True)),
    Target("scaled_u50_p99", "end-to-end p99, 50 users, scaled out", "<=", 1000, "ms",
           lambda r: _at_users(r, 50, "p99", scaled=True)),
    Target("scaled_u50_rate", "throughput, 50 users, scaled out", ">=", 30, "msgs/s",
           lambda r: _at_users(r, 50, "msgs_per_s", scaled=True)),
    Target("train", "training from scratch (full model)", "<=", 300, "s",
           lambda r: _dig(r, "cost", "train_seconds")),
    Target("rasa_rss", "Rasa server peak RSS", "<=", RSS_LIMIT_MB, "MiB",
           lambda r: _dig(r, "cost", "rasa_peak_rss_mb")),
    Target("scaled_rasa_rss", "Rasa server peak RSS, scaled out (all processes)", "<=",
           RSS_LIMIT_MB, "MiB", lambda r: _dig(r, "e2e", "scaled", "rasa_total_peak_rss_mb")),
)  # fmt: skip


def evaluate(report: dict[str, Any]) -> list[dict[str, Any]]:
    """Every target checked against the report."""
    return [target.check(report) for target in TARGETS]
