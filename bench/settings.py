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
    # (a) is retrained NLU-only with these extra seeds to show accuracy's spread.
    accuracy_seeds: tuple[int, ...]
    # Stock Rasa 3.6 is the CPU-per-turn baseline. Its networks, and so its inference cost,
    # do not depend on epochs; at 100 epochs its training took over 35 minutes here.
    stock_epochs: int
    nlu_warmup: int
    nlu_messages: int
    e2e_warmup_conversations: int
    single_user_messages: int
    # Closed-loop levels (users) for "single" and "scaled", and for "stock".
    load_levels: tuple[int, ...]
    stock_load_levels: tuple[int, ...]
    scaled_processes: int
    # Each closed-loop level sends about this many messages, as whole conversations.
    messages_per_level: int
    level_time_budget_s: float
    # Think-time model: seconds between messages, warm-up and measured window, probes.
    think_s: tuple[float, float]
    think_warmup_s: float
    think_measure_s: float
    think_probes: int
    think_min_users: int
    # Soak (scaled topology): messages, closed-loop users, RSS sample interval.
    soak_messages: int
    soak_users: int
    soak_sample_every: int
    # One long conversation: turns, and how many at each end are compared.
    long_turns: int
    long_window: int
    request_timeout_s: float
    server_start_timeout_s: float


def full(out_dir: Path = RESULTS) -> BenchSettings:
    """The configuration behind the numbers in the README."""
    return BenchSettings(
        tiny=False,
        out_dir=out_dir,
        epochs=None,
        examples_per_intent=None,
        pipelines=("a", "b", "c", "stock"),
        accuracy_seeds=(1, 2),
        stock_epochs=5,
        nlu_warmup=30,
        nlu_messages=600,
        e2e_warmup_conversations=2,
        single_user_messages=200,
        load_levels=(10, 50),
        stock_load_levels=(10,),
        scaled_processes=2,
        messages_per_level=400,
        level_time_budget_s=180.0,
        think_s=(5.0, 20.0),
        think_warmup_s=25.0,
        think_measure_s=45.0,
        think_probes=3,
        think_min_users=50,
        soak_messages=20_000,
        soak_users=20,
        soak_sample_every=1_000,
        long_turns=200,
        long_window=10,
        request_timeout_s=15.0,
        server_start_timeout_s=300.0,
    )


def tiny(out_dir: Path) -> BenchSettings:
    """Minutes, not an hour: proves the tool produces a complete report (no ginza, no stock)."""
    return BenchSettings(
        tiny=True,
        out_dir=out_dir,
        epochs=1,
        examples_per_intent=3,
        pipelines=("a",),
        accuracy_seeds=(1,),
        stock_epochs=1,
        nlu_warmup=3,
        nlu_messages=20,
        e2e_warmup_conversations=1,
        single_user_messages=6,
        load_levels=(2, 4),
        stock_load_levels=(2,),
        scaled_processes=2,
        messages_per_level=8,
        level_time_budget_s=60.0,
        think_s=(0.2, 0.6),
        think_warmup_s=1.0,
        think_measure_s=3.0,
        think_probes=1,
        think_min_users=4,
        soak_messages=60,
        soak_users=4,
        soak_sample_every=20,
        long_turns=12,
        long_window=3,
        request_timeout_s=30.0,
        server_start_timeout_s=240.0,
    )
