"""`python -m bench --tiny` produces a complete report. Numbers are not judged here."""

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
        timeout=600,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    report = json.loads((tmp_path / "latest.json").read_text(encoding="utf-8"))
    assert set(SECTIONS) <= set(report)
    assert report["mode"] == "tiny"
    for key in ("a", "b"):
        pipeline = report["pipelines"][key]
        assert pipeline["status"] == "ok", pipeline.get("reason")
        assert set(PIPELINE_KEYS) <= set(pipeline)
        assert set(pipeline["accuracy"]["entities"]) == {"prefecture", "right_type", "amount"}
    spread = report["pipelines"]["a"]["seed_spread"]
    assert set(spread["by_seed"]) == {"42", "1"} and spread["sd"] is not None
    assert report["pipelines"]["c"]["status"] in {"skipped", "unavailable"}
    assert report["recommendation"]["pipeline"] in {"a", "b"}
    single = report["e2e"]["single_user"]
    assert single["requests"] > 0 and single["p50"] is not None
    assert [level["users"] for level in report["e2e"]["load"]] == [2, 4]
    assert all(level["failures"] == 0 for level in report["e2e"]["load"])
    # `make test` installs redis-server, so the scaled-out run (2 workers) must happen.
    scaled = report["e2e"]["scaled"]
    assert scaled["status"] == "ok", scaled.get("reason")
    assert scaled["workers"] == 2 and scaled["lock_store"] == "redis"
    assert [level["users"] for level in scaled["load"]] == [2, 4]
    assert all(level["failures"] == 0 for level in scaled["load"])
    assert scaled["rasa_total_peak_rss_mb"] > scaled["rasa_peak_rss_mb"] > 0
    cost = report["cost"]
    for key in ("train_seconds", "cold_start_s", "rasa_peak_rss_mb", "action_peak_rss_mb"):
        assert cost[key] and cost[key] > 0, key
    assert len(report["targets"]) >= 14
    summary = (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert "AMD" in summary or "cores" in summary
    assert summary in run.stdout
    assert "2 workers + Redis" in summary
    assert (tmp_path / "chart.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
