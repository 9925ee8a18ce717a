"""Run sizes for the full benchmark and for the quick smoke-test configuration."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"
HELDOUT = ROOT / "tests" / "nlu" / "heldout.yml"
DATA = ROOT / "bot" / "data"
CONFIG = ROOT / "config.yml"
DOMAIN = ROOT / "domain.yml"
RESULTS = ROOT / "bench" / "results"


@dataclass(frozen=True)
class BenchSettings:
    """How much to measure. Every loop is bounded by a count and a time budget."""

    tiny: bool
    out_dir: Path
    # Training: None keeps config.yml's epochs; examples_per_intent=None keeps all data.
    epochs: int | None
    examples_per_intent: int | None
    pipelines: tuple[str, ...]
    # In tiny mode (a) is read from the full model instead of a second NLU-only training.
    separate_nlu_training_for_a: bool
    # (a) is retrained NLU-only with these extra seeds to show accuracy's spread.
    accuracy_seeds: tuple[int, ...]
    nlu_warmup: int
    nlu_messages: int
    e2e_warmup_conversations: int
    single_user_messages: int
    load_levels: tuple[int, ...]
    # The e2e run is repeated with this many Sanic workers and a Redis lock store (1: skip).
    scaled_workers: int
    # Each concurrency level sends about this many messages, as whole conversations.
    messages_per_level: int
    level_time_budget_s: float
    request_timeout_s: float
    server_start_timeout_s: float


def full(out_dir: Path = RESULTS) -> BenchSettings:
    """The configuration behind the numbers in the README."""
    return BenchSettings(
        tiny=False,
        out_dir=out_dir,
        epochs=None,
        examples_per_intent=None,
        pipelines=("a", "b", "c"),
        separate_nlu_training_for_a=True,
        accuracy_seeds=(1, 2),
        nlu_warmup=30,
        nlu_messages=600,
        e2e_warmup_conversations=2,
        single_user_messages=200,
        load_levels=(10, 50),
        scaled_workers=2,
        messages_per_level=300,
        level_time_budget_s=180.0,
        request_timeout_s=15.0,
        server_start_timeout_s=300.0,
    )


def tiny(out_dir: Path) -> BenchSettings:
    """Seconds, not minutes: proves the tool produces a complete report (no ginza)."""
    return BenchSettings(
        tiny=True,
        out_dir=out_dir,
        epochs=1,
        examples_per_intent=3,
        pipelines=("a", "b"),
        separate_nlu_training_for_a=False,
        accuracy_seeds=(1,),
        nlu_warmup=3,
        nlu_messages=20,
        e2e_warmup_conversations=1,
        single_user_messages=6,
        load_levels=(2, 4),
        scaled_workers=2,
        messages_per_level=8,
        level_time_budget_s=60.0,
        request_timeout_s=30.0,
        server_start_timeout_s=240.0,
    )
