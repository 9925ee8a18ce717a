"""`python -m bench [--tiny] [--out DIR]`: measure; write latest.json, summary.md, chart.png.

Accuracy, latency, load (closed loop and think time), CPU per turn, memory, soak and the
kill/restart tests, for the embedded and the scaled topology, with stock Rasa 3.6 as the
baseline. The shared machine makes wall times noisy; CPU per turn is the steadier figure.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")
os.environ.setdefault("RASA_TELEMETRY_ENABLED", "false")

from rasa.utils.log_utils import configure_structlog

from bench import (
    chart,
    compare,
    cost,
    endtoend,
    faults,
    machine,
    pipelines,
    report,
    settings,
    soak,
    understanding,
)
from bench.data import subset
from bench.recommend import recommend
from bench.targets import evaluate

log = logging.getLogger("bench")


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--tiny", action="store_true", help="quick smoke configuration")
    parser.add_argument("--out", type=Path, help="result directory (default bench/results)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary work dir")
    parser.add_argument(
        "--render-only", action="store_true", help="re-render summary and chart from latest.json"
    )
    return parser.parse_args(argv)


def measure(run: settings.BenchSettings, workdir: Path) -> dict[str, Any]:
    """Every measurement, one after another, so they never disturb each other."""
    report_data: dict[str, Any] = {
        "generated_at": dt.datetime.now().isoformat(timespec="seconds"),
        "mode": "tiny" if run.tiny else "full",
        "machine": machine.describe(),
        "settings": {k: str(v) if isinstance(v, Path) else v
                     for k, v in dataclasses.asdict(run).items()},
    }  # fmt: skip
    data = settings.DATA
    if run.examples_per_intent:
        data = subset(settings.DATA, workdir / "data", run.examples_per_intent)
    base = pipelines.load_config(settings.CONFIG)
    config = pipelines.with_epochs(base, run.epochs)
    log.info("training the full model from scratch")
    full = cost.train_full(pipelines.write(config, workdir / "config-a.yml"), data,
                           workdir / "models-full")  # fmt: skip
    full_models = {"a": full}
    if "stock" in run.pipelines:
        log.info("training stock Rasa 3.6's default config (%d epochs)", run.stock_epochs)
        stock_config = pipelines.with_epochs(pipelines.stock(config).config, run.stock_epochs)
        try:
            full_models["stock"] = cost.train_full(
                pipelines.write(stock_config, workdir / "config-stock.yml"), data,
                workdir / "models-stock",
            )  # fmt: skip
        except Exception:  # the baseline failing must not sink the report
            log.exception("stock model failed to train")
    report_data["pipelines"] = compare.run(run, base, data, workdir, full_models)
    candidates = {k: v for k, v in report_data["pipelines"].items() if k != "stock"}
    report_data["recommendation"] = recommend(candidates)
    if not run.tiny:
        log.info("questions never trained on (real and development sets), over REST")
        report_data["understanding"] = understanding.run(full.model)
    log.info("end-to-end")
    stock = full_models.get("stock")
    report_data["e2e"] = endtoend.run(full.model, stock.model if stock else None, run)
    log.info("long conversations and soak")
    report_data["endurance"] = soak.run(full.model, run)
    if not run.tiny:
        log.info("fault tests (kill, restart)")
        report_data["faults"] = faults.run(full.model)
    report_data["cost"] = cost.summary(full, report_data["e2e"])
    report_data["machine"]["loadavg_end"] = machine.loadavg()
    report_data["targets"] = evaluate(report_data)
    return report_data


def _measure_into(out: Path, run: settings.BenchSettings, keep: bool) -> dict[str, Any]:
    out.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="bench-"))
    try:
        data = measure(run, workdir)
    finally:
        if keep:
            log.info("work dir kept: %s", workdir)
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    report.write_json(data, out / "latest.json")
    return data


def main(argv: list[str] | None = None) -> int:
    """Run, write the three outputs, print the summary."""
    args = _arguments(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s bench: %(message)s")
    for noisy in ("rasa", "tensorflow", "absl", "httpx"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    # Unconfigured, structlog prints Rasa's per-message debug events in-process, which
    # would be timed as parse latency; `rasa run --quiet` filters them the same way.
    configure_structlog(logging.WARNING)
    out = args.out or settings.RESULTS
    if args.render_only:
        data = report.read_json(out / "latest.json")
    else:
        run = settings.tiny(out) if args.tiny else settings.full(out)
        data = _measure_into(out, run, args.keep)
    summary = report.markdown(data)
    (out / "summary.md").write_text(summary, encoding="utf-8")
    chart.draw(data, out / "chart.png")
    print(summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())
