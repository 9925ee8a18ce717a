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


def _config(report: dict[str, Any], name: str) -> dict[str, Any]:
    return _dig(report, "e2e", "configs", name) or {}


def _at_users(report: dict[str, Any], users: int, field: str, config: str = "single") -> Any:
    for level in _config(report, config).get("load") or []:
        if level.get("users") == users:
            return level.get(field)
    return None


def _cpu_per_turn(report: dict[str, Any], config: str = "single") -> float | None:
    """CPU ms per turn at the lightest closed-loop level (least queueing noise)."""
    levels = _config(report, config).get("load") or []
    return levels[0].get("cpu_ms_per_turn") if levels else None


def _cpu_ratio_to_stock(report: dict[str, Any]) -> float | None:
    ours, stock = _cpu_per_turn(report, "single"), _cpu_per_turn(report, "stock")
    return round(ours / stock, 3) if ours and stock else None


def _soak_growth(report: dict[str, Any]) -> float | None:
    """PSS: summed RSS counts PostgreSQL's shared buffers once per backend (bench/soak.py)."""
    return _dig(report, "endurance", "soak", "pss_growth_percent", "total")


# CPU ms per turn (all processes, 10 closed-loop users, `make run`) before issue 14:
# 44 ms, measured with this benchmark's method on 2026-12-01 (bench/PROFILE.md, section 5).
CPU_MS_BEFORE = 44.0

TARGETS: tuple[Target, ...] = (
    Target("real_accuracy", "real questions (never trained on): accuracy", ">=", 0.90, "",
           lambda r: _dig(r, "understanding", "real", "accuracy")),
    Target("real_wrong", "real questions: wrong-answer rate", "<=", 0.03, "",
           lambda r: _dig(r, "understanding", "real", "wrong_rate")),
    Target("dev_accuracy", "development questions: accuracy", ">=", 0.90, "",
           lambda r: _dig(r, "understanding", "dev", "accuracy")),
    Target("accuracy", "held-out intent accuracy (a)", ">=", 0.95, "",
           lambda r: _dig(r, "pipelines", "a", "accuracy", "intent_accuracy")),
    Target("accuracy_mean", "held-out intent accuracy (a), mean over seeds", ">=", 0.95, "",
           lambda r: _dig(r, "pipelines", "a", "seed_spread", "mean")),
    Target("nlu_p50", "NLU parse p50 (a)", "<=", 10, "ms",
           lambda r: _dig(r, "pipelines", "a", "nlu_latency_ms", "p50")),
    Target("cpu_turn", "CPU per turn, all processes, 1 process (half of 44 ms before)", "<=",
           CPU_MS_BEFORE / 2, "ms", _cpu_per_turn),
    Target("cpu_turn_scaled", "CPU per turn, all processes, scaled", "<=", CPU_MS_BEFORE / 2,
           "ms", lambda r: _cpu_per_turn(r, "scaled")),
    Target("cpu_vs_stock", "CPU per turn ÷ stock Rasa 3.6 default config", "<=", 1.0, "",
           _cpu_ratio_to_stock),
    Target("e2e_p50", "end-to-end p50, 1 user", "<=", 50, "ms",
           lambda r: _dig(_config(r, "single"), "single_user", "p50")),
    Target("e2e_p99", "end-to-end p99, 1 user", "<=", 150, "ms",
           lambda r: _dig(_config(r, "single"), "single_user", "p99")),
    Target("think_scaled", "conversations held at p99 ≤ 1 s, think time, scaled", ">=", 500,
           "", lambda r: _dig(_config(r, "scaled"), "think_time", "max_users_p99_1s")),
    Target("think_single", "conversations held at p99 ≤ 1 s, think time, 1 process", ">=",
           250, "", lambda r: _dig(_config(r, "single"), "think_time", "max_users_p99_1s")),
    Target("scaled_u50_rate", "closed loop, 50 users, scaled: msgs/s", ">=", 40, "msgs/s",
           lambda r: _at_users(r, 50, "msgs_per_s", "scaled")),
    Target("scaled_u50_failures", "closed loop, 50 users, scaled: failures", "==", 0, "",
           lambda r: _at_users(r, 50, "failures", "scaled")),
    Target("u50_failures", "closed loop, 50 users, 1 process: failures", "==", 0, "",
           lambda r: _at_users(r, 50, "failures")),
    Target("kill_lost", "kill test (SIGKILL under 20 users): lost messages", "==", 0, "",
           lambda r: _dig(r, "faults", "kill", "lost")),
    Target("restart", "restart test: conversations resumed (1 = all)", "==", 1, "",
           lambda r: None if _dig(r, "faults", "restart", "passed") is None
           else int(_dig(r, "faults", "restart", "passed"))),
    Target("soak_rss", "soak: memory growth (PSS), all processes", "<=", 5, "%", _soak_growth),
    Target("long_turns", "200-turn conversation: last turns ÷ first turns, scaled", "<=", 1.25,
           "", lambda r: _dig(r, "endurance", "long_conversation_scaled", "last_over_first")),
    Target("train", "training from scratch (full model)", "<=", 300, "s",
           lambda r: _dig(r, "cost", "train_seconds")),
    Target("rasa_rss", "Rasa server peak RSS, 1 process", "<=", RSS_LIMIT_MB, "MiB",
           lambda r: _dig(r, "cost", "rasa_peak_rss_mb")),
)  # fmt: skip


def evaluate(report: dict[str, Any]) -> list[dict[str, Any]]:
    """Every target checked against the report."""
    return [target.check(report) for target in TARGETS]
