"""End-to-end load over the REST channel with asyncio + aiohttp (locust conflicts with Rasa's pins).

aiohttp (a Rasa dependency) rather than httpx: the load generator shares the two cores
with the servers, and aiohttp costs a fraction of httpx's CPU per request.

Each virtual user is a browser of its own: its own sender ids and its own loopback
address (127.20.x.y), so nginx's per-client limits treat it as the real user it stands
for. Every request goes through NLU, the policies, the tracker store and (for program
answers) the action server.

Two load models:
- closed loop: each user sends its next message as soon as the answer arrives (capacity);
- think time: each user thinks 5-20 s between messages, like a person (how many
  concurrent conversations the machine holds at p99 <= 1 s).

Every loop is bounded by a message count and a time budget.
"""

from __future__ import annotations

import asyncio
import hashlib
import math
import random
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import aiohttp

from bench.stats import summary_ms

REST_PATH = "/webhooks/rest/webhook"


def user_address(user: int) -> str:
    """A loopback address of this user's own (the whole 127/8 is loopback on Linux)."""
    return f"127.20.{user // 250 % 250}.{user % 250 + 1}"


@dataclass
class LevelResult:
    """What happened at one load level."""

    users: int
    latencies: list[float] = field(default_factory=list)
    failures: int = 0
    empty_replies: int = 0
    skipped: int = 0
    errors: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    # Every answered request, warm-up included: the CPU of a level is read over all of
    # them, so CPU per turn must be divided by all of them, not by the timed ones only.
    answered: int = 0

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
            "answered_incl_warmup": max(self.answered, ok),
            **{k: v for k, v in summary_ms(self.latencies).items() if k != "n"},
        }


def _client(user: int, users: int, timeout_s: float) -> aiohttp.ClientSession:
    """One browser: one keep-alive connection from the user's own address."""
    connector = aiohttp.TCPConnector(local_addr=(user_address(user), 0), limit=1)
    return aiohttp.ClientSession(
        connector=connector, timeout=aiohttp.ClientTimeout(total=timeout_s)
    )


def web_sender(name: str) -> str:
    """The widget's sender-id form (web- and 32 hex digits), stable for a name."""
    return "web-" + hashlib.md5(name.encode("utf-8")).hexdigest()


async def _send(
    client: aiohttp.ClientSession,
    url: str,
    sender: str,
    text: str,
    result: LevelResult | None,
    tally: LevelResult | None = None,
) -> None:
    """One request; its latency counts in ``result``, its answer in ``tally`` (warm-up too)."""
    started = time.perf_counter()
    try:
        # As the widget does: the conversation in the query keeps it on one process.
        params = {"sender": sender}
        body = {"sender": sender, "message": text}
        async with client.post(url, params=params, json=body) as response:
            if response.status != 200:
                raise _StatusError(response.status)
            body = await response.json(content_type=None)
        elapsed = time.perf_counter() - started
        if tally is not None:
            tally.answered += 1
        if result is not None:
            result.empty_replies += 0 if body else 1
            result.latencies.append(elapsed)
    except (aiohttp.ClientError, asyncio.TimeoutError, ValueError, _StatusError) as error:
        if result is not None:
            result.failures += 1
            name = (
                f"HTTP {error.status}" if isinstance(error, _StatusError) else type(error).__name__
            )
            result.errors[name] = result.errors.get(name, 0) + 1


class _StatusError(Exception):
    def __init__(self, status: int) -> None:
        super().__init__(status)
        self.status = status


def conversations_per_user(
    conversations: Sequence[Sequence[str]], users: int, messages: int
) -> int:
    """Whole conversations per user so that the level sends about `messages` messages."""
    mean_turns = sum(map(len, conversations)) / len(conversations)
    return max(1, math.ceil(messages / (users * mean_turns)))


def plan(conversations: Sequence[Sequence[str]], user: int, count: int) -> list[Sequence[str]]:
    """User `user`'s conversations, rotated so concurrent users say different things."""
    return [conversations[(user + i) % len(conversations)] for i in range(count)]


