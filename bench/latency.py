"""NLU parse latency in-process: the cost of one `agent.parse_message`, no HTTP, no actions."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rasa.core.agent import Agent

from bench.stats import summary_ms


def load_agent(model: Path) -> tuple[Agent, float]:
    """The agent and its load time in seconds (TensorFlow graph build included)."""
    started = time.perf_counter()
    agent = Agent.load(str(model))
    return agent, round(time.perf_counter() - started, 2)


def parse_all(agent: Agent, texts: Sequence[str]) -> list[dict[str, Any]]:
    """Parse results in input order."""

    async def run() -> list[dict[str, Any]]:
        return [await agent.parse_message(text) for text in texts]

    return asyncio.run(run())


def parse_latency(agent: Agent, corpus: Sequence[str], warmup: int) -> dict[str, Any]:
    """p50/p95/p99 over `corpus`, after `warmup` untimed parses (first calls trace TF graphs)."""

    async def run() -> list[float]:
        for text in corpus[:warmup]:
            await agent.parse_message(text)
        timings = []
        for text in corpus:
            started = time.perf_counter()
            await agent.parse_message(text)
            timings.append(time.perf_counter() - started)
        return timings

    stats = summary_ms(asyncio.run(run()))
    stats["mean_chars"] = round(sum(map(len, corpus)) / len(corpus), 1) if corpus else None
    return stats
