"""Slack against the real bot: Rasa's Slack channel, Slack's Web API stubbed."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import uuid
from typing import Any, Iterator
from urllib.parse import parse_qs

import httpx
import pytest

from tests.conftest import SLACK_SIGNING_SECRET, SLACK_TOKEN
from tests.support.stack import Stack
from tests.support.stubs import RecordedRequest, RecordingStub

POST_MESSAGE = "/chat.postMessage"
DEFENCE_PROGRAM = "防衛型侵害対策支援事業"


def signed_headers(raw: bytes, timestamp: int | None = None) -> dict[str, str]:
    """Slack's v0 signature: HMAC-SHA256 of ``v0:{timestamp}:{body}``."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    base = f"v0:{ts}:".encode() + raw
    digest = hmac.new(SLACK_SIGNING_SECRET.encode(), base, hashlib.sha256).hexdigest()
    return {
        "Content-Type": "application/json",
        "X-Slack-Request-Timestamp": ts,
        "X-Slack-Signature": f"v0={digest}",
    }


def message_event(user: str, channel: str, text: str) -> bytes:
    """An Events API ``message`` in a direct message with the app."""
    ts = f"{time.time():.6f}"
    payload = {
        "token": "verification-token-unused",
        "team_id": "T0001",
        "api_app_id": "A0001",
        "event": {
            "type": "message",
            "channel": channel,
            "channel_type": "im",
            "user": user,
            "text": text,
            "ts": ts,
            "event_ts": ts,
        },
        "type": "event_callback",
        "event_id": "Ev" + uuid.uuid4().hex[:10].upper(),
        "event_time": int(time.time()),
        "authorizations": [{"user_id": "UBOT0001", "is_bot": True}],
    }
    return json.dumps(payload, ensure_ascii=False).encode("utf-8")


def posted(request: RecordedRequest) -> dict[str, Any]:
    """A chat.postMessage call's arguments, JSON or form encoded."""
    try:
        return request.json()
    except ValueError:
        return {k: v[0] for k, v in parse_qs(request.body.decode()).items()}


class SlackWorkspace:
    def __init__(self, stack: Stack, stub: RecordingStub) -> None:
        self.url = f"{stack.rasa_url}/webhooks/slack/webhook"
        self.stub = stub

    def post(self, raw: bytes, headers: dict[str, str]) -> httpx.Response:
        return httpx.post(self.url, content=raw, headers=headers, timeout=10)

    def posts_to(self, channel: str) -> list[dict[str, Any]]:
        calls = [posted(r) for r in self.stub.requests if r.path == POST_MESSAGE]
        return [c for c in calls if c.get("channel") == channel]

    def wait_text(self, channel: str, needle: str = "", timeout: float = 90) -> str:
        def found(_: Any) -> bool:
            return any(needle in str(c.get("text")) for c in self.posts_to(channel))

        self.stub.wait_for(found, timeout)
        text = "\n".join(str(c.get("text")) for c in self.posts_to(channel))
        assert needle in text and text, f"no answer reached channel {channel}"
        return text


def new_id(prefix: str) -> str:
    return prefix + uuid.uuid4().hex[:10].upper()


@pytest.fixture
def slack(bot: Stack, slack_stub: RecordingStub) -> Iterator[SlackWorkspace]:
    slack_stub.clear()
    slack_stub.routes[POST_MESSAGE] = (200, {"ok": True, "channel": "D0", "ts": "1.0"})
    yield SlackWorkspace(bot, slack_stub)


def test_signed_message_gets_the_bots_answer(slack: SlackWorkspace) -> None:
    user, channel = new_id("U"), new_id("D")
    raw = message_event(user, channel, "海外から警告状が届いた")
    response = slack.post(raw, signed_headers(raw))
    assert response.status_code == 200
    assert DEFENCE_PROGRAM in slack.wait_text(channel, DEFENCE_PROGRAM)
    request = next(r for r in slack.stub.requests if r.path == POST_MESSAGE)
    assert request.headers["Authorization"] == f"Bearer {SLACK_TOKEN}"


def test_bad_signature_and_stale_timestamp_are_rejected(slack: SlackWorkspace) -> None:
    user, channel = new_id("U"), new_id("D")
    raw = message_event(user, channel, "海外から警告状が届いた")
    forged = {**signed_headers(raw), "X-Slack-Signature": "v0=" + "0" * 64}
    assert slack.post(raw, forged).status_code == 400
    stale = signed_headers(raw, timestamp=int(time.time()) - 6 * 60)
    assert slack.post(raw, stale).status_code == 400
    # A genuine message afterwards is answered in its own channel; nothing went to ours.
    other = new_id("D")
    genuine = message_event(user, other, "ありがとう")
    assert slack.post(genuine, signed_headers(genuine)).status_code == 200
    slack.wait_text(other)
    assert slack.posts_to(channel) == []


def test_retry_gives_no_second_answer(slack: SlackWorkspace) -> None:
    user, channel = new_id("U"), new_id("D")
    raw = message_event(user, channel, "海外から警告状が届いた")
    assert slack.post(raw, signed_headers(raw)).status_code == 200
    slack.wait_text(channel, DEFENCE_PROGRAM)
    settled = new_id("D")  # a later message from the same user: the first is complete
    marker = message_event(user, settled, "ありがとう")
    slack.post(marker, signed_headers(marker))
    slack.wait_text(settled)
    answered = len(slack.posts_to(channel))

    retry = {
        **signed_headers(raw),
        "X-Slack-Retry-Num": "1",
        "X-Slack-Retry-Reason": "http_timeout",
    }
    response = slack.post(raw, retry)
    assert response.status_code in (200, 201)
    assert response.headers.get("X-Slack-No-Retry") == "1"
    after = new_id("D")
    marker = message_event(user, after, "ありがとう")
    slack.post(marker, signed_headers(marker))
    slack.wait_text(after)
    assert len(slack.posts_to(channel)) == answered


def test_url_verification_challenge(slack: SlackWorkspace) -> None:
    raw = json.dumps(
        {
            "token": "unused",
            "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
            "type": "url_verification",
        }
    ).encode()
    response = slack.post(raw, signed_headers(raw))
    assert response.status_code == 200
    assert response.json() == "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P"
