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
    "endurance",
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


def _understanding(sets: dict[str, Any]) -> list[str]:
    """Real and development questions over REST: correct, asked back, wrong, by kind."""
    if not sets:
        return []
    out = ["", "## Questions never trained on (over REST)", ""]
    rows = []
    for name, label in (
        ("real", "real questions (public pages)"),
        ("fresh", "second real set (collected blind)"),
        ("third", "third real set (collected blind)"),
        ("dev", "development set"),
    ):
        r = sets.get(name)
        if r:
            rows.append([label, r["questions"], r["accuracy"], r.get("strict_accuracy"),
                         r["asked_rate"], r["wrong_rate"]])  # fmt: skip
    out += _table(
        ["set", "questions", "accuracy", "strict (unsure never correct)", "asked back", "wrong"],
        rows,
    )
    real = sets.get("real") or {}
    if real.get("by_kind"):
        out += ["", "Real questions by the answer expected:", ""]
        out += _table(
            ["expected", "correct", "asked", "wrong"],
            [[k, v.get("correct", 0), v.get("asked", 0), v.get("wrong", 0)]
             for k, v in sorted(real["by_kind"].items())],
        )  # fmt: skip
    return out


def markdown(report: dict[str, Any]) -> str:
    """The summary a reader needs: machine, targets, pipelines, load, CPU, endurance, cost."""
    m = report["machine"]
    out = [
        f"# Benchmark ({report['mode']}) — {report['generated_at']}",
        "",
        f"Machine: {m['cpu_model']}, {m['cores']} cores, {m['ram_gb']} GiB RAM; "
        f"load average (1/5/15 min) {m['loadavg_start']} at start, {m.get('loadavg_end')} at end "
        "(shared machine: wall times are noisy, CPU per turn much less so); "
        f"CPU speed check (10M-step Python loop): {m.get('cpu_speed_loop_s', '–')} s. "
        f"Python {m['python']}, Rasa {m['rasa']}.",
        *(["", f"Note: {report['note']}"] if report.get("note") else []),
        "",
        "## Targets",
        "",
    ]
    out += _table(
        ["metric", "value", "target", "met"],
        [[t["label"], t["value"], t["target"], _mark(t["met"])] for t in report["targets"]],
    )
    out += _understanding(report.get("understanding") or {})
    out += _pipelines(report["pipelines"])
    out += _end_to_end(report["e2e"])
    out += _endurance(report.get("endurance") or {})
    out += _faults(report.get("faults"))
    c = report["cost"]
    out += ["", "## Cost", ""]
    out += _table(
        ["what", "value"],
        [
            ["training from scratch, full model (s)", c["train_seconds"]],
            ["trainer peak RSS (MiB)", c["train_peak_rss_mb"]],
            ["cold start to first answer, 1 process / scaled (s)",
             f"{_fmt(c['cold_start_s'])} / {_fmt(c.get('scaled_cold_start_s'))}"],
            ["Rasa server peak RSS, 1 process (MiB)", c["rasa_peak_rss_mb"]],
            ["Rasa servers peak RSS, scaled, all processes (MiB)",
             c.get("scaled_rasa_total_peak_rss_mb")],
            ["scaled topology RSS by role (MiB)", c.get("scaled_rss_mb_by_role")],
            ["action server peak RSS (MiB)", c["action_peak_rss_mb"]],
            ["model size (MB)", c["model_mb"]],
        ],
    )  # fmt: skip
    rec = report["recommendation"]
    out += ["", f"## Recommended pipeline: ({rec['pipeline']})", ""]
    out += [f"- {reason}" for reason in rec["reasons"]]
    out += ["", "Where the time goes and what was cut: bench/PROFILE.md. Per-intent reports and",
            "confusion matrices: `make nlu-report` (rasa test nlu).", "", "![chart](chart.png)",
            ""]  # fmt: skip
    return "\n".join(out)


def _pipelines(pipelines: dict[str, Any]) -> list[str]:
    out = ["", "## Configurations (held-out NLU set, in-process parse)", ""]
    rows = []
    for key, p in pipelines.items():
        if p["status"] != "ok":
            rows.append([f"({key})", p["status"] + ": " + str(p.get("reason"))] + ["–"] * 7)
            continue
        acc, lat, ratio = p["accuracy"], p["nlu_latency_ms"], p["ratios_to_a"]
        rows.append(
            [f"({key}) {p['description']}", acc["intent_accuracy"], acc["macro_f1"],
             ratio["intent_accuracy"], lat["p50"], lat["p99"], ratio["nlu_p50"],
             p["train_seconds"], p["model_mb"]]
        )  # fmt: skip
    out += _table(
        ["configuration", "intent acc", "macro F1", "acc ÷ (a)", "parse p50 ms", "p99",
         "p50 ÷ (a)", "train s", "model MB"],
        rows,
    )  # fmt: skip
    spread = pipelines.get("a", {}).get("seed_spread")
    if spread:
        draws = ", ".join(f"seed {seed}: {_fmt(acc)}" for seed, acc in spread["by_seed"].items())
        out += [
            "",
            f"Held-out intent accuracy of (a) by training seed: {draws}; "
            f"mean {_fmt(spread['mean'])}, sd {_fmt(spread['sd'])}. "
            "Differences smaller than this spread are noise.",
        ]
    return out


