"""End-to-end load over the REST channel with asyncio + httpx (locust conflicts with Rasa's pins).

Each virtual user plays whole conversations under its own sender id, so every request goes
through NLU, the policies, the tracker store and (for program answers) the action server.
Bounded twice: a fixed number of conversations per user, and a time budget after which no
new request starts.
"""

from __future__ import annotations

import asyncio
import math
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx

from bench.stats import summary_ms


@dataclass
class LevelResult:
    """What happened at one concurrency level."""

    users: int
    latencies: list[float] = field(default_factory=list)
    failures: int = 0
    empty_replies: int = 0
    skipped: int = 0
    errors: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready summary: msgs/s counts answered requests only."""
        ok = len(self.latencies)
        return {
            "users": self.users,
            "requests": ok + self.failures,
            "ok": ok,
            "failures": self.failures,
            "empty_replies": self.empty_replies,
            "not_sent_time_budget": self.skipped,
            "errors": self.errors,
            "seconds": round(self.seconds, 2),
            "msgs_per_s": round(ok / self.seconds, 2) if self.seconds else None,
            **{k: v for k, v in summary_ms(self.latencies).items() if k != "n"},
        }


async def _send(
    client: httpx.AsyncClient, url: str, sender: str, text: str, result: LevelResult
) -> None:
    started = time.perf_counter()
    try:
        response = await client.post(url, json={"sender": sender, "message": text})
        elapsed = time.perf_counter() - started
        response.raise_for_status()
        if not response.json():
            result.empty_replies += 1
        result.latencies.append(elapsed)
    except (httpx.HTTPError, ValueError) as error:
        result.failures += 1
        name = type(error).__name__
        result.errors[name] = result.errors.get(name, 0) + 1


async def _user(
    client: httpx.AsyncClient,
    url: str,
    user: str,
    conversations: Sequence[Sequence[str]],
    deadline: float,
    result: LevelResult,
) -> None:
    for index, conversation in enumerate(conversations):
        sender = f"web-{uuid.uuid5(uuid.NAMESPACE_URL, f'{user}-c{index}').hex}"
        for text in conversation:
            if time.monotonic() > deadline:
                result.skipped += 1
                continue
            await _send(client, url, sender, text, result)


def conversations_per_user(
    conversations: Sequence[Sequence[str]], users: int, messages: int
) -> int:
    """Whole conversations per user so that the level sends about `messages` messages."""
    mean_turns = sum(map(len, conversations)) / len(conversations)
    return max(1, math.ceil(messages / (users * mean_turns)))


def plan(conversations: Sequence[Sequence[str]], user: int, count: int) -> list[Sequence[str]]:
    """User `user`'s conversations, rotated so concurrent users say different things."""
    return [conversations[(user + i) % len(conversations)] for i in range(count)]


async def _level(
    url: str,
    users: int,
    conversations: Sequence[Sequence[str]],
    per_user: int,
    budget_s: float,
    timeout_s: float,
) -> LevelResult:
    result = LevelResult(users)
    run = uuid.uuid4().hex[:8]
    limits = httpx.Limits(max_connections=users, max_keepalive_connections=users)
    async with httpx.AsyncClient(timeout=timeout_s, limits=limits) as client:
        started = time.monotonic()
        deadline = started + budget_s
        await asyncio.gather(
            *(
                _user(
                    client,
                    url,
                    f"bench-{run}-u{u}",
                    plan(conversations, u, per_user),
                    deadline,
                    result,
                )
                for u in range(users)
            )
        )
        result.seconds = time.monotonic() - started
    return result


def run_level(
    rasa_url: str,
    users: int,
    conversations: Sequence[Sequence[str]],
    messages: int,
    budget_s: float,
    timeout_s: float,
) -> dict[str, Any]:
    """Run `users` concurrent users, about `messages` messages in whole conversations."""
    url = f"{rasa_url}/webhooks/rest/webhook"
    per_user = conversations_per_user(conversations, users, messages)
    return asyncio.run(_level(url, users, conversations, per_user, budget_s, timeout_s)).as_dict()


def single_user(
    rasa_url: str,
    conversations: Sequence[Sequence[str]],
    messages: int,
    warmup_conversations: int,
    budget_s: float,
    timeout_s: float,
) -> dict[str, Any]:
    """One user, one request at a time: pure latency, after untimed warm-up conversations."""
    url = f"{rasa_url}/webhooks/rest/webhook"

    async def run() -> LevelResult:
        warm = LevelResult(1)
        result = LevelResult(1)
        async with httpx.AsyncClient(timeout=timeout_s) as client:
            for i in range(warmup_conversations):
                for text in conversations[i % len(conversations)]:
                    await _send(client, url, f"web-{uuid.uuid4().hex}", text, warm)
            started = time.monotonic()
            deadline = started + budget_s
            sent, index = 0, 0
            while sent < messages and time.monotonic() < deadline:
                sender = f"web-{uuid.uuid4().hex}"
                for text in conversations[index % len(conversations)]:
                    if sent >= messages:
                        break
                    await _send(client, url, sender, text, result)
                    sent += 1
                index += 1
            result.seconds = time.monotonic() - started
        return result

    return asyncio.run(run()).as_dict()
