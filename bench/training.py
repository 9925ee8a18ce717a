"""Train from scratch in a subprocess: fresh output dir and fresh component cache.

Rasa reuses cached components from $RASA_CACHE_DIRECTORY (default ~/.rasa/cache) and skips
training when a model with the same fingerprint exists in --out, so both point at new
temporary directories here; otherwise "time to train" would measure a cache hit.
A subprocess also gives an honest wall time (imports included, as for `make train`) and
its own peak RSS via wait4().
"""

from __future__ import annotations

import os
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.settings import BIN, ROOT
from launcher.processes import base_environment


@dataclass(frozen=True)
class TrainResult:
    """The trained model file, wall time and the trainer's peak RSS."""

    model: Path
    seconds: float
    peak_rss_mb: float


def train(
    config: Path, data: Path, domain: Path, out: Path, *, nlu_only: bool, timeout: float = 3600
) -> TrainResult:
    """`rasa train [nlu]` into `out` with a throw-away cache; raises with the log on failure."""
    out.mkdir(parents=True, exist_ok=True)
    cache = Path(tempfile.mkdtemp(prefix="bench-cache-", dir=out))
    command = [str(BIN / "rasa"), "train"]
    command += ["nlu", "--nlu", str(data)] if nlu_only else ["--data", str(data)]
    command += ["--config", str(config), "--domain", str(domain), "--out", str(out), "--quiet"]
    log = out / "train.log"
    started = time.perf_counter()
    with log.open("wb") as handle:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=base_environment({"RASA_CACHE_DIRECTORY": str(cache)}),
            stdout=handle,
            stderr=subprocess.STDOUT,
        )
        status, rusage = _wait(process, timeout)
    seconds = time.perf_counter() - started
    models = sorted(out.glob("*.tar.gz"))
    if status != 0 or not models:
        raise RuntimeError(f"training failed ({status}):\n{log.read_text()[-3000:]}")
    return TrainResult(models[-1], round(seconds, 1), round(rusage.ru_maxrss / 1024, 1))


def _wait(process: subprocess.Popen, timeout: float) -> tuple[int, os.struct_rusage]:
    """wait4() gives this child's own peak RSS, unlike getrusage(RUSAGE_CHILDREN)."""
    deadline = time.monotonic() + timeout
    while True:
        pid, status, rusage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            process.returncode = os.waitstatus_to_exitcode(status)
            return process.returncode, rusage
        if time.monotonic() > deadline:
            process.kill()
            raise TimeoutError(f"training did not finish in {timeout:.0f} s")
        time.sleep(0.2)
