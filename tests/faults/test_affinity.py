"""A widget conversation stays on one Rasa process; other requests spread over all.

The widget names its conversation in the query, and nginx hashes on it
(deploy/nginx/navi.conf), so the process keeps the conversation's tracker between turns
instead of loading it again. Read from nginx's access log, which records the upstream
that answered each request.
"""

from __future__ import annotations

import re

import httpx

from launcher.topology import Scaled
from tests.faults.widget_client import WidgetClient
from tests.support.stack import web_sender

TURNS = ("海外から警告状が届いた", "締切は？", "補助率は？", "問い合わせ先は？") * 2
_UPSTREAM = re.compile(r'" \d{3} (\S+) ')


def _upstreams(log: str, needle: str) -> set[str]:
    return {m.group(1) for line in log.splitlines() if needle in line
            for m in [_UPSTREAM.search(line)] if m}  # fmt: skip


def test_a_conversation_stays_on_one_process(scaled_out: Scaled, facts) -> None:
    bot = scaled_out.topology
    assert bot is not None and bot.nginx is not None
    widget = WidgetClient(bot.public_url, "127.0.3.5")
    try:
        replies = [widget.send("affinity", text) for text in TURNS]
    finally:
        widget.close()
    assert all(r.messages for r in replies)
    assert facts["defence_phone"] in replies[0].text
    for index in range(12):  # LINE, Slack and other clients send no conversation id
        # Each from an address of its own, as many users are: no rate limit applies.
        transport = httpx.HTTPTransport(local_address=f"127.0.4.{index + 1}")
        with httpx.Client(transport=transport, timeout=30) as plain:
            body = {"sender": web_sender(f"spread-{index}"), "message": "こんにちは"}
            plain.post(f"{bot.public_url}/webhooks/rest/webhook", json=body).raise_for_status()
    log = (bot.nginx.workdir / "access.log").read_text(encoding="utf-8")
    mine = _upstreams(log, f"sender={web_sender('affinity')}")
    assert len(mine) == 1, f"one conversation went to {mine}"
    spread = _upstreams(log, "127.0.4.")
    assert len(spread) == len(bot.rasa) == 2, f"requests without a conversation: {spread}"
