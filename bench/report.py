"""latest.json and summary.md: one report, two views."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

# A complete report has these sections; the smoke test checks them.
SECTIONS = (
    "generated_at",
    "mode",
    "machine",
    "settings",
    "pipelines",
    "recommendation",
    "e2e",
    "cost",
    "targets",
)
PIPELINE_KEYS = ("status", "description", "train_seconds", "model_mb", "accuracy")
PIPELINE_KEYS += ("nlu_latency_ms", "ratios_to_a")


def write_json(report: dict[str, Any], path: Path) -> None:
    """Pretty, UTF-8, Japanese kept readable."""
    path.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def read_json(path: Path) -> dict[str, Any]:
    """A report written by write_json, to re-render without measuring again."""
    return json.loads(path.read_text(encoding="utf-8"))


def _fmt(value: Any, digits: int = 3) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.{digits}f}".rstrip("0").rstrip(".") if digits else f"{value:.0f}"
    return str(value)


def _mark(met: bool | None) -> str:
    return {True: "✅", False: "❌", None: "–"}[met]


def _table(header: list[str], rows: list[list[Any]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_fmt(c) for c in row) + " |" for row in rows]
    return lines


def markdown(report: dict[str, Any]) -> str:
    """The summary a reader needs: machine, targets, pipelines, load, cost, recommendation."""
    m = report["machine"]
    out = [
        f"# Benchmark ({report['mode']}) — {report['generated_at']}",
        "",
        f"Machine: {m['cpu_model']}, {m['cores']} cores, {m['ram_gb']} GiB RAM; "
        f"load average (1/5/15 min) {m['loadavg_start']} at start, {m.get('loadavg_end')} at end "
        "(shared machine: timings are noisy); "
        f"CPU speed check (10M-step Python loop): {m.get('cpu_speed_loop_s', '–')} s. "
        f"Python {m['python']}, Rasa {m['rasa']}, spaCy {m['spacy']}.",
        "",
        "## Targets",
        "",
    ]
    out += _table(
        ["metric", "value", "target", "met"],
        [[t["label"], t["value"], t["target"], _mark(t["met"])] for t in report["targets"]],
    )
    out += ["", "## Pipelines (held-out NLU set, in-process parse)", ""]
    rows = []
    for key, p in report["pipelines"].items():
        if p["status"] != "ok":
            rows.append([f"({key})", p["status"] + ": " + str(p.get("reason"))] + ["–"] * 9)
            continue
        acc, lat, ratio = p["accuracy"], p["nlu_latency_ms"], p["ratios_to_a"]
        rows.append(
            [
                f"({key}) {p['description']}",
                acc["intent_accuracy"],
                acc["macro_f1"],
                ratio["intent_accuracy"],
                lat["p50"],
                lat["p95"],
                lat["p99"],
                ratio["nlu_p50"],
                p["train_seconds"],
                p["model_mb"],
            ]
        )
    out += _table(
        ["pipeline", "intent acc", "macro F1", "acc ÷ (a)", "parse p50 ms", "p95", "p99",
         "p50 ÷ (a)", "train s (NLU)", "model MB"],
        rows,
    )  # fmt: skip
    spread = report["pipelines"].get("a", {}).get("seed_spread")
    if spread:
        draws = ", ".join(f"seed {seed}: {_fmt(acc)}" for seed, acc in spread["by_seed"].items())
        out += [
            "",
            f"Held-out intent accuracy of (a) by training seed: {draws}; "
            f"mean {_fmt(spread['mean'])}, sd {_fmt(spread['sd'])}. "
            "Differences between pipelines smaller than this spread are noise.",
        ]
    out += ["", "Entity precision / recall (exact spans):", ""]
    kinds = ("prefecture", "right_type", "amount")
    out += _table(
        ["pipeline", *kinds],
        [
            [f"({k})"]
            + [
                f"{_fmt(p['accuracy']['entities'][e]['precision'])} / "
                f"{_fmt(p['accuracy']['entities'][e]['recall'])}"
                for e in kinds
            ]
            for k, p in report["pipelines"].items()
            if p["status"] == "ok"
        ],
    )
    a = report["pipelines"].get("a", {})
    if a.get("status") == "ok" and a["accuracy"].get("entity_errors"):
        out += ["", "Entity errors of (a) (first 20; `extra` = extracted but not annotated):", ""]
        out += [
            f"- {e['error']} {e['entity']} 「{e['span']}」 in 「{e['text']}」"
            for e in a["accuracy"]["entity_errors"]
        ]
    if a.get("status") == "ok":
        out += ["", "Ten worst confusions of (a) (expected → predicted × count):", ""]
        out += [
            f"- {c['expected']} → {c['predicted']} × {c['count']}"
            for c in a["accuracy"]["worst_confusions"]
        ] or ["- none"]
    out += _end_to_end(report["e2e"])
    c = report["cost"]
    out += ["", "## Cost", ""]
    out += _table(
        ["what", "value"],
        [
            ["training from scratch, full model (s)", c["train_seconds"]],
            ["trainer peak RSS (MiB)", c["train_peak_rss_mb"]],
            ["cold start to first answer (s)", c["cold_start_s"]],
            ["Rasa server peak RSS (MiB)", c["rasa_peak_rss_mb"]],
            [
                "Rasa server peak RSS, scaled out, per worker / all processes (MiB)",
                _scaled_rss(report["e2e"]),
            ],
            ["action server peak RSS (MiB)", c["action_peak_rss_mb"]],
            ["model size (MB)", c["model_mb"]],
        ],
    )
    rec = report["recommendation"]
    out += ["", f"## Recommended pipeline: ({rec['pipeline']})", ""]
    out += [f"- {reason}" for reason in rec["reasons"]]
    out += ["", "Where targets are missed, see bench/PROFILE.md for what the profile shows.", ""]
    out += ["![chart](chart.png)", ""]
    return "\n".join(out)


def e2e_configurations(e2e: dict[str, Any]) -> list[tuple[str, list[dict[str, Any]]]]:
    """(label, [1 user, load levels...]) for the default and, if measured, the scaled run."""
    configs = [("1 process", [{"users": 1, **e2e["single_user"]}, *e2e["load"]])]
    scaled = e2e.get("scaled") or {}
    if scaled.get("status") == "ok":
        label = f"{scaled['workers']} workers + Redis"
        configs.append((label, [{"users": 1, **scaled["single_user"]}, *scaled["load"]]))
    return configs


def _scaled_rss(e2e: dict[str, Any]) -> str:
    scaled = e2e.get("scaled") or {}
    if scaled.get("status") != "ok":
        return "–"
    return f"{_fmt(scaled['rasa_peak_rss_mb'])} / {_fmt(scaled['rasa_total_peak_rss_mb'])}"


def _end_to_end(e2e: dict[str, Any]) -> list[str]:
    out = ["", "## End to end (REST channel, action server in the loop)", ""]
    rows = [
        [label, lv["users"], lv["requests"], lv["failures"], lv["msgs_per_s"], lv["p50"],
         lv["p95"], lv["p99"]]
        for label, levels in e2e_configurations(e2e)
        for lv in levels
    ]  # fmt: skip
    header = ["Rasa server", "users", "requests", "failures", "msgs/s", "p50 ms", "p95 ms"]
    out += _table([*header, "p99 ms"], rows)
    scaled = e2e.get("scaled") or {}
    if scaled.get("status") == "skipped":
        out += ["", f"Scaled-out run skipped: {scaled['reason']}."]
    out += [
        "",
        "Virtual users are closed-loop: each sends its next turn as soon as the reply arrives "
        "(no think time), one sender id per conversation; msgs/s counts answered requests. "
        "`1 process` is `make run`; the scaled-out run is `make run WORKERS=n` (n Sanic "
        "workers of the Rasa server sharing a Redis lock store, same SQLite tracker store).",
    ]
    return out
