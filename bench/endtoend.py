"""End-to-end runs: start a topology through the launcher, then load it and measure.

Configurations, each started fresh:
- "single": `make run` (one Rasa process, SQLite);
- "scaled": deploy/'s topology (nginx, Rasa processes, PostgreSQL, Redis);
- "stock": one process with stock Rasa 3.6's default pipeline and policies, trained on
  the same data, for the CPU-per-turn ratio.

CPU milliseconds per user turn are the CPU time of every process of the topology (Rasa,
actions, nginx, PostgreSQL, Redis; /proc, workers and backends included) during a load
level, divided by the turns answered. Unlike wall time, it does not drift with the
shared machine's load.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench import load
from bench.conversations import CONVERSATIONS
from bench.settings import BenchSettings
from launcher import processes, topology

log = logging.getLogger(__name__)

# Closed-loop users are robots that send the next message at once, far above a person's
# pace, so nginx's per-client limit is raised for the benchmark: it measures capacity.
# tests/faults/test_edge.py shows the limit itself at deploy/navi.env's values.
BENCH_EDGE = {"CHAT_RATE": "1000r/s", "CHAT_BURST": "1000"}

LABELS = {
    "single": "1 process (make run: SQLite)",
    "scaled": "scaled (nginx, 2 Rasa processes, PostgreSQL, Redis)",
    "stock": "stock Rasa 3.6 default config, 1 process",
}


@contextmanager
def start(kind: str, model: Path, workdir: Path, settings: BenchSettings) -> Iterator[Any]:
    """A running topology of this kind on `model`."""
    if kind == "scaled":
        controller = topology.Scaled(
            workdir,
            settings.scaled_processes,
            BENCH_EDGE,
            start_timeout=settings.server_start_timeout_s,
            model=model,
        )
        try:
            yield controller.start()
        finally:
            controller.stop()
        return
    with topology.embedded(
        workdir, model=model, start_timeout=settings.server_start_timeout_s
    ) as bot:
        yield bot


def measured(bot: topology.Topology, work: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """Run `work` (a load level) and add the CPU ms per answered turn, by role."""
    before, cpu_self = bot.cpu_seconds(), time.process_time()
    result = work()
    after = bot.cpu_seconds()
    used = {role: after[role] - before.get(role, 0.0) for role in after}
    # A think-time level's CPU includes its untimed warm-up requests: divide by all answered.
    ok = result.get("answered_incl_warmup") or result.get("ok") or 0
    result["cpu_s"] = {role: round(v, 2) for role, v in used.items() if v > 0}
    result["cpu_ms_per_turn"] = round(sum(used.values()) * 1000 / ok, 1) if ok else None
    result["cpu_ms_per_turn_by_role"] = (
        {role: round(v * 1000 / ok, 2) for role, v in used.items() if v > 0} if ok else None
    )
    result["load_generator_cpu_ms_per_turn"] = (
        round((time.process_time() - cpu_self) * 1000 / ok, 2) if ok else None
    )
    return result


def think_time_capacity(
    bot: topology.Topology, settings: BenchSettings, closed_loop_rate: float | None
) -> dict[str, Any]:
    """Most concurrent conversations held at p99 <= 1 s, users thinking 5-20 s.

    Starts from what the closed-loop throughput allows at 70 % use, then steps up while
    p99 holds and down while it does not, a few probes at most.
    """
    think = load.ThinkTime(*settings.think_s)
    rate = closed_loop_rate or 10.0
    users = max(settings.think_min_users, int(0.7 * rate * think.mean) // 10 * 10)
    probes: list[dict[str, Any]] = []
    best: int | None = None
    for _ in range(settings.think_probes):
        log.info("think time: %d concurrent conversations", users)
        level = measured(
            bot,
            lambda users=users: load.think_time_level(
                bot.public_url, users, CONVERSATIONS, think, settings.think_warmup_s,
                settings.think_measure_s, settings.request_timeout_s,
            ),
        )  # fmt: skip
        held = level["failures"] == 0 and level["p99"] is not None and level["p99"] <= 1000
        probes.append({**level, "held": held})
        if held:
            best = max(best or 0, users)
            users = int(users * 1.3) // 10 * 10
        else:
            users = int(users * 0.75) // 10 * 10
        if best is not None and any(p["users"] == users for p in probes):
            break
    return {
        "think_s": list(settings.think_s),
        "max_users_p99_1s": best,
        "probes": probes,
    }


def measure(kind: str, model: Path, settings: BenchSettings, levels: Sequence[int],
            think: bool) -> dict[str, Any]:  # fmt: skip
    """One configuration: 1 user, closed-loop levels, optionally the think-time search."""
    workdir = Path(tempfile.mkdtemp(prefix=f"bench-{kind}-"))
    args = (settings.level_time_budget_s, settings.request_timeout_s)
    entry: dict[str, Any] = {"label": LABELS[kind], "status": "ok"}
    with start(kind, model, workdir, settings) as bot:
        log.info("%s: up after %.1f s; single user", kind, bot.cold_start_s)
        entry["cold_start_s"] = bot.cold_start_s
        entry["single_user"] = load.single_user(
            bot.public_url, CONVERSATIONS, settings.single_user_messages,
            settings.e2e_warmup_conversations, *args,
        )  # fmt: skip
        entry["load"] = []
        for users in levels:
            log.info("%s: closed loop, %d users", kind, users)
            entry["load"].append(
                measured(
                    bot,
                    lambda users=users: load.run_level(
                        bot.public_url, users, CONVERSATIONS, settings.messages_per_level, *args
                    ),
                )
            )
        if think:
            rate = max((lv["msgs_per_s"] or 0 for lv in entry["load"]), default=None)
            entry["think_time"] = think_time_capacity(bot, settings, rate)
        families = bot.families()
        entry["rasa_processes"] = len(bot.rasa)
        entry["rasa_peak_rss_mb"] = processes.peak_rss_mb(families["rasa"])
        entry["rasa_total_peak_rss_mb"] = processes.total_peak_rss_mb(families["rasa"])
        entry["action_peak_rss_mb"] = processes.peak_rss_mb(families["actions"])
        entry["rss_mb_by_role"] = {
            role: processes.rss_mb(pids) for role, pids in families.items() if pids
        }
    shutil.rmtree(workdir, ignore_errors=True)
    return entry


def run(model: Path, stock_model: Path | None, settings: BenchSettings) -> dict[str, Any]:
    """The e2e section: every configuration, one after another (never two at once)."""
    e2e: dict[str, Any] = {"conversations": [list(c) for c in CONVERSATIONS], "configs": {}}
    configs = e2e["configs"]
    configs["single"] = measure("single", model, settings, settings.load_levels, think=True)
    configs["scaled"] = measure("scaled", model, settings, settings.load_levels, think=True)
    if stock_model is not None:
        configs["stock"] = measure(
            "stock", stock_model, settings, settings.stock_load_levels, think=False
        )
    return e2e
