"""Cost of running the bot: training from scratch, model size, cold start, peak memory."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bench.settings import DOMAIN
from bench.training import TrainResult, train


def size_mb(path: Path) -> float:
    """File size in MB (10^6 bytes), as `ls -h` users read it."""
    return round(path.stat().st_size / 1e6, 1)


def train_full(config: Path, data: Path, out: Path) -> TrainResult:
    """`rasa train` (NLU + core) from scratch: the number behind "training ≤ 5 minutes"."""
    return train(config, data, DOMAIN, out, nlu_only=False)


def summary(trained: TrainResult, e2e: dict[str, Any]) -> dict[str, Any]:
    """The cost section of the report."""
    single = e2e["configs"].get("single", {})
    scaled = e2e["configs"].get("scaled", {})
    return {
        "train_seconds": trained.seconds,
        "train_peak_rss_mb": trained.peak_rss_mb,
        "model_mb": size_mb(trained.model),
        "cold_start_s": single.get("cold_start_s"),
        "scaled_cold_start_s": scaled.get("cold_start_s"),
        "rasa_peak_rss_mb": single.get("rasa_peak_rss_mb"),
        "scaled_rasa_total_peak_rss_mb": scaled.get("rasa_total_peak_rss_mb"),
        "action_peak_rss_mb": single.get("action_peak_rss_mb"),
        "scaled_rss_mb_by_role": scaled.get("rss_mb_by_role"),
    }