async def _closed_loop(
    base_url: str,
    users: int,
    conversations: Sequence[Sequence[str]],
    per_user: int,
    budget_s: float,
    timeout_s: float,
) -> LevelResult:
    result = LevelResult(users)
    run = uuid.uuid4().hex[:8]
    url = base_url + REST_PATH
    started = time.monotonic()
    deadline = started + budget_s

    async def user(u: int) -> None:
        async with _client(u, users, timeout_s) as client:
            for index, conversation in enumerate(plan(conversations, u, per_user)):
                sender = web_sender(f"bench-{run}-u{u}-c{index}")
                for text in conversation:
                    if time.monotonic() > deadline:
                        result.skipped += 1
                        continue
                    await _send(client, url, sender, text, result)

    await asyncio.gather(*(user(u) for u in range(users)))
    result.seconds = time.monotonic() - started
    return result


def run_level(
    base_url: str,
    users: int,
    conversations: Sequence[Sequence[str]],
    messages: int,
    budget_s: float,
    timeout_s: float,
) -> dict[str, Any]:
    """Closed loop: `users` concurrent users, about `messages` messages in whole conversations."""
    per_user = conversations_per_user(conversations, users, messages)
    return asyncio.run(
        _closed_loop(base_url, users, conversations, per_user, budget_s, timeout_s)
    ).as_dict()


def single_user(
    base_url: str,
    conversations: Sequence[Sequence[str]],
    messages: int,
    warmup_conversations: int,
    budget_s: float,
    timeout_s: float,
) -> dict[str, Any]:
    """One user, one request at a time: pure latency, after untimed warm-up conversations."""
    url = base_url + REST_PATH

    async def run() -> LevelResult:
        result = LevelResult(1)
        async with _client(0, 1, timeout_s) as client:
            for i in range(warmup_conversations):
                for text in conversations[i % len(conversations)]:
                    await _send(client, url, f"bench-warm-{uuid.uuid4().hex[:8]}", text, None)
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


@dataclass(frozen=True)
class ThinkTime:
    """A person's pace: think `low`-`high` seconds before each message."""

    low: float = 5.0
    high: float = 20.0

    @property
    def mean(self) -> float:
        return (self.low + self.high) / 2


def think_time_level(
    base_url: str,
    users: int,
    conversations: Sequence[Sequence[str]],
    think: ThinkTime,
    warmup_s: float,
    measure_s: float,
    timeout_s: float,
    seed: int = 7,
) -> dict[str, Any]:
    """`users` concurrent conversations at a person's pace; latencies after the warm-up.

    Users start spread over one mean think time, so the load ramps up instead of
    arriving at once. Requests sent during the warm-up are not counted; none starts
    after warm-up + measure.
    """
    url = base_url + REST_PATH
    rng = random.Random(seed)
    run = uuid.uuid4().hex[:8]

    async def main() -> LevelResult:
        result = LevelResult(users)
        started = time.monotonic()
        counting_from = started + warmup_s
        deadline = counting_from + measure_s

        async def user(u: int) -> None:
            await asyncio.sleep(rng.uniform(0, think.mean))
            async with _client(u, users, timeout_s) as client:
                index = 0
                while time.monotonic() < deadline:
                    sender = web_sender(f"bench-think-{run}-u{u}-c{index}")
                    for text in conversations[(u + index) % len(conversations)]:
                        if time.monotonic() >= deadline:
                            return
                        counted = time.monotonic() >= counting_from
                        await _send(client, url, sender, text, result if counted else None, result)
                        pause = rng.uniform(think.low, think.high)
                        await asyncio.sleep(min(pause, max(0.0, deadline - time.monotonic())))
                    index += 1

        await asyncio.gather(*(user(u) for u in range(users)))
        result.seconds = measure_s
        return result

    return asyncio.run(main()).as_dict()
