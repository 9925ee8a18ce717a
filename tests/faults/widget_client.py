"""A client that behaves like the chat widget: its own address, and the widget's retries.

web/static/widget.js re-sends a message while the server cannot be reached (network
error, 429, 502, 503, 504) after the delays in RETRY_DELAYS_MS, then gives up and offers
「再送信」. The delays are read from widget.js, so these tests follow the real widget.
A message is *lost* when it got neither a reply nor an error the widget can retry.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from typing import Any

import httpx

from launcher.paths import ROOT
from tests.support.stack import web_sender

RETRYABLE_STATUS = {429, 502, 503, 504}


def widget_retry_delays() -> list[float]:
    """RETRY_DELAYS_MS of web/static/widget.js, in seconds."""
    source = (ROOT / "web" / "static" / "widget.js").read_text(encoding="utf-8")
    match = re.search(r"RETRY_DELAYS_MS\s*=\s*\[([0-9,\s]+)\]", source)
    assert match, "widget.js no longer defines RETRY_DELAYS_MS"
    return [int(v) / 1000 for v in match.group(1).split(",") if v.strip()]


@dataclass
class Outcome:
    """What happened to one user message."""

    messages: list[dict[str, Any]] | None
    attempts: int
    status: int | None = None

    @property
    def text(self) -> str:
        return "\n".join(m.get("text", "") for m in self.messages or [])


@dataclass
class WidgetClient:
    """One browser: requests leave from `address`, a loopback address of its own."""

    base_url: str
    address: str = "127.0.0.1"
    timeout: float = 45.0
    delays: list[float] = field(default_factory=widget_retry_delays)

    def __post_init__(self) -> None:
        transport = httpx.HTTPTransport(local_address=self.address)
        self.client = httpx.Client(transport=transport, timeout=self.timeout)
        self.failed_attempts = 0

    def post_once(self, sender: str, message: str) -> httpx.Response:
        """One POST, with the sender id in the widget's form (the REST channel requires it),
        in the body and, as the widget sends it, in the query (the edge's affinity)."""
        return self.client.post(
            f"{self.base_url}/webhooks/rest/webhook",
            params={"sender": web_sender(sender)},
            json={"sender": web_sender(sender), "message": message},
        )

    def send(self, sender: str, message: str) -> Outcome:
        """Send with the widget's retries; messages is None if the widget gave up."""
        for attempts, delay in enumerate([*self.delays, None], start=1):
            try:
                response = self.post_once(sender, message)
            except httpx.TransportError:
                status = None
            else:
                if response.status_code not in RETRYABLE_STATUS:
                    ok = response.status_code == 200
                    return Outcome(response.json() if ok else None, attempts, response.status_code)
                status = response.status_code
            self.failed_attempts += 1
            if delay is None:
                return Outcome(None, attempts, status)
            time.sleep(delay)
        raise AssertionError("unreachable")

    def close(self) -> None:
        self.client.close()
