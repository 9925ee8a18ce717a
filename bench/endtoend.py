"""End-to-end run: start the stack on the bench model, then 1 user and the load levels.

Measured twice: as `make run` starts it (one Rasa process), and scaled out as
`make run WORKERS=n` starts it (n Sanic workers sharing a Redis lock store).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from bench import load, stack
from bench.conversations import CONVERSATIONS
from bench.settings import BenchSettings

log = logging.getLogger(__name__)


def run(model: Path, workdir: Path, settings: BenchSettings) -> tuple[dict, dict[str, Any]]:
    """(e2e section, stack facts of the default configuration for the cost section)."""
    default, facts = _measure(model, workdir / "stack", settings, workers=1)
    e2e: dict[str, Any] = {**default, "conversations": [list(c) for c in CONVERSATIONS]}
    workers = settings.scaled_workers
    if workers > 1 and not stack.redis_available():
        reason = "redis-server is not installed (make redis-deps)"
        e2e["scaled"] = {"status": "skipped", "workers": workers, "reason": reason}
    elif workers > 1:
        scaled, scaled_facts = _measure(model, workdir / "stack-scaled", settings, workers)
        e2e["scaled"] = {
            "status": "ok",
            "workers": workers,
            "lock_store": "redis",
            **scaled,
            **scaled_facts,
        }
    return e2e, facts


def _measure(
    model: Path, workdir: Path, settings: BenchSettings, workers: int
) -> tuple[dict[str, Any], dict[str, Any]]:
    """1 user, then each load level, against one launch. Peak RSS is read before shutdown."""
    with stack.running(model, workdir, settings.server_start_timeout_s, workers=workers) as bot:
        log.info("%d worker(s): stack up after %.1f s; single user", workers, bot.cold_start_s)
        args = (settings.level_time_budget_s, settings.request_timeout_s)
        single = load.single_user(
            bot.rasa_url,
            CONVERSATIONS,
            settings.single_user_messages,
            settings.e2e_warmup_conversations,
            *args,
        )
        levels = []
        for users in settings.load_levels:
            log.info("%d worker(s), load: %d users", workers, users)
            levels.append(
                load.run_level(
                    bot.rasa_url, users, CONVERSATIONS, settings.messages_per_level, *args
                )
            )
        facts = {
            "cold_start_s": bot.cold_start_s,
            "rasa_peak_rss_mb": stack.peak_rss_mb(bot.rasa.pid),
            "rasa_total_peak_rss_mb": stack.total_peak_rss_mb(bot.rasa.pid),
            "action_peak_rss_mb": stack.peak_rss_mb(bot.actions.pid),
        }
    return {"single_user": single, "load": levels}, facts
