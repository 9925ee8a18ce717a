"""Start the real bot (action server + Rasa server with the trained model) for e2e tests."""

from __future__ import annotations

import hashlib
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from bench.stack import free_port, running

ROOT = Path(__file__).resolve().parents[2]

__all__ = ["ROOT", "Stack", "free_port", "running_bot", "web_sender"]

_WEB_SENDER = re.compile(r"web-[0-9a-f]{32}")


def web_sender(name: str) -> str:
    """The widget's sender-id form for a readable test name (the REST channel requires it)."""
    if _WEB_SENDER.fullmatch(name):
        return name
    return "web-" + hashlib.md5(name.encode("utf-8")).hexdigest()


@dataclass
class Stack:
    rasa_url: str
    action_url: str
    workdir: Path

    def rest(self, sender: str, message: str, timeout: float = 60.0) -> list[dict[str, Any]]:
        """Send one message over the REST channel; return the bot's messages."""
        response = httpx.post(
            f"{self.rasa_url}/webhooks/rest/webhook",
            json={"sender": web_sender(sender), "message": message},
            timeout=timeout,
        )
        response.raise_for_status()
        return response.json()

    def rest_text(self, sender: str, message: str) -> str:
        return "\n".join(m.get("text", "") for m in self.rest(sender, message))


@contextmanager
def running_bot(
    credentials: dict[str, Any] | None = None,
    env: dict[str, str] | None = None,
    cors: str | None = None,
    workers: int = 1,
) -> Iterator[Stack]:
    """Run both servers on free ports with a throw-away SQLite tracker store.

    The launcher is bench/stack.py's, so tests and benchmark start the bot the same way;
    logs stay verbose here, for debugging a failed test.
    """
    workdir = Path(tempfile.mkdtemp(prefix="navi-e2e-"))
    with running(
        ROOT / "models",
        workdir,
        workers=workers,
        credentials=credentials,
        env=env,
        cors=cors,
        quiet=False,
        first_answer=False,
    ) as stack:
        yield Stack(stack.rasa_url, stack.action_url, workdir)
