"""Soak and long conversations: memory must stay flat and a turn must not slow down.

- Soak: at least 20,000 messages over many short conversations against the scaled
  topology (a one-hour run compressed), sampling the memory of every process. Growth is
  the last sample against the one after the warm-up (the first tenth), for three
  measures: RSS summed per process (it counts PostgreSQL's shared buffers once per
  backend, so it grows as more backends touch the same cache), PSS (each shared page
  divided among its users: the memory really held; the target reads this one) and
  private anonymous memory (RssAnon, where a leak shows).
- Long conversation: one user, 200 turns; the median latency of the last turns against
  the first. Rasa rebuilds the tracker from its events on every turn, so this shows
  whether a turn's cost grows with the conversation.

`python -m bench.soak` runs both on models/ (`make soak`); `make bench` includes them.
"""

from __future__ import annotations

import json
import logging
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import httpx

from bench import load
from bench.conversations import CONVERSATIONS
from bench.endtoend import BENCH_EDGE
from bench.load import web_sender
from bench.settings import RESULTS, BenchSettings, full
from launcher import processes, topology
from launcher.paths import MODELS

log = logging.getLogger(__name__)

# Turns the bot answers today, cycled: program answers, follow-ups, prefecture routing.
LONG_TURNS = ("海外から警告状が届いた", "締切は？", "補助率は？", "問い合わせ先は？",
              "外国出願の補助金", "大阪です", "申請方法は？", "ありがとう")  # fmt: skip


MEASURES = {"rss_mb": processes.rss_mb, "pss_mb": processes.pss_mb,
            "private_mb": processes.private_mb}  # fmt: skip


def _memory(bot: topology.Topology, measure: str) -> dict[str, float]:
    families = bot.families().items()
    by_role = {role: MEASURES[measure](pids) for role, pids in families if pids}
    return {**by_role, "total": round(sum(by_role.values()), 1)}


def _growth(warm: dict[str, float], last: dict[str, float]) -> dict[str, float]:
    kept = [(role, mb) for role, mb in warm.items() if mb and role in last]
    return {role: round((last[role] - mb) / mb * 100, 2) for role, mb in kept}


def soak(bot: topology.Topology, settings: BenchSettings) -> dict[str, Any]:
    """Closed-loop users until soak_messages are answered; RSS after every chunk."""
    samples: list[dict[str, Any]] = []
    sent = failures = 0
    started = time.monotonic()
    while sent < settings.soak_messages:
        level = load.run_level(
            bot.public_url, settings.soak_users, CONVERSATIONS, settings.soak_sample_every,
            settings.level_time_budget_s, settings.request_timeout_s,
        )  # fmt: skip
        sent += level["requests"]
        failures += level["failures"]
        sample = {"messages": sent, "p99": level["p99"]}
        sample.update({measure: _memory(bot, measure) for measure in MEASURES})
        samples.append(sample)
        log.info("soak: %d messages, PSS %.0f MiB", sent, sample["pss_mb"]["total"])
    warm = samples[max(0, len(samples) // 10 - 1)]
    last = samples[-1]
    return {
        "messages": sent,
        "failures": failures,
        "users": settings.soak_users,
        "seconds": round(time.monotonic() - started, 1),
        "baseline_at_messages": warm["messages"],
        "rss_growth_percent": _growth(warm["rss_mb"], last["rss_mb"]),
        "pss_growth_percent": _growth(warm["pss_mb"], last["pss_mb"]),
        "private_growth_percent": _growth(warm["private_mb"], last["private_mb"]),
        "samples": samples,
    }


def long_conversation(base_url: str, turns: int, window: int, timeout_s: float) -> dict[str, Any]:
    """One sender, `turns` turns; median latency of the first and the last `window`."""
    sender = web_sender(f"bench-long-{uuid.uuid4().hex[:8]}")
    latencies = []
    with httpx.Client(timeout=timeout_s) as client:
        for n in range(turns):
            started = time.perf_counter()
            reply = client.post(
                base_url + load.REST_PATH,
                params={"sender": sender},  # as the widget sends it (deploy/nginx/navi.conf)
                json={"sender": sender, "message": LONG_TURNS[n % len(LONG_TURNS)]},
            )
            latencies.append(time.perf_counter() - started)
            reply.raise_for_status()
    first = statistics.median(latencies[:window]) * 1000
    last = statistics.median(latencies[-window:]) * 1000
    return {
        "turns": turns,
        "window": window,
        "first_median_ms": round(first, 1),
        "last_median_ms": round(last, 1),
        "last_over_first": round(last / first, 2),
    }


def run(model: Path, settings: BenchSettings) -> dict[str, Any]:
    """Long conversations on both topologies, then the soak on the scaled one."""
    result: dict[str, Any] = {}
    args = (settings.long_turns, settings.long_window, settings.request_timeout_s)
    single_dir = Path(tempfile.mkdtemp(prefix="bench-long-"))
    with topology.embedded(single_dir, model=model) as bot:
        log.info("long conversation, 1 process")
        result["long_conversation_single"] = long_conversation(bot.public_url, *args)
    shutil.rmtree(single_dir, ignore_errors=True)
    scaled_dir = Path(tempfile.mkdtemp(prefix="bench-soak-"))
    controller = topology.Scaled(
        scaled_dir,
        settings.scaled_processes,
        BENCH_EDGE,
        start_timeout=settings.server_start_timeout_s,
        model=model,
    )
    try:
        bot = controller.start()
        log.info("long conversation, scaled")
        result["long_conversation_scaled"] = long_conversation(bot.public_url, *args)
        log.info("soak: %d messages", settings.soak_messages)
        result["soak"] = soak(bot, settings)
    finally:
        controller.stop()
        shutil.rmtree(scaled_dir, ignore_errors=True)
    return result


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s soak: %(message)s")
    for noisy in ("httpx", "rasa"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    result = run(MODELS, full())
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "soak.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    summary = {k: v for k, v in result.items() if k != "soak"}
    summary["soak"] = {k: v for k, v in result["soak"].items() if k != "samples"}
    print(json.dumps(summary, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
