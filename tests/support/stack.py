"""Start the real bot for e2e tests: the launcher's embedded topology on free ports.

Tests and benchmark start processes through the one launcher (launcher/); logs stay
verbose here, for debugging a failed test. Scaled-topology tests use
launcher.topology.scaled directly (tests/faults/).
"""

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

from launcher.paths import ROOT
from launcher.processes import free_port
from launcher.topology import embedded

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
    """Action server + Rasa server with models/, a throw-away SQLite tracker store.

    credentials=None enables the REST channel only.
    """
    workdir = Path(tempfile.mkdtemp(prefix="navi-e2e-"))
    with embedded(
        workdir,
        workers=workers,
        credentials=credentials
        if credentials is not None
        else {"bot.channels.rest.RestInput": None},
        env=env,
        cors=cors,
        quiet=False,
        first_answer=False,
    ) as bot:
        yield Stack(bot.public_url, bot.action_url, workdir)
