"""Each configuration's held-out accuracy and in-process parse latency, on the same data."""

from __future__ import annotations

import gc
import logging
from pathlib import Path
from typing import Any

from bench import accuracy, latency, pipelines, seeds
from bench.conversations import nlu_corpus
from bench.cost import size_mb
from bench.heldout import examples
from bench.settings import DOMAIN, HELDOUT, BenchSettings
from bench.stats import ratio
from bench.training import TrainResult, train

log = logging.getLogger(__name__)


def _measure(model: Path, settings: BenchSettings) -> dict[str, Any]:
    agent, load_s = latency.load_agent(model)
    texts = [text for text, _ in examples(HELDOUT)]
    results = latency.parse_all(agent, texts)
    corpus = nlu_corpus(HELDOUT, settings.nlu_messages)
    measured = {
        "accuracy": accuracy.score(HELDOUT, results),
        "nlu_latency_ms": latency.parse_latency(agent, corpus, settings.nlu_warmup),
        "agent_load_s": load_s,
    }
    del agent
    gc.collect()
    return measured


def run(
    settings: BenchSettings,
    base_config: dict[str, Any],
    data: Path,
    workdir: Path,
    full_models: dict[str, TrainResult],
) -> dict[str, dict[str, Any]]:
    """{key: results} for (a), (c) and stock; unavailable ones say why instead of guessing.

    (a) and stock are read from their full models (NLU + core), which the end-to-end runs
    use too; (c) is trained NLU-only.
    """
    config = pipelines.with_epochs(base_config, settings.epochs)
    results: dict[str, dict[str, Any]] = {}
    builders = {**pipelines.BUILDERS, "stock": pipelines.stock}
    for key, build in builders.items():
        candidate = build(config)
        entry: dict[str, Any] = {"description": candidate.description}
        results[key] = entry
        if key not in settings.pipelines:
            entry.update(status="skipped", reason="not part of this run (--tiny)")
            continue
        if key == "stock" and key not in full_models:
            entry.update(status="failed", reason="the stock model did not train (see the log)")
            continue
        reason = pipelines.unavailable_reason(key)
        if reason:
            entry.update(status="unavailable", reason=reason)
            continue
        try:
            if key in full_models:
                trained, entry["trained_as"] = full_models[key], "full model (NLU + core)"
            else:
                log.info("pipeline (%s): training", key)
                path = pipelines.write(candidate.config, workdir / f"config-{key}.yml")
                trained = train(path, data, DOMAIN, workdir / f"models-{key}", nlu_only=True)
                entry["trained_as"] = "NLU only"
            entry.update(train_seconds=trained.seconds, train_peak_rss_mb=trained.peak_rss_mb)
            entry["model_mb"] = size_mb(trained.model)
            log.info("pipeline (%s): measuring", key)
            entry.update(_measure(trained.model, settings))
            entry["status"] = "ok"
            if key == "a" and settings.accuracy_seeds:
                baseline = entry["accuracy"]["intent_accuracy"]
                entry["seed_spread"] = seeds.run(
                    candidate.config, data, workdir, settings.accuracy_seeds, baseline
                )
        except Exception as error:  # a broken candidate must not sink the whole report
            log.exception("pipeline (%s) failed", key)
            entry.update(status="failed", reason=f"{type(error).__name__}: {str(error)[-500:]}")
    _add_ratios(results)
    return results


def _add_ratios(results: dict[str, dict[str, Any]]) -> None:
    """Accuracy and parse latency of each configuration divided by (a)'s."""
    base = results.get("a", {})
    for entry in results.values():
        if entry.get("status") != "ok" or base.get("status") != "ok":
            entry["ratios_to_a"] = None
            continue
        entry["ratios_to_a"] = {
            "intent_accuracy": ratio(
                entry["accuracy"]["intent_accuracy"], base["accuracy"]["intent_accuracy"]
            ),
            "macro_f1": ratio(entry["accuracy"]["macro_f1"], base["accuracy"]["macro_f1"]),
            **{
                f"nlu_{q}": ratio(entry["nlu_latency_ms"][q], base["nlu_latency_ms"][q])
                for q in ("p50", "p95", "p99")
            },
        }
