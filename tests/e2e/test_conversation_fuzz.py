"""Conversation fuzzer: hundreds of random whole conversations over REST, real servers.

Every turn must get at least one non-empty message back, and after each conversation a
normal question must still be answered correctly. A failure prints the seed and the
conversation, so it can be replayed (FUZZ_SEED=<seed>) and turned into a regression test.
The log files of the run must contain none of the messages sent.
"""

from __future__ import annotations

import os
import random
import time
from dataclasses import dataclass, field

import pytest

from tests.e2e.fuzz_inputs import TurnPicker
from tests.support.stack import Stack

SEED = int(os.environ.get("FUZZ_SEED", "20261201"))
CONVERSATIONS = int(os.environ.get("FUZZ_CONVERSATIONS", "300"))
TIME_BUDGET_S = float(os.environ.get("FUZZ_TIME_BUDGET_S", "900"))
CHECK_QUESTION = "海外から警告状が届いた"
CHECK_PROGRAM = "防衛型侵害対策支援事業"


@dataclass
class FuzzRun:
    """What the run saw, for the report and the log check."""

    conversations: int = 0
    turns: int = 0
    empty: int = 0
    errors: int = 0
    latencies_ms: list[float] = field(default_factory=list)
    sent: set[str] = field(default_factory=set)
    failures: list[str] = field(default_factory=list)


def _texts(messages: list[dict]) -> list[str]:
    return [str(m.get("text") or "") for m in messages if str(m.get("text") or "").strip()]


def _offered(messages: list[dict]) -> list[str]:
    return [b["payload"] for m in messages for b in m.get("buttons") or [] if b.get("payload")]


def _transcript(seed: int, index: int, turns: list[tuple[str, list[str]]]) -> str:
    lines = [f"seed={seed} conversation={index}"]
    for sent, replies in turns:
        lines.append(f"  user: {sent[:80]!r}")
        lines += [f"  bot:  {r[:80]!r}" for r in replies] or ["  bot:  <NO REPLY>"]
    return "\n".join(lines)


@pytest.fixture(scope="module")
def fuzz_run(bot: Stack) -> FuzzRun:
    rng = random.Random(SEED)
    picker = TurnPicker(rng)
    run = FuzzRun()
    deadline = time.monotonic() + TIME_BUDGET_S
    for index in range(CONVERSATIONS):
        if time.monotonic() > deadline:
            break
        sender = f"fuzz-{SEED}-{index}"
        turns: list[tuple[str, list[str]]] = []
        offered: list[str] = []
        for turn in range(rng.randint(3, 12)):
            text = picker.first() if turn == 0 else picker.next(offered)
            started = time.monotonic()
            try:
                messages = bot.rest(sender, text, timeout=30)
            except Exception as exc:  # a crash is a finding, not an abort
                run.errors += 1
                messages = []
                turns.append((text, [f"<{type(exc).__name__}>"]))
            else:
                turns.append((text, _texts(messages)))
            run.latencies_ms.append((time.monotonic() - started) * 1000)
            run.turns += 1
            run.sent.add(text)
            if not _texts(messages):
                run.empty += 1
                run.failures.append(_transcript(SEED, index, turns))
                break
            offered = _offered(messages)
        check = _texts(bot.rest(sender, CHECK_QUESTION, timeout=30))
        turns.append((CHECK_QUESTION, check))
        if not any(CHECK_PROGRAM in t for t in check):
            run.failures.append(_transcript(SEED, index, turns))
        run.conversations += 1
    latencies = sorted(run.latencies_ms)
    p99 = latencies[int(0.99 * (len(latencies) - 1))] if latencies else 0.0
    print(
        f"\nfuzzer: seed {SEED}, {run.conversations} conversations, {run.turns} turns, "
        f"{run.empty} empty replies, {run.errors} crashes, p99 {p99:.0f} ms per turn"
    )
    return run


def test_every_turn_gets_a_reply_and_the_conversation_goes_on(fuzz_run: FuzzRun) -> None:
    assert fuzz_run.conversations >= min(CONVERSATIONS, 300) or TIME_BUDGET_S < 900
    assert not fuzz_run.failures, "\n\n".join(fuzz_run.failures[:5])
    assert fuzz_run.empty == 0 and fuzz_run.errors == 0


def test_the_logs_carry_none_of_the_messages_sent(fuzz_run: FuzzRun, bot: Stack) -> None:
    logs = "\n".join(
        path.read_text(encoding="utf-8", errors="replace")
        for path in (bot.workdir / "rasa.log", bot.workdir / "actions.log")
        if path.exists()
    )
    # Short answers (はい, 大阪です) can occur in logs by coincidence; sentences cannot.
    leaked = [t for t in fuzz_run.sent if len(t.strip()) >= 8 and t in logs]
    assert not leaked, f"{len(leaked)} messages found in the logs, e.g. {leaked[0][:60]!r}"