def e2e_configurations(e2e: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """(label, configuration) for every configuration that ran."""
    return [(c["label"], c) for c in (e2e.get("configs") or {}).values() if c.get("status") == "ok"]


def _end_to_end(e2e: dict[str, Any]) -> list[str]:
    out = ["", "## End to end (REST channel, action server in the loop)", ""]
    rows = []
    for label, config in e2e_configurations(e2e):
        single = config["single_user"]
        rows.append([label, 1, single["requests"], single["failures"], single["msgs_per_s"],
                     single["p50"], single["p95"], single["p99"], "–"])  # fmt: skip
        for lv in config["load"]:
            rows.append([label, lv["users"], lv["requests"], lv["failures"], lv["msgs_per_s"],
                         lv["p50"], lv["p95"], lv["p99"], lv["cpu_ms_per_turn"]])  # fmt: skip
    out += _table(
        ["configuration", "users", "requests", "failures", "msgs/s", "p50 ms", "p95", "p99",
         "CPU ms/turn"],
        rows,
    )  # fmt: skip
    out += ["", "CPU ms per answered turn by process (closed loop; the load generator apart):", ""]
    cpu_rows = [
        [label, lv["users"], lv.get("cpu_ms_per_turn_by_role"),
         lv.get("load_generator_cpu_ms_per_turn")]
        for label, config in e2e_configurations(e2e) for lv in config["load"]
    ]  # fmt: skip
    out += _table(["configuration", "users", "by process", "load generator"], cpu_rows)
    out += ["", "Think time (users think 5–20 s between messages; p99 ≤ 1 s, no failures):", ""]
    think_rows = []
    for label, config in e2e_configurations(e2e):
        think = config.get("think_time")
        if not think:
            continue
        for probe in think["probes"]:
            think_rows.append([label, probe["users"], probe["msgs_per_s"], probe["p50"],
                               probe["p99"], probe["failures"], probe["cpu_ms_per_turn"],
                               "held" if probe["held"] else "not held"])  # fmt: skip
        think_rows.append([label, f"**max held: {_fmt(think['max_users_p99_1s'])}**"]
                          + [""] * 6)  # fmt: skip
    out += _table(
        ["configuration", "conversations", "msgs/s", "p50 ms", "p99 ms", "failures",
         "CPU ms/turn", "p99 ≤ 1 s"],
        think_rows,
    )  # fmt: skip
    return out


def _endurance(endurance: dict[str, Any]) -> list[str]:
    if not endurance:
        return []
    out = ["", "## Endurance", ""]
    rows = []
    for key, label in (("long_conversation_single", "1 process"),
                       ("long_conversation_scaled", "scaled")):  # fmt: skip
        long = endurance.get(key)
        if long:
            rows.append([label, long["turns"], long["first_median_ms"], long["last_median_ms"],
                         long["last_over_first"]])  # fmt: skip
    out += _table(
        ["one long conversation", "turns", "first turns, median ms", "last turns, median ms",
         "last ÷ first"],
        rows,
    )  # fmt: skip
    soak = endurance.get("soak")
    if soak:
        first, last = soak["samples"][0], soak["samples"][-1]
        out += [
            "",
            f"Soak (scaled topology): {soak['messages']:,} messages from {soak['users']} "
            f"closed-loop users in {_fmt(soak['seconds'], 0)} s, {soak['failures']} failed. "
            f"Growth from {soak['baseline_at_messages']:,} messages to the end, by process (%): "
            f"PSS {soak.get('pss_growth_percent')}; private (RssAnon) "
            f"{soak.get('private_growth_percent')}; RSS summed per process "
            f"{soak['rss_growth_percent']} (it counts PostgreSQL's shared buffers once per "
            f"backend). PSS at the first sample {first.get('pss_mb', {}).get('total')} MiB, "
            f"at the last {last.get('pss_mb', {}).get('total')} MiB.",
        ]
    return out


def _faults(faults: dict[str, Any] | None) -> list[str]:
    if not faults:
        return []
    kill = faults.get("kill") or {}
    return [
        "",
        "## Fault tests (tests/faults, run by the benchmark)",
        "",
        f"- SIGKILL of one of two Rasa processes under {kill.get('users', '–')} users: "
        f"{kill.get('messages', '–')} messages, {kill.get('answered_first_time', '–')} answered "
        f"at the first attempt, {kill.get('failed_then_recovered_by_widget_retry', '–')} failed "
        f"and were recovered by the widget's retry, {kill.get('lost', '–')} lost, "
        f"{kill.get('wrong_context', '–')} answered without their context.",
        f"- Full restart: conversations resumed with their slots: "
        f"{_fmt((faults.get('restart') or {}).get('passed'))}.",
        f"- pytest: {faults.get('pytest_summary')}",
    ]
