"""`python -m bench --tiny` produces a complete report. Numbers are not judged here.

It starts the embedded and the scaled topology (nginx, PostgreSQL, Redis) for real.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from bench.report import PIPELINE_KEYS, SECTIONS

ROOT = Path(__file__).resolve().parents[2]


def test_tiny_benchmark_writes_a_complete_report(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TF_CPP_MIN_LOG_LEVEL": "2"}
    run = subprocess.run(
        [sys.executable, "-m", "bench", "--tiny", "--out", str(tmp_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    report = json.loads((tmp_path / "latest.json").read_text(encoding="utf-8"))
    assert set(SECTIONS) <= set(report)
    assert report["mode"] == "tiny"
    a = report["pipelines"]["a"]
    assert a["status"] == "ok", a.get("reason")
    assert set(PIPELINE_KEYS) <= set(a)
    spread = a["seed_spread"]
    assert set(spread["by_seed"]) == {"42", "1"} and spread["sd"] is not None
    assert report["pipelines"]["c"]["status"] in {"skipped", "unavailable"}
    assert report["recommendation"]["pipeline"] == "a"
    configs = report["e2e"]["configs"]
    # `make test` installs nginx, PostgreSQL and Redis, so the scaled topology must run.
    for name in ("single", "scaled"):
        config = configs[name]
        assert config["status"] == "ok"
        assert config["single_user"]["requests"] > 0 and config["single_user"]["p50"]
        assert [level["users"] for level in config["load"]] == [2, 4]
        for level in config["load"]:
            assert level["failures"] == 0, level
            assert level["cpu_ms_per_turn"] > 0
            assert level["cpu_ms_per_turn_by_role"]["rasa"] > 0
        assert config["think_time"]["probes"]
    assert configs["scaled"]["rasa_processes"] == 2
    assert {"nginx", "postgres", "redis"} <= set(configs["scaled"]["rss_mb_by_role"])
    endurance = report["endurance"]
    assert endurance["soak"]["messages"] >= 60 and endurance["soak"]["failures"] == 0
    for measure in ("rss_growth_percent", "pss_growth_percent", "private_growth_percent"):
        assert "total" in endurance["soak"][measure]
    assert endurance["soak"]["samples"][-1]["pss_mb"]["rasa"] > 0
    for key in ("long_conversation_single", "long_conversation_scaled"):
        assert endurance[key]["turns"] == 12 and endurance[key]["last_over_first"] > 0
    cost = report["cost"]
    for key in ("train_seconds", "cold_start_s", "rasa_peak_rss_mb", "action_peak_rss_mb"):
        assert cost[key] and cost[key] > 0, key
    assert len(report["targets"]) >= 18
    summary = (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert "AMD" in summary or "cores" in summary
    assert summary in run.stdout
    assert "scaled (nginx, 2 Rasa processes, PostgreSQL, Redis)" in summary
    assert (tmp_path / "chart.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
