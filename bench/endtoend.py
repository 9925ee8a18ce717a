"""End-to-end run: start the stack on the bench model, then 1 user and the load levels."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from bench import load, stack
from bench.conversations import CONVERSATIONS
from bench.settings import BenchSettings

log = logging.getLogger(__name__)


def run(model: Path, workdir: Path, settings: BenchSettings) -> tuple[dict, dict[str, Any]]:
    """(e2e section, stack facts for the cost section). Peak RSS is read before shutdown."""
    with stack.running(model, workdir, settings.server_start_timeout_s) as bot:
        log.info("stack up after %.1f s; single user", bot.cold_start_s)
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
            log.info("load: %d users", users)
            levels.append(
                load.run_level(
                    bot.rasa_url, users, CONVERSATIONS, settings.messages_per_level, *args
                )
            )
        facts = {
            "cold_start_s": bot.cold_start_s,
            "rasa_peak_rss_mb": stack.peak_rss_mb(bot.rasa.pid),
            "action_peak_rss_mb": stack.peak_rss_mb(bot.actions.pid),
        }
    e2e = {
        "single_user": single,
        "load": levels,
        "conversations": [list(c) for c in CONVERSATIONS],
    }
    return e2e, facts
