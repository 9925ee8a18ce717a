"""chart.png: accuracy, parse latency, end-to-end latency and throughput at a glance."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

from bench.report import e2e_configurations


def draw(report: dict[str, Any], path: Path) -> None:
    """Four panels with the targets as dashed lines (ASCII labels: no CJK font needed)."""
    warnings.filterwarnings("ignore", module="matplotlib")  # pyparsing deprecation noise
    ok = {k: p for k, p in report["pipelines"].items() if p["status"] == "ok"}
    keys = list(ok)
    fig, axes = plt.subplots(2, 2, figsize=(11, 7.5))
    ax = axes[0][0]
    accuracies = [ok[k]["accuracy"]["intent_accuracy"] for k in keys]
    ax.bar(keys, accuracies, color="#4c72b0")
    ax.axhline(0.95, ls="--", color="red", lw=1)
    ax.set_ylim(max(0.0, min(accuracies, default=0.0) - 0.1), 1.0)
    ax.set_title("held-out intent accuracy (target >= 0.95)")
    ax = axes[0][1]
    width = 0.25
    for i, q in enumerate(("p50", "p95", "p99")):
        xs = [j + (i - 1) * width for j in range(len(keys))]
        ax.bar(xs, [ok[k]["nlu_latency_ms"][q] or 0 for k in keys], width, label=q)
    ax.set_xticks(range(len(keys)), keys)
    ax.axhline(10, ls="--", color="red", lw=1)
    ax.set_title("NLU parse latency, ms (p50 target <= 10)")
    ax.legend()
    configs = e2e_configurations(report["e2e"])
    labels = [str(lv["users"]) for lv in configs[0][1]]
    ax = axes[1][0]
    width = 0.8 / len(configs)
    for i, (name, levels) in enumerate(configs):
        xs = [j + (i - (len(configs) - 1) / 2) * width for j in range(len(levels))]
        ax.bar(xs, [lv["p99"] or 0 for lv in levels], width, label=f"p99, {name}")
        ax.plot(xs, [lv["p50"] or 0 for lv in levels], "k_", ms=12)
    ax.set_xticks(range(len(labels)), labels)
    ax.set_yscale("log")
    for limit in (50, 150, 1000):  # 1-user p50, 1-user p99, 50-user p99 targets
        ax.axhline(limit, ls="--", color="red", lw=0.8)
    ax.set_xlabel("concurrent users")
    ax.set_title("end-to-end REST latency, ms (log; bars p99, ticks p50)")
    ax.legend(fontsize=8)
    ax = axes[1][1]
    for i, (name, levels) in enumerate(configs):
        xs = [j + (i - (len(configs) - 1) / 2) * width for j in range(len(levels))]
        ax.bar(xs, [lv["msgs_per_s"] or 0 for lv in levels], width, label=name)
    ax.set_xticks(range(len(labels)), labels)
    ax.axhline(30, ls="--", color="red", lw=1)
    ax.set_xlabel("concurrent users")
    ax.set_title("throughput, msgs/s (target >= 30 at 50 users)")
    ax.legend(fontsize=8)
    m = report["machine"]
    fig.suptitle(
        f"{report['mode']} run {report['generated_at']} - {m['cpu_model']}, {m['cores']} cores, "
        f"load {m['loadavg_start'][0]}"
    )
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
