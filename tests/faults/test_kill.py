"""A Rasa process is killed with SIGKILL while 20 users talk: nobody loses a message.

nginx re-sends the dead process's in-flight requests to the survivor and stops routing
to it; the widget retries what still failed. Conversations keep their context (the
program slot and the prefecture form), because it lives in PostgreSQL.
"""

from __future__ import annotations

import json
import os
import signal
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from launcher.paths import ROOT
from launcher.topology import Scaled
from tests.faults.widget_client import WidgetClient

USERS = 20
KILL_AFTER_S = 6.0
LOAD_FOR_S = 20.0
# A person reads the answer before typing again. Without a pause, the asyncio scheduler
# answers a few users several times a second; they then exceed nginx's per-address limit
# (CHAT_RATE, burst CHAT_BURST) and get 429, which this test would count as lost.
THINK_S = 1.0


@dataclass
class Tally:
    sent: int = 0
    answered_first_time: int = 0
    recovered_by_retry: int = 0
    lost: int = 0
    wrong_context: list[str] = field(default_factory=list)
    lost_status: Counter = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)


def conversations(facts: dict[str, str]) -> list[list[tuple[str, str]]]:
    """(message, fact the answer must contain): the follow-ups need the context."""
    return [
        [
            ("海外から警告状が届いた", facts["defence_phone"]),
            ("締切は？", facts["defence_program"]),
        ],
        [("外国出願の補助金", ""), ("大阪です", facts["osaka_phone"])],
    ]


def user(n: int, base_url: str, facts: dict[str, str], stop_at: float, tally: Tally) -> None:
    client = WidgetClient(base_url, f"127.0.1.{n + 1}")
    plans = conversations(facts)
    round_ = 0
    try:
        while time.monotonic() < stop_at:
            sender = f"kill-u{n}-r{round_}"
            for message, expected in plans[(n + round_) % len(plans)]:
                outcome = client.send(sender, message)
                with tally.lock:
                    tally.sent += 1
                    if outcome.messages is None:
                        tally.lost += 1
                        tally.lost_status[f"{outcome.status} after {outcome.attempts}"] += 1
                    elif outcome.attempts == 1:
                        tally.answered_first_time += 1
                    else:
                        tally.recovered_by_retry += 1
                    if outcome.messages is not None and expected not in outcome.text:
                        tally.wrong_context.append(f"{message} -> {outcome.text[:80]}")
                time.sleep(THINK_S)
            round_ += 1
    finally:
        client.close()


def test_sigkill_of_a_rasa_process_under_load_loses_nothing(
    scaled_out: Scaled, facts: dict[str, str]
) -> None:
    bot = scaled_out.topology
    assert bot is not None
    tally = Tally()
    stop_at = time.monotonic() + LOAD_FOR_S
    with ThreadPoolExecutor(max_workers=USERS) as pool:
        futures = [
            pool.submit(user, n, bot.public_url, facts, stop_at, tally) for n in range(USERS)
        ]
        time.sleep(KILL_AFTER_S)
        victim = bot.rasa[0]
        sent_before_kill = tally.sent
        os.kill(victim.pid, signal.SIGKILL)
        for future in futures:
            future.result()
    report = {
        "users": USERS,
        "messages": tally.sent,
        "sent_before_kill": sent_before_kill,
        "answered_first_time": tally.answered_first_time,
        "failed_then_recovered_by_widget_retry": tally.recovered_by_retry,
        "lost": tally.lost,
        "wrong_context": len(tally.wrong_context),
        "lost_by_last_status": dict(tally.lost_status),
    }
    out = ROOT / "results" / "faults"
    out.mkdir(parents=True, exist_ok=True)
    (out / "kill.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print("kill test:", report)
    # Like systemd's Restart=always: the process comes back and takes traffic again.
    scaled_out.restart_rasa(0)
    assert tally.sent > sent_before_kill > 0, report
    assert tally.lost == 0, report
    assert not tally.wrong_context, tally.wrong_context[:5]
