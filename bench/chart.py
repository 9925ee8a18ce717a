"""chart.png: accuracy, CPU per turn, latency under load and think-time capacity."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

SHORT = {"single": "1 process", "scaled": "scaled", "stock": "stock 3.6"}


def draw(report: dict[str, Any], path: Path) -> None:
    """Four panels with the targets as dashed lines (ASCII labels: no CJK font needed)."""
    warnings.filterwarnings("ignore", module="matplotlib")  # pyparsing deprecation noise
    ok = {k: p for k, p in report["pipelines"].items() if p["status"] == "ok"}
    configs = {k: c for k, c in report["e2e"]["configs"].items() if c.get("status") == "ok"}
    fig, axes = plt.subplots(2, 2, figsize=(11, 7.5))
    ax = axes[0][0]
    accuracies = [ok[k]["accuracy"]["intent_accuracy"] for k in ok]
    ax.bar(list(ok), accuracies, color="#4c72b0")
    ax.axhline(0.95, ls="--", color="red", lw=1)
    ax.set_ylim(max(0.0, min(accuracies, default=0.0) - 0.1), 1.0)
    ax.set_title("held-out intent accuracy (target >= 0.95)")
    ax = axes[0][1]
    names = list(configs)
    roles = sorted(
        {r for c in configs.values() for r in (c["load"][0].get("cpu_ms_per_turn_by_role") or {})}
    )
    bottom = [0.0] * len(names)
    for role in roles:
        values = [
            (configs[n]["load"][0].get("cpu_ms_per_turn_by_role") or {}).get(role, 0) for n in names
        ]
        ax.bar([SHORT.get(n, n) for n in names], values, bottom=bottom, label=role)
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    ax.axhline(22, ls="--", color="red", lw=1)
    ax.set_title("CPU ms per turn, all processes (target <= 22)")
    ax.legend(fontsize=8)
    ax = axes[1][0]
    for name, config in configs.items():
        levels = [{"users": 1, **config["single_user"]}, *config["load"]]
        ax.plot([lv["users"] for lv in levels], [lv["p99"] or 0 for lv in levels], "o-",
                label=f"p99, {SHORT.get(name, name)}")  # fmt: skip
    ax.set_yscale("log")
    ax.axhline(1000, ls="--", color="red", lw=0.8)
    ax.set_xlabel("closed-loop users")
    ax.set_title("end-to-end REST p99, ms (log)")
    ax.legend(fontsize=8)
    ax = axes[1][1]
    for name, config in configs.items():
        think = config.get("think_time")
        if think:
            probes = sorted(think["probes"], key=lambda p: p["users"])
            ax.plot([p["users"] for p in probes], [p["p99"] or 0 for p in probes], "o-",
                    label=SHORT.get(name, name))  # fmt: skip
    ax.axhline(1000, ls="--", color="red", lw=1)
    ax.axvline(500, ls=":", color="red", lw=1)
    ax.set_xlabel("concurrent conversations (think 5-20 s)")
    ax.set_title("think-time load: p99 ms (target p99 <= 1 s at >= 500)")
    ax.legend(fontsize=8)
    m = report["machine"]
    fig.suptitle(
        f"{report['mode']} run {report['generated_at']} - {m['cpu_model']}, {m['cores']} cores, "
        f"load {m['loadavg_start'][0]}"
    )
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
