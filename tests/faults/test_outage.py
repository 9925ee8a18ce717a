"""PostgreSQL or Redis is briefly unavailable: users are asked, politely and at once, to
send again (never a hang, never a 500), and service comes back by itself."""

from __future__ import annotations

import time
from collections.abc import Callable

import httpx

from bot.stores import BUSY_TEXT
from launcher.topology import Scaled
from tests.faults.widget_client import WidgetClient

# The widget gives up after 45 s; the bot must answer well before that.
CLIENT_TIMEOUT_S = 10.0


def _answer_within_limit(client: WidgetClient, sender: str, message: str) -> httpx.Response:
    """One POST that must complete (httpx raises past CLIENT_TIMEOUT_S: a hang fails)."""
    return client.post_once(sender, message)


def _recovers(client: WidgetClient, sender: str, expected: str, budget_s: float = 60) -> str:
    """Send the follow-up until it is answered normally (bounded); return the answer.

    Sent as the widget sends, with its retries: nginx may limit this one client's rate
    (429) after the burst of the outage, and the widget waits and sends again.
    """
    deadline = time.monotonic() + budget_s
    text = ""
    while time.monotonic() < deadline:
        text = client.send(sender, "締切は？").text
        if expected in text:
            return text
        time.sleep(1)
    return text


def _outage(
    scaled_out: Scaled, facts: dict[str, str], name: str, down: Callable[[], None],
    up: Callable[[], None],
) -> None:  # fmt: skip
    bot = scaled_out.topology
    assert bot is not None
    # A loopback address per outage: one test's requests do not use up the next one's
    # allowance in nginx's per-client rate limit.
    address = {"postgres": "127.0.3.1", "redis": "127.0.3.2"}[name]
    client = WidgetClient(bot.public_url, address, timeout=CLIENT_TIMEOUT_S)
    sender = f"outage-{name}"
    try:
        before = client.send(sender, "海外から警告状が届いた")
        assert facts["defence_program"] in before.text
        down()
        try:
            answers = [_answer_within_limit(client, f"{sender}-{n}", "締切は？") for n in range(3)]
            during = _answer_within_limit(client, sender, "締切は？")
        finally:
            up()
        for response in [*answers, during]:
            assert response.status_code == 200, response.text
            assert [m.get("text") for m in response.json()] == [BUSY_TEXT]
        # The turn the user was asked to repeat was not half-saved: the context is intact.
        after = _recovers(client, sender, facts["defence_program"])
        assert facts["defence_program"] in after
    finally:
        client.close()


def test_postgresql_outage_gets_a_polite_busy_reply_and_recovers(
    scaled_out: Scaled, facts: dict[str, str]
) -> None:
    postgres = scaled_out.postgres
    assert postgres is not None
    _outage(scaled_out, facts, "postgres", postgres.stop, postgres.start)


def test_redis_outage_gets_a_polite_busy_reply_and_recovers(
    scaled_out: Scaled, facts: dict[str, str]
) -> None:
    redis = scaled_out.redis
    assert redis is not None
    _outage(scaled_out, facts, "redis", redis.stop, redis.start)
